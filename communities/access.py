"""Who may see and do what in a community. Views, templates and tasks ask here.

The rule for outsiders, as in pretix: a person with no tie to the community's
school gets 404, so nothing about it leaks; school staff who are not in the CAS,
and members whose role does not allow the action, get 403.
"""

import enum
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from communities.models import (
    Community,
    Invitation,
    Practice,
    Reflection,
    School,
    Scope,
    StaffMembership,
    User,
    Visibility,
)


class Role(enum.Enum):
    DIRECTOR = "director"
    TUTOR = "tutor"
    TEACHER = "teacher"
    ADMIN = "admin"  # platform staff: reads every community


class Need(enum.Enum):
    VIEW = "view"  # read the community's pages
    PARTICIPATE = "participate"  # propose, vote, record evidence
    MANAGE = "manage"  # invite teachers, ask for the phase change, the director's conditions
    REVIEW = "review"  # approve or return a phase change
    SCHEDULE = "schedule"  # schedule and run meetings, set goals


ALLOWED: dict[Need, set[Role]] = {
    Need.VIEW: {Role.DIRECTOR, Role.TUTOR, Role.TEACHER, Role.ADMIN},
    Need.PARTICIPATE: {Role.DIRECTOR, Role.TUTOR, Role.TEACHER},
    Need.MANAGE: {Role.DIRECTOR},
    Need.REVIEW: {Role.TUTOR},
    Need.SCHEDULE: {Role.DIRECTOR, Role.TUTOR},
}


def role_in(community: Community, user: User) -> Role | None:
    """The person's role in the community, or None. The director and the tutor
    come first: one person may be both director here and teacher elsewhere."""
    if not user.is_authenticated:
        return None
    if community.director_id == user.pk:
        return Role.DIRECTOR
    if community.tutor_id == user.pk:
        return Role.TUTOR
    if community.memberships.filter(teacher=user, left_at__isnull=True).exists():
        return Role.TEACHER
    if user.is_staff:
        return Role.ADMIN
    return None


def may(role: Role | None, need: Need) -> bool:
    return role is not None and role in ALLOWED[need]


@dataclass(frozen=True)
class Permissions:
    """What the current person may do on a community's pages (for templates)."""

    role: Role

    @property
    def participate(self) -> bool:
        return may(self.role, Need.PARTICIPATE)

    @property
    def manage(self) -> bool:
        return may(self.role, Need.MANAGE)

    @property
    def review(self) -> bool:
        return may(self.role, Need.REVIEW)

    @property
    def leave(self) -> bool:
        return self.role is Role.TEACHER

    @property
    def schedule(self) -> bool:
        return may(self.role, Need.SCHEDULE)


def members_of(community: Community) -> QuerySet:
    """The people who take part in the CAS's decisions now: the director, the
    tutor and the teachers who have not left, by name."""
    teachers = community.memberships.filter(left_at__isnull=True).values("teacher_id")
    return User.objects.filter(Q(pk=community.director_id) | Q(pk=community.tutor_id) | Q(pk__in=teachers)).order_by(
        "full_name"
    )


def member_ids(community: Community) -> set[int]:
    return set(members_of(community).values_list("pk", flat=True))


def is_member(community: Community, user: User) -> bool:
    return may(role_in(community, user), Need.PARTICIPATE)


def can_record(meeting, user: User) -> bool:
    """Attendance, minutes and agreements are recorded by the session's relator,
    or by whoever runs the CAS's meetings (director, tutor)."""
    community = meeting.community
    if may(role_in(community, user), Need.SCHEDULE):
        return True
    return meeting.roles.filter(kind="minutes", person=user).exists()


def _deny_outsider(community: Community, user: User) -> None:
    works_there = StaffMembership.objects.filter(user=user, school_id=community.school_id).exists()
    if works_there:
        raise PermissionDenied(_("You are not a member of this CAS."))
    raise Http404


def authorize(community: Community, user: User, need: Need) -> Permissions:
    role = role_in(community, user)
    if role is None:
        _deny_outsider(community, user)
    if not may(role, need):
        raise PermissionDenied
    return Permissions(role)


def get_community_for(user: User, pk: int, need: Need = Need.VIEW) -> Community:
    """The community with this pk if the person may `need` it; 404 for those with
    no tie to its school, 403 for those without the right role. The result
    carries `.permissions` for templates."""
    community = Community.objects.select_related("school", "director", "tutor").filter(pk=pk).first()
    if community is None:
        raise Http404
    community.permissions = authorize(community, user, need)
    return community


def get_school_for_director(user: User, pk: int) -> School:
    """A school whose CAS the person may form: its directors and platform admins.
    Other staff of the school get 403; everyone else 404."""
    school = School.objects.filter(pk=pk).first()
    if school is None:
        raise Http404
    if user.is_staff:
        return school
    roles = set(StaffMembership.objects.filter(user=user, school=school).values_list("role", flat=True))
    if not roles:
        raise Http404
    if StaffMembership.Role.DIRECTOR not in roles:
        raise PermissionDenied(_("Only the school's director can form its CAS."))
    return school


def get_invitation_for_invitee(user: User, pk: int) -> Invitation:
    """An invitation, only for the person it was sent to."""
    invitation = (
        Invitation.objects.select_related("community__school", "community__director", "invited_by")
        .filter(pk=pk, invitee=user)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def require_platform_staff(user: User) -> None:
    """Pages for the people who run the platform."""
    if not user.is_staff:
        raise PermissionDenied(_("Only platform administrators see this page."))


def _in_cas(user: User) -> Q:
    """Rows whose community has the person as a member."""
    return Q(community__in=Community.objects.with_member(user))


def visible_reflections(user: User) -> QuerySet:
    """The one rule for reading journal entries: the author sees theirs; the
    community's tutor sees those shared with the tutor or the community; current
    members see those shared with the community; platform staff see community
    entries. A private entry reaches nobody but its author."""
    if not user.is_authenticated:
        return Reflection.objects.none()
    rule = (
        Q(author=user)
        | (Q(visibility=Visibility.COMMUNITY) & _in_cas(user))
        | Q(visibility=Visibility.TUTOR, community__tutor=user)
    )
    if user.is_staff:
        rule |= Q(visibility=Visibility.COMMUNITY)
    return Reflection.objects.filter(rule)


def visible_practices(user: User) -> QuerySet:
    """Practices shared with a CAS reach its current members; with a school, its
    staff; with all schools, everyone who works at a school, and platform staff."""
    if not user.is_authenticated:
        return Practice.objects.none()
    schools = StaffMembership.objects.filter(user=user).values("school_id")
    rule = Q(author=user) | (Q(scope=Scope.COMMUNITY) & _in_cas(user)) | Q(scope=Scope.SCHOOL, school_id__in=schools)
    if user.is_staff or StaffMembership.objects.filter(user=user).exists():
        rule |= Q(scope=Scope.ALL_SCHOOLS)
    return Practice.objects.filter(rule)
