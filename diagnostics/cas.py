"""What the diagnostic adds to the CAS, through communities.extensions (the
core never imports this app):

- a panel on the goal page: the dimension a goal was set from, its baseline
  score and, once a seguimiento of the same school and version has answers, its
  new score and the change (groups under 5 responses never shown);
- a panel beside the home page's journal question about the diagnostic
  (`ResultsPrompt`): the school's latest closed results;
- the labels of its verbs in the audit trail;
- the reminder of a campaign about to close, to the school's directors.

The Integración milestone «Diagnóstico» is completed by `services.close_campaign`
through the core's `complete_milestone_from_data`, not by a MilestoneProof: a
proof would forbid ticking it by hand for every school, also those that applied
the diagnostic on paper outside the platform."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Exists
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from communities import access, extensions
from communities.access import Need
from communities.models import Channel, Community, School
from communities.services.delivery import Delivery
from diagnostics.models import Campaign, Dimension, GoalDimension, ResultsPrompt
from diagnostics.scoring import ALL_AUDIENCES, SUPPRESSED, Change, Score, campaign_groups, overall_of, score_of
from diagnostics.services import VERBS


def active_community(school: School) -> Community | None:
    """The school's active CAS (the newest school year's, should it have two)."""
    return Community.objects.active().filter(school=school).order_by("-school_year", "-pk").first()


def dimension_scores(campaign: Campaign, dimension: Dimension) -> list[Score]:
    """The dimension's score per audience that answered it, from the campaign's
    sums (cached once it is closed)."""
    groups = [group for group in campaign_groups(campaign) if group.dimension_id == dimension.pk]
    return [score_of(campaign, dimension, group.audience, [group]) for group in groups]


def overall_score(campaign: Campaign, dimension: Dimension) -> Score:
    """The dimension's all-audiences figure, as the results page shows it."""
    return overall_of(campaign, dimension, dimension_scores(campaign, dimension))


def dimension_change(baseline: Campaign, follow_up: Campaign, dimension: Dimension) -> Change:
    """The change of the dimension's all-audiences mean, added up over the
    audiences shown on both sides (as `scoring.compare` does)."""
    before = {s.audience: s for s in dimension_scores(baseline, dimension) if not s.suppressed}
    after = {s.audience: s for s in dimension_scores(follow_up, dimension) if not s.suppressed}
    both = sorted(before.keys() & after.keys())
    return Change(
        dimension=dimension,
        audience=ALL_AUDIENCES,
        before=score_of(baseline, dimension, ALL_AUDIENCES, (g for a in both for g in before[a]._groups)),
        after=score_of(follow_up, dimension, ALL_AUDIENCES, (g for a in both for g in after[a]._groups)),
    )


def suggested_target(baseline: Decimal) -> Decimal:
    return min(Decimal(5), baseline + Decimal("0.5"))


@dataclass(frozen=True)
class GoalPanel:
    link: GoalDimension
    baseline: Score
    follow_up: Campaign | None
    change: Change | None


def goal_panel(request, goal) -> dict | None:
    """The dimension a goal was set from: one query for a goal without one;
    for one with it, the follow-up campaign and its sums (live while it is
    open, cached once closed)."""
    link = GoalDimension.objects.filter(goal=goal).select_related("dimension", "campaign__version").first()
    if link is None:
        return None
    baseline = link.campaign
    follow_up = (
        Campaign.objects.filter(
            school_id=baseline.school_id,
            version_id=baseline.version_id,
            kind=Campaign.Kind.FOLLOW_UP,
            opens_on__gte=baseline.opens_on,
        )
        .exclude(pk=baseline.pk)
        .order_by("-opens_on", "-pk")
        .first()
    )
    change = None
    if follow_up is not None:
        follow_up.version = baseline.version
        change = dimension_change(baseline, follow_up, link.dimension)
    panel = GoalPanel(link, overall_score(baseline, link.dimension), follow_up, change)
    return {"diagnostic": panel, "suppressed": SUPPRESSED}


def prompt_panel(request, prompt) -> dict | None:
    """Beside a journal question about the diagnostic: the latest closed results
    of a school where the person is in the CAS, if they may see them."""
    if prompt is None:
        return None
    campaign = (
        Campaign.objects.filter(
            Exists(ResultsPrompt.objects.filter(prompt=prompt)),
            status=Campaign.Status.CLOSED,
            school__in=Community.objects.active().with_member(request.user).values("school_id"),
        )
        .select_related("school")
        .order_by("-closes_on", "-pk")
        .first()
    )
    if campaign is None or not access.allows(request.user, campaign.school, Need.SEE_DIAGNOSTIC):
        return None
    return {"results_campaign": campaign}


def community_panel(request, community) -> dict:
    """On the CAS page, which only its readers reach (and they may see their
    school's diagnostic): the latest campaign and the way to the others. The
    template reads the page's permissions for who runs it. One query."""
    latest = Campaign.objects.filter(school_id=community.school_id).order_by("-opens_on", "-pk").first()
    return {"school": community.school, "latest": latest}


def register() -> None:
    extensions.register(extensions.Panel(page="goal", template="diagnostics/_goal_panel.html", context=goal_panel))
    extensions.register(
        extensions.Panel(page="community", template="diagnostics/_community_panel.html", context=community_panel)
    )
    extensions.register(
        extensions.Panel(page="prompt", template="diagnostics/_prompt_panel.html", context=prompt_panel)
    )
    for code, label in VERBS.items():
        extensions.register(extensions.EventVerb(code=code, label=label))
    register_reminders()


# --- The reminder of a campaign about to close ---------------------------------------------------

CAMPAIGN_CLOSING = "campaign_closing"
CLOSING_NOTICE_DAYS = 2


def campaigns_closing(now) -> Iterator[Delivery]:
    """The directors of each school whose open campaign closes within two days,
    with its response rate per audience (counted in one query per campaign)."""
    today = timezone.localdate(now)
    closing = Campaign.objects.filter(
        status=Campaign.Status.OPEN, closes_on__gte=today, closes_on__lte=today + timedelta(days=CLOSING_NOTICE_DAYS)
    ).select_related("school")
    for campaign in closing:
        rates = [(row.get_audience_display(), row.response_rate) for row in campaign.audiences.with_counts()]
        url = reverse("diagnostics:campaign", args=[campaign.pk])
        for person_id in access.staff_with_role(campaign.school, "director").values_list("pk", flat=True):
            yield Delivery(
                kind=CAMPAIGN_CLOSING,
                recipient_id=person_id,
                key=f"{CAMPAIGN_CLOSING}:{campaign.pk}:{person_id}:{campaign.closes_on.isoformat()}",
                message=lambda c=campaign, rates=rates: (
                    _("The %(kind)s of the diagnostic closes on %(day)s. Answered so far: %(rates)s.")
                    % {
                        "kind": c.get_kind_display().lower(),
                        "day": formats.date_format(c.closes_on, "DATE_FORMAT"),
                        "rates": ", ".join(f"{name} {rate} %" for name, rate in rates),
                    }
                ),
                url=url,
                notice_key=f"{CAMPAIGN_CLOSING}:{campaign.pk}",
            )


def register_reminders() -> None:
    extensions.register(
        extensions.NoticeKind(
            code=CAMPAIGN_CLOSING,
            label=pgettext_lazy("notice", "Diagnostic closing soon"),
            defaults={"": Channel.EMAIL},
            due=campaigns_closing,
        )
    )
