"""Who may see and do what: the one module that knows the rules.

- A person with no tie to a community's school gets 404, so nothing about it
  leaks; school staff outside the CAS, and members whose role does not allow
  an action, get 403 (pretix's rule).
- Views fetch and authorise in one step (`get_community_for`,
  `get_meeting_for`, `get_reflection_for`, …) and hand templates the
  `Permissions` these compute; services call `require(actor, target, need)`
  before they write. The button a template shows, the check a view makes and
  the check a service makes are the same function, `allows`.
- Only *who* is decided here. *When* an action fits an object's state (a
  meeting that has started, a milestone of the current phase) is row logic on
  the model, which services check and templates read.
"""

import enum
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from communities import extensions
from communities.models import (
    Agreement,
    Community,
    DiffusionSummary,
    Event,
    ImportRun,
    Invitation,
    Meeting,
    Membership,
    Milestone,
    MilestoneKind,
    Notification,
    Practice,
    Reflection,
    Report,
    School,
    Scope,
    SessionRole,
    StaffMembership,
    User,
    Visibility,
)


class Role(enum.Enum):
    """A person's place in one community."""

    DIRECTOR = "director"
    TUTOR = "tutor"
    TEACHER = "teacher"  # a current teacher of the CAS
    ADMIN = "admin"  # platform staff: reads every community, takes part in none


class Need(enum.Enum):
    """What a person wants to do. The first group is decided by their role in the
    community; the second by their tie to one object of it."""

    VIEW = "view"  # read the community's pages
    PARTICIPATE = "participate"  # propose, vote, add topics, approve minutes, record progress, write in the journal
    LEAD = "lead"  # the director or the tutor: meetings, goals, session roles, invitations and participation pages
    MANAGE = "manage"  # the director: invite, ask for the phase change, the conditions, pick evidence
    REVIEW = "review"  # the tutor: approve or return the phase change
    LEAVE = "leave"  # a teacher leaves the CAS

    RECORD = "record"  # a meeting's attendance, minutes and agreements
    UPDATE = "update"  # an agreement's status
    COMPLETE = "complete"  # a milestone's evidence
    EDIT = "edit"  # a journal entry or a practice
    COMMENT = "comment"  # a journal entry
    ANSWER = "answer"  # an invitation
    FORM = "form"  # a school: form its CAS
    SHARE = "share"  # a school: share a practice in its name
    STAFF = "staff"  # a school: add people to its staff, one by one or from a list
    DIAGNOSE = "diagnose"  # a school: open its climate-diagnostic campaigns and issue their codes
    SEE_DIAGNOSTIC = "see_diagnostic"  # a school: see its diagnostic campaigns and their results
    CAPTURE = "capture"  # a diagnostic campaign: type in its paper sheets
    FACILITATE = "facilitate"  # a workshop: open and close its spaces, group, run the vote
    REPORT = "report"  # a school: ask for and read its school report
    AUDIT = "audit"  # a school: read its audit trail


MEMBERS = frozenset({Role.DIRECTOR, Role.TUTOR, Role.TEACHER})
LEADERS = frozenset({Role.DIRECTOR, Role.TUTOR})

BY_ROLE: dict[Need, frozenset[Role]] = {
    Need.VIEW: MEMBERS | {Role.ADMIN},
    Need.PARTICIPATE: MEMBERS,
    Need.LEAD: LEADERS,
    Need.MANAGE: frozenset({Role.DIRECTOR}),
    Need.REVIEW: frozenset({Role.TUTOR}),
    Need.LEAVE: frozenset({Role.TEACHER}),
}

# "El directivo y el Tutor Construye T hacen un Diagnóstico del Ambiente Escolar
# y definen metas… Invitan a cinco docentes": the seed gives these to them. The
# other milestones belong to every member.
MILESTONES_OF_THE_LEADERS = frozenset({MilestoneKind.DIAGNOSTIC, MilestoneKind.GOALS, MilestoneKind.INVITATIONS})

