"""The Difusión summary: the one page in which the CAS makes its results known
to the rest of the school's teachers and shares the school's results.

- The director writes it (`save_summary`): a headline, a message to
  colleagues, and which agreements kept to feature (none chosen: all of
  them). While it is a draft only the CAS's people read it.
- The director publishes it in the Difusión phase (`publish_summary`): the
  school's whole staff may read it from then on and each of them is told
  once; the Difusión milestone «make the CAS results known to the rest of
  the teachers» is completed with it as its evidence.
- A published summary may still be corrected by its director: it stays
  published, the correction shows at once, nobody is told again, and the
  audit trail keeps the headline before and after. It is never taken back:
  the school has read it, and the milestone it completed keeps its evidence.
- `summary_content` reads what the page and the poster show: the goals and
  their progress, the agreements kept and what the satellites add
  (`extensions.sections_for("summary", …)`), live, in a fixed number of
  queries.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from communities import access, extensions
from communities.access import Need
from communities.extensions import Section
from communities.models import Agreement, Community, DiffusionSummary, Event, Goal, MilestoneKind, Notification, User
from communities.models.diffusion import FEATURED_MAX
from communities.services import notices
from communities.services.audit import record_event
from communities.services.phases import complete_milestone_from_data

# --- Writes ----------------------------------------------------------------------------------


def kept_agreements(community: Community) -> QuerySet:
    """The agreements the CAS kept (done), the latest first: what the summary
    may feature."""
    return community.agreements.filter(status=Agreement.Status.DONE).order_by("-closed_at", "-pk")


@transaction.atomic
def save_summary(
    *, actor: User, community: Community, headline: str, message: str, agreements: Iterable[Agreement] = ()
) -> DiffusionSummary:
    """The director writes the summary's words and picks the agreements kept
    to feature (none: all of them). A published summary stays published: the
    correction shows at once and nobody is told again."""
    community = Community.objects.select_for_update().select_related("school").get(pk=community.pk)
    summary = DiffusionSummary.objects.filter(community=community).first() or DiffusionSummary(community=community)
    summary.community = community
    access.require(actor, summary, Need.MANAGE)
    if not community.is_active:
        raise ValidationError(_("This CAS is closed."))
    featured = _featured(community, agreements)
    before = summary.headline
    summary.headline = " ".join(headline.split())
    summary.message = message.replace("\r\n", "\n").strip()
    summary.updated_by = actor
    summary.full_clean(exclude=["community", "updated_by", "published_by"])
    summary.save()
    summary.featured_agreements.set(featured)
    if summary.is_published:
        verb, old = Event.Verb.SUMMARY_CORRECTED, before
    else:
        verb, old = Event.Verb.SUMMARY_WRITTEN, ""
    record_event(community=community, actor=actor, verb=verb, subject=summary.headline, old=old, new=summary.headline)
    return summary


def _featured(community: Community, agreements: Iterable[Agreement]) -> list[Agreement]:
    """The chosen agreements, checked to be this CAS's and kept (done)."""
    chosen = {agreement.pk for agreement in agreements}
    if len(chosen) > FEATURED_MAX:
        raise ValidationError(
            {
                "agreements": _("Choose at most %(count)s agreements: the summary fits on one page.")
                % {"count": FEATURED_MAX}
            }
        )
    found = list(kept_agreements(community).filter(pk__in=chosen))
    if len(found) != len(chosen):
        raise ValidationError({"agreements": _("Choose among the agreements this CAS has kept.")})
    return found


