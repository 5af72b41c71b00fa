import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from communities.models import Event, MilestoneKind, Proposal, ProposalVote
from communities.services.membership import leave_community
from communities.services.proposals import propose, vote_on_proposal
from tests.conftest import join, more_teachers

pytestmark = pytest.mark.django_db

AGREE, OBJECT = ProposalVote.Choice.AGREE, ProposalVote.Choice.OBJECT


@pytest.fixture
def five(cas, school):
    """The CAS with five members: director, tutor and three teachers (majority: three)."""
    for teacher in more_teachers(school, 2):
        join(cas, teacher)
    return cas


def test_the_proposer_agrees_with_their_own_proposal(five, teacher):
    proposal = propose(actor=teacher, community=five, text="  Llegamos   puntuales a cada sesión. ")
    assert proposal.text == "Llegamos puntuales a cada sesión."
    assert proposal.status == Proposal.Status.OPEN
    assert list(proposal.votes.values_list("voter_id", "choice")) == [(teacher.pk, AGREE)]
    assert Event.objects.filter(community=five, verb=Event.Verb.PROPOSED, actor=teacher).exists()


def test_a_norm_is_adopted_when_a_majority_of_current_members_agree(five, teacher, director, tutor):
    assert len(five.member_ids()) == 5
    proposal = propose(actor=teacher, community=five, text="Escuchamos sin interrumpir.")
    vote_on_proposal(actor=director, proposal=proposal, choice=AGREE)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN  # two of five

    vote_on_proposal(actor=tutor, proposal=proposal, choice=AGREE)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ADOPTED
    assert proposal.decided_at is not None
    assert Event.objects.filter(community=five, verb=Event.Verb.ADOPTED).exists()


def test_a_proposal_is_set_aside_once_a_majority_is_impossible(five, teacher, director, tutor):
    proposal = propose(actor=teacher, community=five, text="Sesiones los sábados.")
    vote_on_proposal(actor=director, proposal=proposal, choice=OBJECT)
    vote_on_proposal(actor=tutor, proposal=proposal, choice=OBJECT)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN  # 3 of 5 could still agree
    other = five.memberships.exclude(teacher=teacher).first().teacher
    vote_on_proposal(actor=other, proposal=proposal, choice=OBJECT)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REJECTED


def test_members_may_change_their_vote_until_it_is_decided(five, teacher, director, tutor):
    proposal = propose(actor=teacher, community=five, text="Compartimos una evidencia por sesión.")
    vote_on_proposal(actor=director, proposal=proposal, choice=OBJECT)
    vote_on_proposal(actor=director, proposal=proposal, choice=AGREE)
    assert proposal.votes.get(voter=director).choice == AGREE
    vote_on_proposal(actor=tutor, proposal=proposal, choice=AGREE)
    with pytest.raises(ValidationError, match="ya se decidió"):
        vote_on_proposal(actor=director, proposal=proposal, choice=OBJECT)
    assert proposal.votes.get(voter=director).choice == AGREE


def test_votes_of_members_who_left_no_longer_count(five, teacher, director, school):
    proposal = propose(actor=teacher, community=five, text="Usamos la bitácora cada semana.")
    vote_on_proposal(actor=director, proposal=proposal, choice=AGREE)
    leave_community(actor=teacher, community=five)  # four members now: majority three
    tutor = five.tutor
    vote_on_proposal(actor=tutor, proposal=proposal, choice=AGREE)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN  # director and tutor: two of four


def test_outsiders_and_former_members_cannot_propose_or_vote(five, teacher, outsider, colleague):
    proposal = propose(actor=teacher, community=five, text="Norma de prueba.")
    for person in (outsider, colleague):
        with pytest.raises(PermissionDenied):
            propose(actor=person, community=five, text="Otra norma.")
        with pytest.raises(PermissionDenied):
            vote_on_proposal(actor=person, proposal=proposal, choice=AGREE)
    assert proposal.votes.count() == 1


def test_the_same_proposal_twice_is_refused(five, teacher, director):
    propose(actor=teacher, community=five, text="Cuidamos la confidencialidad.")
    with pytest.raises(ValidationError) as excinfo:
        propose(actor=director, community=five, text="cuidamos la confidencialidad.")
    assert excinfo.value.message_dict["text"] == ["La misma propuesta ya está en la lista."]


def test_an_empty_proposal_or_an_unknown_vote_is_refused(five, teacher):
    with pytest.raises(ValidationError):
        propose(actor=teacher, community=five, text="   ")
    proposal = propose(actor=teacher, community=five, text="Algo concreto.")
    with pytest.raises(ValidationError):
        vote_on_proposal(actor=teacher, proposal=proposal, choice="maybe")


def test_an_adopted_norm_after_the_invitations_forms_the_cas(cas, school, director, tutor):
    for teacher in more_teachers(school, 4):
        join(cas, teacher)  # five teachers: the invitations milestone completes
    formed = cas.milestones.get(kind=MilestoneKind.FORMED)
    assert not formed.is_completed

    proposal = propose(actor=director, community=cas, text="Iniciamos a tiempo.")
    teachers = [m.teacher for m in cas.memberships.all()[:2]]
    for person in (tutor, *teachers):
        vote_on_proposal(actor=person, proposal=proposal, choice=AGREE)

    formed.refresh_from_db()
    assert formed.completed_automatically
    assert formed.evidence_text.endswith("adoptaron 1 norma de colaboración.")


def test_activities_are_decided_the_same_way_but_do_not_form_the_cas(five, teacher, director, tutor):
    activity = propose(actor=teacher, community=five, text="Observación entre pares.", kind=Proposal.Kind.ACTIVITY)
    vote_on_proposal(actor=director, proposal=activity, choice=AGREE)
    vote_on_proposal(actor=tutor, proposal=activity, choice=AGREE)
    activity.refresh_from_db()
    assert activity.status == Proposal.Status.ADOPTED