REFUSALS = {
    Need.VIEW: _("You are not a member of this CAS."),
    Need.PARTICIPATE: _("Only the members of this CAS can do this."),
    Need.LEAD: _("Only the director and the tutor of this CAS can do this."),
    Need.MANAGE: _("Only the director of this CAS can do this."),
    Need.REVIEW: _("Only the tutor of this CAS reviews its phase change."),
    Need.LEAVE: _("Only the CAS's teachers can leave it."),
    Need.RECORD: _("The relator, the director or the tutor record what happened in the meeting."),
    Need.UPDATE: _("Only the owner, the director or the tutor update this agreement."),
    Need.COMPLETE: _("The director and the tutor complete this milestone."),
    Need.EDIT: _("Only the author can change this."),
    Need.COMMENT: _("You cannot comment on this entry."),
    Need.ANSWER: _("This invitation is for someone else."),
    Need.FORM: _("Only the school's director can form its CAS."),
    Need.SHARE: _("You can only share practices of a school where you work."),
    Need.STAFF: _("Only the school's director adds people to its staff."),
    Need.DIAGNOSE: _("Only the school's director and its Construye T tutor run its diagnostic."),
    Need.SEE_DIAGNOSTIC: _("Only the school's staff see its diagnostic."),
    Need.CAPTURE: _("The director, the tutor and the people they named type in this campaign's paper sheets."),
    Need.FACILITATE: _("Only the workshop's facilitator and the school's director do this."),
    Need.REPORT: _("Only the school's director, its Construye T tutor and platform administrators see its report."),
    Need.AUDIT: _("Only the school's director and platform administrators read its audit trail."),
    (DiffusionSummary, Need.VIEW): _("The CAS has not published its summary yet: only the CAS reads the draft."),
    (DiffusionSummary, Need.MANAGE): _("Only the director of this CAS writes and publishes its summary."),
    (ImportRun, Need.VIEW): _("Only the person who may import this list sees it."),
    (Practice, Need.VIEW): _("This practice is not shared with you."),
    (School, Need.VIEW): _("Only the school's staff see this."),
    (School, Need.MANAGE): _("Only the school's director does this."),
    ("SchoolWork", Need.VIEW): _("Only the school's staff see this."),
    ("SchoolWork", Need.MANAGE): _("Only the school's director does this."),
    ("SchoolWork", Need.PARTICIPATE): _("Only the school's teachers and directors take part in its workshop."),
    ("Contribution", Need.EDIT): _("Only its author changes this."),
    ("Assignment", Need.UPDATE): _("Only its owner and the workshop's facilitator update this."),
}


@runtime_checkable
class SchoolWork(Protocol):
    """A satellite's piece of work at one school (a diagnostic campaign) that its
    director or tutor may hand to some of the school's staff. The satellite
    states the facts, its school and whom it was handed to; the rules on it
    are here."""

    school: School

    def named_staff_ids(self) -> frozenset[int]:
        """The people of the school's staff this work was handed to."""
        ...


@runtime_checkable
class Contribution(Protocol):
    """One person's own piece of a satellite's collective work at a school (a
    milestone of their path in a workshop): its author, and the work it is
    part of."""

    author_id: int
    work: SchoolWork


@runtime_checkable
class Assignment(Protocol):
    """Something a person of the school was given to do in a satellite's work
    (a continuity agreement of a workshop): its owner, and the work."""

    owner_id: int
    work: SchoolWork


# --- Roles -------------------------------------------------------------------------------


def role_in(community: Community, user: User) -> Role | None:
    """The person's role in the community, or None. The director and the tutor
    come first: one person may be director here and teacher elsewhere. A
    community fetched by `get_community_for` remembers the answer for the rest
    of the request; any other is asked afresh."""
    if not user.is_authenticated or not user.is_active:
        return None
    known = community.__dict__.get("_role_of")
    if known is not None and known[0] == user.pk:
        return known[1]
    return _find_role(community, user)


def _remember_role(community: Community, user: User) -> None:
    community._role_of = (user.pk, role_in(community, user))


def _find_role(community: Community, user: User) -> Role | None:
    if community.director_id == user.pk:
        return Role.DIRECTOR
    if community.tutor_id == user.pk:
        return Role.TUTOR
    teaches = community.__dict__.get("_teaches")  # read with the community by `get_community_for`
    if teaches[1] if teaches is not None and teaches[0] == user.pk else _teaches_in(community, user):
        return Role.TEACHER
    if user.is_staff:
        return Role.ADMIN
    return None


def _teaches_in(community: Community, user: User) -> bool:
    return community.memberships.current().filter(teacher=user).exists()


def is_member(community: Community, user: User) -> bool:
    """A current member: the director, the tutor or a teacher who has not left."""
    return role_in(community, user) in MEMBERS


def members_of(community: Community) -> QuerySet:
    return community.members()


def works_at(user: User, school_id: int) -> bool:
    return user.is_authenticated and StaffMembership.objects.filter(user=user, school_id=school_id).exists()