@transaction.atomic
def publish_summary(*, actor: User, community: Community) -> DiffusionSummary:
    """The director makes the summary known to the school, in the Difusión
    phase: every member of its staff may read it from now on and is told once
    the transaction commits; the Difusión milestone about making the results
    known is completed with it as evidence, if still pending. Publishing it
    again changes nothing and tells nobody twice."""
    community = Community.objects.select_for_update().select_related("school").get(pk=community.pk)
    found = DiffusionSummary.objects.select_for_update().filter(community=community).first()
    summary = found or DiffusionSummary(community=community)
    summary.community = community
    access.require(actor, summary, Need.MANAGE)
    if not summary.is_published:
        blockers = summary.publish_blockers()
        if blockers:
            raise ValidationError(blockers)
        summary.status = DiffusionSummary.Status.PUBLISHED
        summary.published_at = timezone.now()
        summary.published_by = actor
        summary.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        record_event(community=community, actor=actor, verb=Event.Verb.SUMMARY_PUBLISHED, subject=summary.headline)
        # The platform writes its evidence in the platform's language, whoever published.
        with translation.override(settings.LANGUAGE_CODE):
            evidence = _("%(name)s published the summary «%(headline)s» to the school's staff.") % {
                "name": actor.full_name,
                "headline": summary.headline,
            }
        complete_milestone_from_data(community=community, kind=MilestoneKind.RESULTS_TO_TEACHERS, evidence=evidence)
    # In the same transaction: the notices (and their e-mails in the outbox)
    # commit with the publication or not at all. The delivery ledger sends
    # each person one notice per summary, however often this runs.
    summary_published(summary=summary, actor=actor)
    return summary


def summary_key(summary: DiffusionSummary) -> str:
    return f"summary:{summary.pk}"


def summary_published(*, summary: DiffusionSummary, actor: User) -> int:
    """Every member of the school's staff (and the CAS's tutor) is told, in
    batches, once per summary and person. Returns how many were addressed."""
    community = summary.community
    headline = Truncator(summary.headline).chars(notices.QUOTED_LENGTH)
    return notices.notify_all(
        recipients=access.told_of_the_summary(community).iterator(),
        kind=Notification.Kind.SUMMARY_PUBLISHED,
        key=summary_key(summary),
        message=lambda: (
            _("The CAS of %(school)s shares its results with the school: «%(headline)s».")
            % {"school": community.school.name, "headline": headline}
        ),
        url=reverse("communities:summary", args=[community.pk]),
        actor=actor,
    )


# --- Reads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalLine:
    """A goal as the summary shows it: where its indicator started, where it
    is now, where it is going, and how much of the way it has gone."""

    goal: Goal
    percent: int
    status: str


@dataclass(frozen=True)
class SummaryContent:
    summary: DiffusionSummary
    goals: list[GoalLine]
    agreements: list[Agreement]  # the kept ones to show: those featured, or all of them
    kept: int  # agreements done
    agreed: int  # agreements not cancelled
    teachers: int
    sessions: int
    sections: list[Section]

    @property
    def community(self) -> Community:
        return self.summary.community


def summary_content(summary: DiffusionSummary) -> SummaryContent:
    """What the summary shows beside its director's words, read live: the
    community's own figures in six queries, then the satellites' sections
    (each a fixed number of its own)."""
    community = summary.community
    goals = list(
        community.goals.select_related("skill__dimension").prefetch_related("updates").order_by("due_date", "pk")
    )
    today = timezone.localdate()
    lines = [
        GoalLine(goal=goal, percent=int(goal.progress_ratio * 100), status=str(goal.Status(goal.status(today)).label))
        for goal in goals
    ]
    kept = list(kept_agreements(community).select_related("owner").annotate(featured=_featured_by(summary)))
    featured = [agreement for agreement in kept if agreement.featured]
    counts = community.agreements.aggregate(
        kept=Count("pk", filter=Q(status=Agreement.Status.DONE)),
        agreed=Count("pk", filter=~Q(status=Agreement.Status.CANCELLED)),
    )
    return SummaryContent(
        summary=summary,
        goals=lines,
        agreements=featured or kept,
        kept=counts["kept"],
        agreed=counts["agreed"],
        teachers=community.current_teacher_count(),
        sessions=community.meetings.past().count(),
        sections=extensions.sections_for("summary", community),
    )


def _featured_by(summary: DiffusionSummary):
    """Whether the director chose the agreement to feature (false for all
    while the summary is not written)."""
    through = DiffusionSummary.featured_agreements.through
    return Exists(through.objects.filter(diffusionsummary_id=summary.pk, agreement_id=OuterRef("pk")))
