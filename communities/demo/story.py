"""Tell the demo CAS's history through the services, then date it."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from communities.models import (
    Community,
    Goal,
    Invitation,
    Membership,
    Notification,
    Proposal,
    ProposalVote,
    School,
    User,
)
from communities.models.community import current_school_year
from communities.services.communities import create_community
from communities.services.goals import set_goal
from communities.services.membership import (
    INVITATION_LIFETIME,
    accept_invitation,
    decline_invitation,
    invite_teacher,
)
from communities.services.phases import (
    approve_phase_change,
    complete_milestone,
    request_phase_change,
    return_phase_change,
)
from communities.services.proposals import propose, vote_on_proposal


class Story:
    """Runs each step now, then moves everything it wrote to `days_ago`."""

    def __init__(self, community: Community):
        self.community = community
        self.now = timezone.now()

    def when(self, days_ago: float):
        """`days_ago` before now, moved into the school day (07:00–21:00, the
        schools' time): the whole day is squeezed into those hours, so the
        order of what happened is kept and nothing happens at 3 a.m."""
        moment = timezone.localtime(self.now - timedelta(days=days_ago))
        midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        squeezed = midnight + timedelta(hours=7) + (moment - midnight) * (14 / 24)
        return squeezed if squeezed <= self.now else moment

    def events_since(self, last: tuple[int, int], days_ago: float) -> None:
        """Date what was written since `last` (`last_event()`): the events of
        the community and the notices the same steps left people."""
        last_event, last_notice = last
        self.community.events.filter(pk__gt=last_event).update(created_at=self.when(days_ago))
        Notification.objects.filter(pk__gt=last_notice).update(created_at=self.when(days_ago))

    def last_event(self) -> tuple[int, int]:
        """Where the story stands: the last event and the last notice written."""
        event = self.community.events.order_by("-pk").values_list("pk", flat=True).first()
        notice = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
        return event or 0, notice or 0


def person(email: str) -> User:
    return User.objects.get(email=email)


def invite(story: Story, director: User, email: str, days_ago: float, message: str = "") -> Invitation:
    last = story.last_event()
    invitation = invite_teacher(actor=director, community=story.community, teacher=person(email), message=message)
    # An answered invitation gets its real expiry once answered (see _answer).
    dates = {"created_at": story.when(days_ago)}
    if days_ago < 14:
        dates["expires_at"] = story.when(days_ago - 14)
    Invitation.objects.filter(pk=invitation.pk).update(**dates)
    story.events_since(last, days_ago)
    invitation.refresh_from_db()
    return invitation


def answer(story: Story, invitation: Invitation, days_ago: float, accept: bool = True) -> None:
    last = story.last_event()
    if accept:
        membership = accept_invitation(actor=invitation.invitee, invitation=invitation)
        Membership.objects.filter(pk=membership.pk).update(joined_at=story.when(days_ago))
        story.community.milestones.filter(completed_at__isnull=False, completed_by__isnull=True).filter(
            completed_at__gt=story.when(1)
        ).update(completed_at=story.when(days_ago))
    else:
        decline_invitation(actor=invitation.invitee, invitation=invitation)
    Invitation.objects.filter(pk=invitation.pk).update(
        responded_at=story.when(days_ago), expires_at=F("created_at") + INVITATION_LIFETIME
    )
    story.events_since(last, days_ago)


def norm(story: Story, author: str, text: str, days_ago: float, agree=(), object_=(), kind=Proposal.Kind.NORM):
    last = story.last_event()
    proposal = propose(actor=person(author), community=story.community, text=text, kind=kind)
    for email in agree:
        vote_on_proposal(actor=person(email), proposal=proposal, choice=ProposalVote.Choice.AGREE)
    for email in object_:
        vote_on_proposal(actor=person(email), proposal=proposal, choice=ProposalVote.Choice.OBJECT)
    proposal.refresh_from_db()
    Proposal.objects.filter(pk=proposal.pk).update(
        created_at=story.when(days_ago),
        decided_at=story.when(days_ago - 1) if proposal.decided_at else None,
    )
    proposal.votes.update(voted_at=story.when(days_ago - 0.5))
    story.community.milestones.filter(completed_by__isnull=True, completed_at__gt=story.when(1)).update(
        completed_at=story.when(days_ago - 1)
    )
    story.events_since(last, days_ago - 1)
    return proposal


def milestone(story: Story, email: str, kind: str, days_ago: float, text: str = "", url: str = "") -> None:
    last = story.last_event()
    milestone = story.community.milestones.get(kind=kind)
    complete_milestone(actor=person(email), milestone=milestone, text=text, url=url)
    story.community.milestones.filter(pk=milestone.pk).update(completed_at=story.when(days_ago))
    story.events_since(last, days_ago)


def goal(story: Story, email: str, days_ago: float, **fields) -> Goal:
    """The director or the tutor sets a goal; the first completes "Definen metas"."""
    last = story.last_event()
    goal = set_goal(actor=person(email), community=story.community, **fields)
    Goal.objects.filter(pk=goal.pk).update(created_at=story.when(days_ago), starts_on=story.when(days_ago).date())
    story.community.milestones.filter(completed_by__isnull=True, completed_at__gt=story.when(1)).update(
        completed_at=story.when(days_ago)
    )
    story.events_since(last, days_ago)
    goal.refresh_from_db()
    return goal


def phase_request(story: Story, comment: str, days_ago: float):
    last = story.last_event()
    review = request_phase_change(actor=story.community.director, community=story.community, comment=comment)
    story.community.phase_reviews.filter(pk=review.pk).update(requested_at=story.when(days_ago))
    story.events_since(last, days_ago)
    return review


def phase_answer(story: Story, review, approve: bool, comment: str, days_ago: float) -> None:
    last = story.last_event()
    service = approve_phase_change if approve else return_phase_change
    service(actor=story.community.tutor, review=review, comment=comment)
    story.community.phase_reviews.filter(pk=review.pk).update(reviewed_at=story.when(days_ago))
    story.events_since(last, days_ago)


def form_community(school: School, slug: str, days_ago: float) -> Story | None:
    year = current_school_year()
    if Community.objects.filter(school=school, school_year=year).exists():
        return None  # already seeded: keep what people did with it
    director, tutor = person(f"director@{slug}.demo"), person(f"tutor@{slug}.demo")
    notices_before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    community = create_community(actor=director, school=school, school_year=year, tutor=tutor)
    story = Story(community)
    Community.objects.filter(pk=community.pk).update(created_at=story.when(days_ago))
    # The community's first events, and only the notices written since.
    story.events_since((0, notices_before), days_ago)
    community.refresh_from_db()
    story.community = community
    return story