def _roles_at(user: User, school: School) -> frozenset[str]:
    """The roles the person holds on the school's staff, asked once per school
    object: a page checks several of them (sees it, takes part, directs) and
    would otherwise ask once for each."""
    if not user.is_authenticated:
        return frozenset()
    known = school.__dict__.get("_roles_at")
    if known is None or known[0] != user.pk:
        roles = frozenset(
            StaffMembership.objects.filter(user=user, school=school).order_by().values_list("role", flat=True)
        )
        known = school.__dict__["_roles_at"] = (user.pk, roles)
    return known[1]


def staff_with_role(school: School, role: StaffMembership.Role) -> QuerySet:
    """The people who hold `role` at the school, by name: who may be named its
    CAS's director or tutor, or be invited as a teacher."""
    return User.objects.filter(staff_memberships__school=school, staff_memberships__role=role).order_by("full_name")


def staff_outside_the_lead(school: School) -> QuerySet:
    """The school's staff other than its directors and tutors, by name: the
    people a piece of school work may be handed to (`SchoolWork`)."""
    leads = StaffMembership.objects.filter(
        school=school, role__in=[StaffMembership.Role.DIRECTOR, StaffMembership.Role.TUTOR]
    ).values("user_id")
    return (
        User.objects.filter(staff_memberships__school=school, is_active=True)
        .exclude(pk__in=leads)
        .distinct()
        .order_by("full_name")
    )


def takes_part(user: User, school: School) -> bool:
    """A teacher or a director of the school: who takes part in its workshop
    (every teacher of the school, not only its CAS's)."""
    return not _roles_at(user, school).isdisjoint({StaffMembership.Role.TEACHER, StaffMembership.Role.DIRECTOR})


