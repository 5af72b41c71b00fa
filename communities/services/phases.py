from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.access import Need, may, role_in
from communities.models import Community, Event, Meeting, Milestone, MilestoneKind, Phase, PhaseReview, Proposal, User
from communities.services.audit import record_event


@transaction.atomic
def complete_milestone(
    *, actor: User, milestone: Milestone, text: str = "", url: str = "", file=None, meeting=None
) -> Milestone:
    """Mark a milestone of the current phase as met, with its evidence: a text, a
    link, a file, or a held meeting whose minutes and agreements prove it (at
    least one). The director and the members may do it."""
    milestone = Milestone.objects.select_for_update().select_related("community").get(pk=milestone.pk)
    community = milestone.community
    if not may(role_in(community, actor), Need.PARTICIPATE):
        raise PermissionDenied
    if milestone.is_completed:
        raise ValidationError(_("This milestone is already completed."))
    if milestone.phase != community.phase:
        raise ValidationError(_("Only the milestones of the current phase can be completed."))
    text, url = text.strip(), url.strip()
    if not (text or url or file or meeting):
        raise ValidationError(_("Add the evidence: describe what was done, paste a link or attach a file."))
    if meeting is not None:
        meeting = Meeting.objects.get(pk=meeting.pk)
        proves = (
            meeting.community_id == community.pk and meeting.is_held and meeting.minutes and meeting.agreements.exists()
        )
        if not proves:
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


def complete_milestone_from_data(*, community: Community, kind: str, evidence: str) -> bool:
    """Complete a milestone that the community's own data proves (no person
    signs it). Returns True the first time; later calls change nothing."""
    updated = Milestone.objects.filter(community=community, kind=kind, completed_at__isnull=True).update(
        completed_at=timezone.now(), completed_by=None, evidence_text=evidence
    )
    if updated:
        record_event(community=community, actor=None, verb=Event.Verb.MILESTONE_COMPLETED, subject=kind)
    return bool(updated)


def refresh_milestones_from_data(community: Community) -> None:
    """Check the milestones the core's data can prove: the invited teachers have
    all joined, and the CAS is formed (teachers in, norms adopted)."""
    # The platform writes its evidence in the platform's language, whoever's
    # action (in whatever language) triggered it.
    with translation.override(settings.LANGUAGE_CODE):
        _refresh_milestones_from_data(community)


def _refresh_milestones_from_data(community: Community) -> None:
    teachers = community.memberships.filter(left_at__isnull=True).count()
    if teachers >= community.teacher_cap:
        complete_milestone_from_data(
            community=community,
            kind=MilestoneKind.INVITATIONS,
            evidence=_("%(count)s teachers accepted the invitation.") % {"count": teachers},
        )
    invited = community.milestones.filter(kind=MilestoneKind.INVITATIONS, completed_at__isnull=False).exists()
    norms = community.proposals.filter(kind=Proposal.Kind.NORM, status=Proposal.Status.ADOPTED).count()
    if invited and norms:
        complete_milestone_from_data(
            community=community,
            kind=MilestoneKind.FORMED,
            evidence=ngettext(
                "The teachers joined and the members adopted %(count)s collaboration norm.",
                "The teachers joined and the members adopted %(count)s collaboration norms.",
                norms,
            )
            % {"count": norms},
        )


def missing_milestones(community: Community) -> list[Milestone]:
    return list(community.milestones.filter(phase=community.phase, completed_at__isnull=True))


@transaction.atomic
def request_phase_change(*, actor: User, community: Community, comment: str = "") -> PhaseReview:
    """The director asks the tutor to move the CAS to the next phase, once every
    milestone of the current one has its evidence."""
    community = Community.objects.select_for_update().get(pk=community.pk)
    if actor.pk != community.director_id:
        raise PermissionDenied(_("Only the director of this CAS can ask for the phase change."))
    target = Phase(community.phase).next
    if target is None:
        raise ValidationError(_("This CAS has concluded all its phases."))
    if community.phase_reviews.pending().exists():
        raise ValidationError(_("A phase change is already waiting for the tutor."))
    missing = missing_milestones(community)
    if missing:
        raise ValidationError(
            _("Before moving on, complete these milestones with their evidence: %(milestones)s.")
            % {"milestones": "; ".join(str(m) for m in missing)},
            code="milestones_missing",
        )
    review = PhaseReview.objects.create(
        community=community,
        from_phase=community.phase,
        to_phase=target,
        requested_by=actor,
        request_comment=comment.strip(),
    )
    record_event(community=community, actor=actor, verb=Event.Verb.PHASE_REQUESTED, subject=target)
    return review


def _pending_review_for_tutor(review: PhaseReview, actor: User) -> PhaseReview:
    review = PhaseReview.objects.select_for_update().select_related("community").get(pk=review.pk)
    if actor.pk != review.community.tutor_id:
        raise PermissionDenied(_("Only the tutor of this CAS can review its phase change."))
    if review.status != PhaseReview.Status.REQUESTED:
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
    community.phase = review.to_phase
    community.save(update_fields=["phase", "updated_at"])
    record_event(community=community, actor=actor, verb=Event.Verb.PHASE_APPROVED, subject=review.to_phase)
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
    record_event(community=review.community, actor=actor, verb=Event.Verb.PHASE_RETURNED, subject=review.to_phase)
    return review
