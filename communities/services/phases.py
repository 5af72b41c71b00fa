from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from communities import access, extensions
from communities.access import Need
from communities.models import (
    Community,
    Event,
    Meeting,
    Milestone,
    MilestoneKind,
    Phase,
    PhaseReview,
    User,
)
from communities.models.goals import plain
from communities.services import notices
from communities.services.audit import record_event

# --- Milestones the core's own data proves ---------------------------------------------------


def _goals_set(community: Community) -> str:
    goal = community.goals.order_by("created_at", "pk").first()
    if goal is None:
        return ""
    return _("Goal set: %(goal)s (%(indicator)s: from %(baseline)s to %(target)s %(unit)s).") % {
        "goal": goal.statement,
        "indicator": goal.indicator,
        "baseline": plain(goal.baseline),
        "target": plain(goal.target),
        "unit": goal.unit,
    }


def _teachers_joined(community: Community) -> str:
    teachers = community.current_teacher_count()
    if teachers < community.teacher_cap:
        return ""
    return _("%(count)s teachers accepted the invitation.") % {"count": teachers}


def _community_formed(community: Community) -> str:
    invited = community.milestones.completed().filter(kind=MilestoneKind.INVITATIONS).exists()
    norms = community.proposals.adopted_norms().count()
    if not (invited and norms):
        return ""
    return ngettext(
        "The teachers joined and the members adopted %(count)s collaboration norm.",
        "The teachers joined and the members adopted %(count)s collaboration norms.",
        norms,
    ) % {"count": norms}


# In the order they are checked: "formed" needs "invitations" first.
CORE_PROOFS = (
    extensions.MilestoneProof(
        kind=MilestoneKind.GOALS,
        proves=_goals_set,
        how=gettext_lazy("It completes itself when the director or the tutor sets the first goal."),
    ),
    extensions.MilestoneProof(
        kind=MilestoneKind.INVITATIONS,
        proves=_teachers_joined,
        how=gettext_lazy("It completes itself when every place for teachers is taken."),
    ),
    extensions.MilestoneProof(
        kind=MilestoneKind.FORMED,
        proves=_community_formed,
        how=gettext_lazy(
            "It completes itself once the teachers have joined and the members adopt a collaboration norm."
        ),
    ),
)


def complete_milestone_from_data(*, community: Community, kind: MilestoneKind, evidence: str) -> bool:
    """Complete a milestone that the community's own data proves (no person
    signs it). Returns True the first time; later calls change nothing."""
    updated = (
        Milestone.objects.filter(community=community, kind=kind)
        .pending()
        .update(completed_at=timezone.now(), completed_by=None, evidence_text=evidence[:4000])
    )
    if updated:
        record_event(community=community, actor=None, verb=Event.Verb.MILESTONE_COMPLETED, subject=kind)
    return bool(updated)


def refresh_milestones_from_data(*, community: Community) -> None:
    """Complete every milestone whose proof (the core's, or a satellite's) the
    community's data now gives. Safe to call after any write; idempotent."""
    # The platform writes its evidence in the platform's language, whoever's
    # action (in whatever language) triggered it.
    with translation.override(settings.LANGUAGE_CODE):
        pending = set(community.milestones.pending().values_list("kind", flat=True))
        for kind, proof in extensions.registry.proofs.items():
            if kind in pending and (evidence := proof.proves(community)):
                complete_milestone_from_data(community=community, kind=kind, evidence=evidence)


# --- Milestones people complete ----------------------------------------------------------------


@transaction.atomic
def complete_milestone(
    *,
    actor: User,
    milestone: Milestone,
    text: str = "",
    url: str = "",
    file: UploadedFile | None = None,
    meeting: Meeting | None = None,
) -> Milestone:
    """Mark a milestone of the current phase as met, with its evidence: a text, a
    link, a file, or a held meeting whose minutes and agreements prove it (at
    least one). Milestones the data proves cannot be completed by hand."""
    milestone = Milestone.objects.select_for_update().select_related("community").get(pk=milestone.pk)
    community = milestone.community
    access.require(actor, milestone, Need.COMPLETE)
    proof = extensions.registry.proofs.get(milestone.kind)
    if proof is not None:
        raise ValidationError(_("This milestone is not completed by hand. %(how)s") % {"how": proof.how})
    if milestone.is_completed:
        raise ValidationError(_("This milestone is already completed."))
    if not milestone.is_open:
        raise ValidationError(_("Only the milestones of the current phase can be completed."))
    text, url = text.strip(), url.strip()
    if not (text or url or file or meeting):
        raise ValidationError(_("Add the evidence: describe what was done, paste a link or attach a file."))
    if meeting is not None:
        meeting = Meeting.objects.get(pk=meeting.pk)
        if not (meeting.community_id == community.pk and meeting.proves_work()):
            raise ValidationError(
                {"meeting": _("Choose a meeting of this CAS that was held and has minutes and agreements.")}
            )
        milestone.evidence_meeting = meeting
    milestone.evidence_text = text
    milestone.evidence_url = url
    if file:
        milestone.evidence_file = file
        milestone.evidence_file_name = file.name[:255]
    milestone.completed_at = timezone.now()
    milestone.completed_by = actor
    milestone.full_clean(exclude=["community", "completed_by", "evidence_meeting"])
    milestone.save()
    record_event(community=community, actor=actor, verb=Event.Verb.MILESTONE_COMPLETED, subject=milestone.kind)
    return milestone