def participants_of(school: School) -> QuerySet:
    """The people who take part in the school's workshop, by name."""
    return (
        User.objects.filter(
            staff_memberships__school=school,
            staff_memberships__role__in=[StaffMembership.Role.TEACHER, StaffMembership.Role.DIRECTOR],
            is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )


def _sees_school(user: User, school: School) -> bool:
    """Its staff, the tutor who guides it and platform admins."""
    return user.is_authenticated and (user.is_staff or bool(_roles_at(user, school)) or guides(user, school))


def directs(user: User, school: School) -> bool:
    return StaffMembership.Role.DIRECTOR in _roles_at(user, school)


def guides(user: User, school: School) -> bool:
    """The school's Construye T tutor: named tutor on its staff, or tutor of one
    of its CAS."""
    return user.is_authenticated and (
        StaffMembership.Role.TUTOR in _roles_at(user, school)
        or Community.objects.filter(school=school, tutor=user).exists()
    )


def _leads_school(user: User, school) -> Exists:
    """Whether the person directs or guides the school (`school` a School or an
    OuterRef to one), as an expression."""
    staff = StaffMembership.objects.filter(
        user=user, school=school, role__in=[StaffMembership.Role.DIRECTOR, StaffMembership.Role.TUTOR]
    )
    return Exists(staff) | Exists(Community.objects.filter(school=school, tutor=user))


def _directs_or_guides(user: User, school: School) -> bool:
    """`directs(user, school) or guides(user, school)`, asked in one query, or
    none for the school of a community `get_community_for` fetched."""
    known = school.__dict__.get("_led")
    if known is not None and known[0] == user.pk:
        return known[1]
    return School.objects.filter(pk=school.pk).filter(_leads_school(user, school)).exists()


# --- The rules ------------------------------------------------------------------------------


def allows(user: User, target, need: Need) -> bool:
    """May the person do `need` with `target` (a community, one of its objects,
    a journal entry, a practice, an invitation or a school)?"""
    match target:
        case Community():
            return role_in(target, user) in BY_ROLE.get(need, ())
        case Meeting():
            if need is Need.RECORD:
                return allows(user, target.community, Need.LEAD) or (
                    is_member(target.community, user) and _writes_the_minutes(target, user)
                )
            return allows(user, target.community, need)
        case Agreement():
            if need is Need.UPDATE:
                return is_member(target.community, user) and (
                    target.owner_id == user.pk or allows(user, target.community, Need.LEAD)
                )
            return allows(user, target.community, need)
        case Milestone():
            if need is Need.COMPLETE:
                rule = Need.LEAD if target.kind in MILESTONES_OF_THE_LEADERS else Need.PARTICIPATE
                return allows(user, target.community, rule)
            return allows(user, target.community, need)
        case DiffusionSummary():
            return _allows_on_summary(user, target, need)
        case Reflection():
            return _allows_on_reflection(user, target, need)
        case Practice():
            if need is Need.EDIT:
                return user.is_authenticated and target.author_id == user.pk
            return need is Need.VIEW and visible_practices(user).filter(pk=target.pk).exists()
        case Invitation():
            return need is Need.ANSWER and user.is_authenticated and target.invitee_id == user.pk
        case School():
            if need in (Need.FORM, Need.STAFF):
                return user.is_authenticated and (user.is_staff or directs(user, target))
            if need is Need.DIAGNOSE:  # platform staff read the diagnostic, they do not run it
                return directs(user, target) or guides(user, target)
            if need in (Need.SEE_DIAGNOSTIC, Need.VIEW):
                return _sees_school(user, target)
            if need is Need.MANAGE:  # set up the school's workshop
                return directs(user, target)
            if need is Need.REPORT:
                return user.is_authenticated and (user.is_staff or _directs_or_guides(user, target))
            if need is Need.AUDIT:
                return user.is_authenticated and (user.is_staff or directs(user, target))
            return need is Need.SHARE and works_at(user, target.pk)
        case ImportRun():
            if need is not Need.VIEW:
                return False
            if target.school_id is None:
                return user.is_authenticated and user.is_staff
            return allows(user, target.school, Need.STAFF)
        case SchoolWork():
            return _allows_on_school_work(user, target, need)
        case Assignment():
            if need is Need.UPDATE:
                mine = user.is_authenticated and target.owner_id == user.pk
                return (mine and allows(user, target.work, Need.PARTICIPATE)) or allows(
                    user, target.work, Need.FACILITATE
                )
            return need is Need.VIEW and allows(user, target.work, Need.VIEW)
        case Contribution():
            if need is Need.EDIT:
                return (
                    user.is_authenticated
                    and target.author_id == user.pk
                    and allows(user, target.work, Need.PARTICIPATE)
                )
            return need is Need.VIEW and allows(user, target.work, Need.VIEW)
    raise TypeError(f"No rule for {type(target).__name__}")


def _allows_on_school_work(user: User, work: SchoolWork, need: Need) -> bool:
    """A diagnostic campaign's paper sheets are typed in by the school's
    director and tutor or the staff they named; a workshop is facilitated by
    the school's director or the staff they named, and every teacher and
    director of the school takes part in it."""
    if need is Need.CAPTURE:
        return allows(user, work.school, Need.DIAGNOSE) or _named_for(user, work)
    if need is Need.FACILITATE:
        return directs(user, work.school) or _named_for(user, work)
    if need is Need.PARTICIPATE:
        return takes_part(user, work.school)
    if need in (Need.DIAGNOSE, Need.SEE_DIAGNOSTIC, Need.VIEW, Need.MANAGE):
        return allows(user, work.school, need)
    return False


def _named_for(user: User, work: SchoolWork) -> bool:
    return user.is_authenticated and user.pk in work.named_staff_ids() and works_at(user, work.school.pk)


def _allows_on_summary(user: User, summary: DiffusionSummary, need: Need) -> bool:
    """The CAS's director writes and publishes its summary. The CAS's people
    (and platform admins) read it from the first draft; once published, so do
    the school's whole staff and the tutor who guides the school."""
    community = summary.community
    if need is Need.MANAGE:
        return allows(user, community, Need.MANAGE)
    if need is Need.VIEW:
        return allows(user, community, Need.VIEW) or (summary.is_published and _sees_school(user, community.school))
    return False


def _writes_the_minutes(meeting: Meeting, user: User) -> bool:
    return meeting.roles.filter(kind=SessionRole.Kind.MINUTES, person=user).exists()


def _allows_on_reflection(user: User, entry: Reflection, need: Need) -> bool:
    if need is Need.EDIT:
        return user.is_authenticated and entry.author_id == user.pk
    readable = entry.__dict__.get("_visible_to") == user.pk or visible_reflections(user).filter(pk=entry.pk).exists()
    if need is Need.VIEW:
        return readable
    if need is Need.COMMENT:
        # The conversation belongs to the CAS: platform staff read shared
        # entries but take no part in it.
        return readable and (entry.author_id == user.pk or is_member(entry.community, user))
    return False


def require(user: User, target, need: Need) -> None:
    """Raise PermissionDenied, saying why, unless the person may do `need`."""
    if not allows(user, target, need):
        raise PermissionDenied(refusal(target, need))


def refusal(target, need: Need) -> str:
    """Why `need` was refused on `target`, in the reader's language."""
    kind = type(target)
    if isinstance(target, SchoolWork):
        kind = "SchoolWork"
    elif isinstance(target, Contribution):
        kind = "Contribution"
    elif isinstance(target, Assignment):
        kind = "Assignment"
    return REFUSALS.get((kind, need), REFUSALS[need])


def require_platform_staff(user: User) -> None:
    """Pages and actions for the people who run the platform."""
    if not (user.is_authenticated and user.is_staff):
        raise PermissionDenied(_("Only platform administrators see this page."))


def platform_administrators() -> QuerySet:
    """Who answers personal-data requests: the platform's active administrators."""
    return User.objects.filter(is_staff=True, is_active=True)


def needs_second_factor(user: User) -> bool:
    """Platform administrators open Django admin and the platform's pages only
    in a session verified by their second factor."""
    return user.is_authenticated and user.is_staff


# --- The audit trail ------------------------------------------------------------------------------


def platform_trail(user: User) -> QuerySet:
    """The whole audit trail, for platform administrators only (403 otherwise)."""
    require_platform_staff(user)
    return Event.objects.all()


def school_trail(school: School) -> QuerySet:
    """What a school's director reads (ask `Need.AUDIT` first): what happened at
    the school (its staff and their roles, its diagnostic, its workshop) and in
    each of its CAS, whoever it names. Not what concerns only a person's own
    account (their settings, second factor, sessions, lockouts): an account may
    serve several schools and holds what its owner alone should see of it; the
    platform's administrators read those."""
    return Event.objects.filter(Q(school=school) | Q(community__school=school))


def account_trail(user: User) -> QuerySet:
    """What a person reads about themselves: every event that names them as the
    person concerned (their account and settings, their memberships and roles),
    whoever acted."""
    if not user.is_authenticated:
        return Event.objects.none()
    return Event.objects.filter(person=user)


# --- Who gives which role at a school ----------------------------------------------------------

# Platform administrators name a school's director and its Construye T tutor
# (who may guide several schools) and may add teachers; a director adds the
# teachers and, where the school has more than one, another director.
ROLES_GRANTED_BY_ADMINS = (StaffMembership.Role.DIRECTOR, StaffMembership.Role.TUTOR, StaffMembership.Role.TEACHER)
ROLES_GRANTED_BY_DIRECTORS = (StaffMembership.Role.TEACHER, StaffMembership.Role.DIRECTOR)


def grantable_roles(user: User, school: School) -> tuple[StaffMembership.Role, ...]:
    """The roles the person may give at the school, most usual first; none for
    someone who may not add staff there."""
    if not user.is_authenticated:
        return ()
    if user.is_staff:
        return ROLES_GRANTED_BY_ADMINS
    if directs(user, school):
        return ROLES_GRANTED_BY_DIRECTORS
    return ()


def grants_role(user: User, school: School, role: str, *, granted: tuple | None = None) -> bool:
    """May the person give `role` at the school? Pass `granted` (from
    `grantable_roles`) to ask for many rows without asking the database again."""
    return role in (grantable_roles(user, school) if granted is None else granted)


def refusal_to_grant(role: str) -> str:
    """Why `grants_role` said no. Admins grant every role and directors every
    role but the tutor's, so a refusal is always a director naming a tutor."""
    return str(_("Only platform administrators name a school's Construye T tutor."))


def schools_directed_by(user: User) -> QuerySet:
    """The schools whose staff the person manages as their director, by name."""
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(
        staff_memberships__user=user, staff_memberships__role=StaffMembership.Role.DIRECTOR
    ).order_by("name")


def require_staff_manager(user: User) -> QuerySet:
    """The schools the person directs; 403 for someone who directs none."""
    schools = schools_directed_by(user)
    if not schools.exists():
        raise PermissionDenied(REFUSALS[Need.STAFF])
    return schools


# --- What templates read -------------------------------------------------------------------

NEEDS_SHOWN = {
    Community: (Need.VIEW, Need.PARTICIPATE, Need.LEAD, Need.MANAGE, Need.REVIEW, Need.LEAVE),
    Meeting: (Need.PARTICIPATE, Need.LEAD, Need.RECORD),
    Agreement: (Need.UPDATE,),
    Milestone: (Need.COMPLETE,),
    Reflection: (Need.EDIT, Need.COMMENT),
    Practice: (Need.EDIT,),
    School: (Need.REPORT,),
    DiffusionSummary: (Need.VIEW, Need.MANAGE),
}


@dataclass(frozen=True)
class Permissions:
    """What the person asking may do with one object, computed once per request
    by `permissions_for`: templates read `permissions.lead`, `permissions.record`…"""

    granted: frozenset[Need]


for _need in Need:
    setattr(Permissions, _need.value, property(lambda self, need=_need: need in self.granted))


class AskedPermissions:
    """What the person may do with a satellite's object (`SchoolWork`,
    `Contribution`): each need is asked of `allows` the first time a template
    reads it, so a page pays only for the buttons it shows."""

    def __init__(self, user: User, target):
        self._user, self._target, self._known = user, target, {}

    def __getattr__(self, name: str) -> bool:
        try:
            need = Need(name)
        except ValueError:
            raise AttributeError(name) from None
        if need not in self._known:
            self._known[need] = allows(self._user, self._target, need)
        return self._known[need]


def permissions_for(user: User, target) -> Permissions | AskedPermissions:
    if isinstance(target, SchoolWork | Contribution | Assignment) and type(target) not in NEEDS_SHOWN:
        return AskedPermissions(user, target)
    needs = NEEDS_SHOWN[type(target)]
    return Permissions(frozenset(need for need in needs if allows(user, target, need)))


def attach_permissions(user: User, targets) -> list:
    """Give each object of a list its `.permissions` (agreements, milestones)."""
    targets = list(targets)
    for target in targets:
        target.permissions = permissions_for(user, target)
    return targets


def attach_contribution_permissions(user: User, work: SchoolWork, rows) -> list:
    """Give each contribution of one work its `.permissions` (EDIT for its
    author, who still takes part), asking whether the person takes part once."""
    rows = list(rows)
    takes_part_here = allows(user, work, Need.PARTICIPATE)
    for row in rows:
        mine = takes_part_here and row.author_id == user.pk
        row.permissions = Permissions(frozenset({Need.EDIT} if mine else ()))
    return rows


def attach_assignment_permissions(user: User, work: SchoolWork, rows) -> list:
    """Give each assignment of one work its `.permissions` (UPDATE for its
    owner, who still takes part, and for the work's facilitator), asking each
    rule once for the whole list."""
    rows = list(rows)
    takes_part_here = allows(user, work, Need.PARTICIPATE)
    facilitates = allows(user, work, Need.FACILITATE)
    for row in rows:
        mine = takes_part_here and row.owner_id == user.pk
        row.permissions = Permissions(frozenset({Need.UPDATE} if mine or facilitates else ()))
    return rows


@dataclass(frozen=True)
class HomeSections:
    """Which sections of the home page the person sees, by the roles they hold
    at their schools."""

    teacher: bool
    director: bool
    tutor: bool


def home_sections(school_roles: set[str]) -> HomeSections:
    return HomeSections(
        teacher=StaffMembership.Role.TEACHER in school_roles,
        director=StaffMembership.Role.DIRECTOR in school_roles,
        tutor=StaffMembership.Role.TUTOR in school_roles,
    )


@dataclass(frozen=True)
class PlatformPermissions:
    """What the navigation offers the person, whatever page they are on."""

    administer: bool


def platform_permissions(user: User) -> PlatformPermissions:
    return PlatformPermissions(administer=user.is_authenticated and user.is_staff)


def starts_on_platform_overview(user: User, school_roles: set[str]) -> bool:
    """A platform administrator who works at no school has no home of their
    own: the platform overview is it."""
    return not school_roles and platform_permissions(user).administer


def recommends_second_factor(sections: HomeSections) -> bool:
    """Directors and tutors see a school's people and results: their home
    suggests a second factor until they set one up."""
    return sections.director or sections.tutor


# --- Fetch and authorise in one step -------------------------------------------------------


def _refuse(community: Community, user: User, need: Need, reason: str | None = None) -> None:
    """404 for people with no tie to the school, so nothing leaks; 403 for the
    school's staff and for members without the role (saying `reason`, or
    why `need` is refused)."""
    if role_in(community, user) is None and not works_at(user, community.school_id):
        raise Http404
    raise PermissionDenied(reason or REFUSALS[need])


def get_community_for(user: User, pk: int, need: Need = Need.VIEW) -> Community:
    """The community with this pk if the person may `need` it; 404 for those with
    no tie to its school, 403 for those without the right role. The result
    carries `.permissions` for templates."""
    communities = Community.objects.select_related("school", "director", "tutor").filter(pk=pk)
    if user.is_authenticated:  # whether the person teaches in it and leads its school, in the same query
        teaching = Membership.objects.current().filter(community=OuterRef("pk"), teacher=user)
        communities = communities.annotate(
            viewer_teaches=Exists(teaching), viewer_leads_school=_leads_school(user, OuterRef("school"))
        )
    community = communities.first()
    if community is None:
        raise Http404
    if user.is_authenticated:
        community._teaches = (user.pk, community.viewer_teaches)
        community.school._led = (user.pk, community.viewer_leads_school)
    _remember_role(community, user)
    if not allows(user, community, need):
        _refuse(community, user, need)
    community.permissions = permissions_for(user, community)
    return community


def get_meeting_for(user: User, community_pk: int, meeting_pk: int, need: Need = Need.VIEW) -> Meeting:
    """A meeting fetched through its community (404 if it belongs to another);
    the meeting carries `.permissions` and its community the community's."""
    community = get_community_for(user, community_pk)
    meeting = community.meetings.select_related("minutes_written_by").filter(pk=meeting_pk).first()
    if meeting is None:
        raise Http404
    meeting.community = community
    if not allows(user, meeting, need):
        raise PermissionDenied(REFUSALS[need])
    meeting.permissions = permissions_for(user, meeting)
    return meeting


def get_summary_for(user: User, pk: int, need: Need = Need.VIEW) -> DiffusionSummary:
    """The Difusión summary of the CAS with this pk (a new draft, not saved,
    while its director has not written one) if the person may `need` it: 404
    for those with no tie to the school, 403 for its staff while it is a draft
    and for everyone but the director on writes. The summary carries
    `.permissions`, its community the community's (the CAS's navigation)."""
    community = Community.objects.select_related("school", "director", "tutor").filter(pk=pk).first()
    if community is None:
        raise Http404
    _remember_role(community, user)
    found = DiffusionSummary.objects.select_related("published_by").filter(community=community).first()
    summary = found or DiffusionSummary(community=community)
    summary.community = community
    if not allows(user, summary, need):
        _refuse(community, user, need, refusal(summary, need))
    community.permissions = permissions_for(user, community)
    summary.permissions = permissions_for(user, summary)
    return summary


def told_of_the_summary(community: Community) -> QuerySet:
    """Who is told when the CAS publishes its summary: the school's staff and
    the CAS's tutor, who may read it from then on (platform admins read it
    too, and are not told)."""
    return (
        User.objects.filter(Q(staff_memberships__school_id=community.school_id) | Q(pk=community.tutor_id))
        .filter(is_active=True)
        .distinct()
        .order_by("full_name", "pk")
    )


def get_school_for_director(user: User, pk: int) -> School:
    """A school whose CAS the person may form: its directors and platform admins.
    Other staff of the school get 403; everyone else 404."""
    return get_school_for(user, pk, Need.FORM)


def get_school_for(user: User, pk: int, need: Need, *, school: School | None = None) -> School:
    """A school the person may `need` (Need.STAFF: its directors and platform
    admins). Other staff of the school get 403; everyone else 404. `school`:
    the school with this pk already read (joined to the object that names it)."""
    if school is None or school.pk != pk:
        school = School.objects.filter(pk=pk).first()
    if school is None:
        raise Http404
    if not allows(user, school, need):
        if not works_at(user, school.pk):
            raise Http404
        raise PermissionDenied(REFUSALS[need])
    return school


def get_import_for(user: User, pk: int) -> ImportRun:
    """An import the person may follow: a staff list, for those who may add
    staff to its school (404 for people with no tie to the school, 403 for its
    other staff); a list of schools, for platform admins (403 for anyone else)."""
    run = ImportRun.objects.select_related("school", "uploaded_by").filter(pk=pk).first()
    if run is None:
        raise Http404
    if not allows(user, run, Need.VIEW):
        if run.school_id is not None and not works_at(user, run.school_id):
            raise Http404
        raise PermissionDenied(REFUSALS[(ImportRun, Need.VIEW)])
    return run


def report_need(kind: str) -> Need:
    """What a person needs on a report's school or community to ask for it and open it."""
    registered = extensions.registry.report_kinds.get(kind)
    return (registered.need if registered is not None else None) or Need.VIEW


def get_report_for(user: User, pk: int) -> Report:
    """A report, for whoever may see what it is of (its community or its
    school): 404 for people with no tie to it, 403 for the school's other staff;
    the platform's figures for platform administrators only (403)."""
    report = Report.objects.filter(pk=pk).first()
    if report is None:
        raise Http404
    need = report_need(report.kind)
    if report.community_id is not None:
        report.community = get_community_for(user, report.community_id, need)
    elif report.school_id is not None:
        report.school = get_school_for(user, report.school_id, need)
    else:
        require_platform_staff(user)
    return report


def get_notice_for(user: User, pk: int) -> Notification:
    """A notice exists only for its recipient: 404 for anyone else."""
    return get_object_or_404(Notification.objects.for_recipient(user), pk=pk)


def get_invitation_for_invitee(user: User, pk: int) -> Invitation:
    """An invitation, only for the person it was sent to (404 for anyone else)."""
    invitation = Invitation.objects.select_related("community__school", "invited_by").filter(pk=pk).first()
    if invitation is None or not allows(user, invitation, Need.ANSWER):
        raise Http404
    return invitation


def get_reflection_for(user: User, pk: int, need: Need = Need.VIEW) -> Reflection:
    """A journal entry the person may read (404 otherwise, so a private entry
    never shows that it exists), 403 for a reader who may not `need` it."""
    entry = (
        visible_reflections(user, one=True)
        .select_related("author", "community__school", "prompt", "meeting", "goal")
        .prefetch_related("skills__dimension")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404
    entry._visible_to = user.pk  # fetched through visible_reflections: readable, no need to ask again
    if need is not Need.VIEW and not allows(user, entry, need):
        raise PermissionDenied(REFUSALS[need])
    entry.permissions = permissions_for(user, entry)
    return entry


def get_practice_for(user: User, pk: int, need: Need = Need.VIEW) -> Practice:
    """A practice of the bank the person may see (404 otherwise), 403 for a
    reader who may not `need` it."""
    practice = (
        visible_practices(user).select_related("author", "school").prefetch_related("skills").filter(pk=pk).first()
    )
    if practice is None:
        raise Http404
    if need is not Need.VIEW and not allows(user, practice, need):
        raise PermissionDenied(REFUSALS[need])
    practice.permissions = permissions_for(user, practice)
    return practice


# --- Rules over whole collections ----------------------------------------------------------


def journal_communities(user: User) -> QuerySet:
    """The communities in whose journal the person may write: open ones where
    they are a current member."""
    if not user.is_authenticated:
        return Community.objects.none()
    return Community.objects.active().with_member(user)


def writes_in_journal(user: User) -> bool:
    """Whether the person belongs to an open CAS, so may write in the journal.
    Asked by the page and by the panels on it: the answer is kept on the user
    object for the rest of the request."""
    known = getattr(user, "_writes_in_journal", None)
    if known is None:
        known = journal_communities(user).exists()
        user._writes_in_journal = known
    return known


def require_journal_writer(user: User) -> list[Community]:
    communities = list(journal_communities(user).order_by("school__name"))
    if not communities:
        raise PermissionDenied(_("You write in the journal once you belong to a CAS."))
    return communities


def shares_practices(user: User) -> bool:
    """The bank of practices is written by the people who work at a school."""
    return user.is_authenticated and user.staff_memberships.exists()


def require_school_staff(user: User) -> None:
    if not shares_practices(user):
        raise PermissionDenied(_("Practices are shared by the staff of a school."))


def _in_cas(user: User) -> Q:
    """Rows whose community has the person as a current member."""
    return Q(community__in=Community.objects.with_member(user))


def visible_reflections(user: User, *, one: bool = False) -> QuerySet:
    """The one rule for reading journal entries: the author sees theirs; the
    community's tutor sees those shared with the tutor or the community; current
    members see those shared with the community; platform staff see community
    entries. A private entry reaches nobody but its author.

    For lists the person's communities are read first (one small query), so
    that each branch of the rule is a plain condition on an indexed column and
    PostgreSQL combines the author index with the (community, visibility) one
    instead of reading every entry of the platform. `one=True` (a single entry
    fetched by its pk) keeps them as subqueries in the same query."""
    if not user.is_authenticated:
        return Reflection.objects.none()
    communities = Community.objects.with_member(user).order_by()
    if one:
        members_of, tutor_of = communities.values("pk"), Community.objects.filter(tutor=user).values("pk")
    else:
        ties = list(communities.values_list("pk", "tutor_id", "closed_at"))
        if not hasattr(user, "_writes_in_journal"):  # the same rows answer `writes_in_journal`
            user._writes_in_journal = any(closed_at is None for _pk, _tutor, closed_at in ties)
        members_of = [pk for pk, _tutor, _closed in ties]
        tutor_of = [pk for pk, tutor, _closed in ties if tutor == user.pk]
    rule = (
        Q(author=user)
        | Q(visibility=Visibility.COMMUNITY, community_id__in=members_of)
        | Q(visibility=Visibility.TUTOR, community_id__in=tutor_of)
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
