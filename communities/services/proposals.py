from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import access
from communities.access import Need
from communities.models import Community, Event, Proposal, ProposalVote, User
from communities.models.community import majority_of
from communities.services import notices
from communities.services.audit import record_event
from communities.services.phases import refresh_milestones_from_data


@transaction.atomic
def propose(*, actor: User, community: Community, text: str, kind: Proposal.Kind = Proposal.Kind.NORM) -> Proposal:
    """A member proposes a norm or an activity; the proposer agrees with it."""
    access.require(actor, community, Need.PARTICIPATE)
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": _("Write the proposal.")})
    if kind not in Proposal.Kind.values:
        raise ValidationError({"kind": _("Choose a norm or an activity.")})
    duplicate = (
        community.proposals.annotate(lower=Lower("text"))
        .filter(lower=text.lower(), kind=kind)
        .exclude(status=Proposal.Status.REJECTED)
        .exists()
    )
    if duplicate:
        raise ValidationError({"text": _("The same proposal is already on the list.")})
    proposal = Proposal.objects.create(community=community, kind=kind, text=text, proposed_by=actor)
    record_event(community=community, actor=actor, verb=Event.Verb.PROPOSED, subject=text)
    ProposalVote.objects.create(proposal=proposal, voter=actor, choice=ProposalVote.Choice.AGREE)
    _decide_if_settled(proposal)
    if proposal.is_open:
        notices.proposal_made(proposal=proposal, actor=actor)
    return proposal


@transaction.atomic
def vote_on_proposal(*, actor: User, proposal: Proposal, choice: ProposalVote.Choice, comment: str = "") -> Proposal:
    """A member agrees or objects (and may change their mind while it is open).
    The proposal is adopted once a majority of the current members agree, and
    set aside once that can no longer happen."""
    proposal = Proposal.objects.select_for_update().select_related("community").get(pk=proposal.pk)
    access.require(actor, proposal.community, Need.PARTICIPATE)
    if choice not in ProposalVote.Choice.values:
        raise ValidationError({"choice": _("Choose whether you agree or object.")})
    if not proposal.is_open:
        raise ValidationError(_("This proposal was already decided."))
    earlier = proposal.votes.filter(voter=actor).values_list("choice", flat=True).first() or ""
    ProposalVote.objects.update_or_create(
        proposal=proposal, voter=actor, defaults={"choice": choice, "comment": comment.strip()[:300]}
    )
    notices.proposal_voted(proposal=proposal, voter=actor)
    if earlier != choice:
        record_event(
            community=proposal.community,
            actor=actor,
            verb=Event.Verb.VOTED,
            subject=proposal.text,
            old=earlier,
            new=choice,
        )
    _decide_if_settled(proposal)
    return proposal


def _decide_if_settled(proposal: Proposal) -> None:
    members = proposal.community.member_ids()
    votes = proposal.votes.filter(voter_id__in=members)
    agree = votes.filter(choice=ProposalVote.Choice.AGREE).count()
    objections = votes.filter(choice=ProposalVote.Choice.OBJECT).count()
    needed = majority_of(len(members))
    if agree >= needed:
        proposal.status, verb = Proposal.Status.ADOPTED, Event.Verb.ADOPTED
    elif len(members) - objections < needed:
        proposal.status, verb = Proposal.Status.REJECTED, Event.Verb.REJECTED
    else:
        return
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    notices.proposal_decided(proposal=proposal)
    record_event(
        community=proposal.community,
        actor=None,
        verb=verb,
        subject=proposal.text,
        old=Proposal.Status.OPEN,
        new=proposal.status,
    )
    if proposal.status == Proposal.Status.ADOPTED and proposal.kind == Proposal.Kind.NORM:
        refresh_milestones_from_data(community=proposal.community)