# --- The phase change --------------------------------------------------------------------------


def missing_milestones(community: Community) -> list[Milestone]:
    return list(community.milestones.filter(phase=community.phase).pending())


def phase_change_blockers(community: Community) -> list[str]:
    """Why the director cannot ask for the phase change now (empty: they can).
    The request refuses for these reasons and the pages show them."""
    return blockers_of(
        community, waiting=community.phase_reviews.pending().exists(), missing=missing_milestones(community)
    )


def blockers_of(community: Community, *, waiting: bool, missing: list[Milestone]) -> list[str]:
    """`phase_change_blockers` from what a page has already loaded: whether a
    request is waiting for the tutor, and the current phase's pending milestones."""
    if community.is_concluded:
        return [_("This CAS has concluded all its phases.")]
    if waiting:
        return [_("A phase change is already waiting for the tutor.")]
    if missing:
        return [
            _("Before moving on, complete these milestones with their evidence: %(milestones)s.")
            % {"milestones": "; ".join(str(m) for m in missing)}
        ]
    return []


@transaction.atomic
def request_phase_change(*, actor: User, community: Community, comment: str = "") -> PhaseReview:
    """The director asks the tutor to move the CAS to the next phase, once every
    milestone of the current one has its evidence."""
    community = Community.objects.select_for_update().get(pk=community.pk)
    access.require(actor, community, Need.MANAGE)
    blockers = phase_change_blockers(community)
    if blockers:
        raise ValidationError(blockers, code="blocked")
    target = Phase(community.phase).next
    review = PhaseReview.objects.create(
        community=community,
        from_phase=community.phase,
        to_phase=target,
        requested_by=actor,
        request_comment=comment.strip(),
    )
    record_event(
        community=community,
        actor=actor,
        verb=Event.Verb.PHASE_REQUESTED,
        subject=target,
        old=community.phase,
        new=target,
    )
    notices.phase_change_requested(review=review, actor=actor)
    return review


def _pending_review_for_tutor(review: PhaseReview, actor: User) -> PhaseReview:
    review = PhaseReview.objects.select_for_update().select_related("community").get(pk=review.pk)
    access.require(actor, review.community, Need.REVIEW)
    if not review.is_pending:
        raise ValidationError(_("This request was already reviewed."))
    return review


@transaction.atomic
def approve_phase_change(*, actor: User, review: PhaseReview, comment: str = "") -> PhaseReview:
    """The community's tutor approves: the CAS moves to the next phase."""
    review = _pending_review_for_tutor(review, actor)
    community = Community.objects.select_for_update().get(pk=review.community_id)
    if community.phase != review.from_phase:
        raise ValidationError(_("The CAS is no longer in the phase this request was made from."))
    review.status = PhaseReview.Status.APPROVED
    review.reviewed_by = actor
    review.reviewed_at = timezone.now()
    review.review_comment = comment.strip()
    review.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    notices.phase_change_reviewed(review=review)
    old_phase = community.phase
    community.phase = review.to_phase
    community.save(update_fields=["phase", "updated_at"])
    record_event(
        community=community,
        actor=actor,
        verb=Event.Verb.PHASE_APPROVED,
        subject=review.to_phase,
        old=old_phase,
        new=review.to_phase,
    )
    return review


@transaction.atomic
def return_phase_change(*, actor: User, review: PhaseReview, comment: str) -> PhaseReview:
    """The community's tutor sends the request back with comments on what to improve."""
    if not comment.strip():
        raise ValidationError({"comment": _("Tell the director what is missing or what to improve.")})
    review = _pending_review_for_tutor(review, actor)
    review.status = PhaseReview.Status.RETURNED
    review.reviewed_by = actor
    review.reviewed_at = timezone.now()
    review.review_comment = comment.strip()
    review.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    notices.phase_change_returned(review=review, actor=actor)
    record_event(community=review.community, actor=actor, verb=Event.Verb.PHASE_RETURNED, subject=review.to_phase)
    return review
