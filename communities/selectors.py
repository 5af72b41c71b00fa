"""Reads that pages share: the dashboards, the community page and the lists.
Who may see a row is decided in communities.access; the per-object
permissions a page shows are attached here by asking it."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull
from django.http import Http404
from django.utils import timezone

from communities import access, documents, extensions, page_cache
from communities.access import visible_practices, visible_reflections
from communities.models import (
    Agreement,
    Attendance,
    Community,
    ConditionCheck,
    Event,
    Goal,
    Invitation,
    Meeting,
    Membership,
    Milestone,
    MilestoneKind,
    Notification,
    Phase,
    PhaseReview,
    Practice,
    PracticeFeedback,
    PracticeUse,
    Proposal,
    ProposalVote,
    ReflectionComment,
    ReflectionPrompt,
    Report,
    School,
    SessionRole,
    Skill,
    StaffMembership,
    Strategy,
    TeachingDimension,
    User,
)
from communities.models.community import current_school_year


@dataclass(frozen=True)
class SchoolWithRoles:
    school: School
    roles: list[str]
    role_codes: set[str] = field(default_factory=set)
    # Directed by the person, with no active CAS this school year yet.
    awaits_cas: bool = False


def schools_with_roles_for(user: User) -> list[SchoolWithRoles]:
    """The schools where the person works, each with the roles they hold there
    and whether they direct it while it has no CAS this school year, in one query."""
    # Last year's CAS does not count: each school year forms its own.
    with_cas = Community.objects.active().filter(school=OuterRef("school_id"), school_year=current_school_year())
    memberships = (
        StaffMembership.objects.filter(user=user)
        .select_related("school")
        .annotate(
            awaits_cas=ExpressionWrapper(Q(role=StaffMembership.Role.DIRECTOR) & ~Exists(with_cas), BooleanField())
        )
        .order_by("school__name", "role")
    )
    by_school: dict[int, SchoolWithRoles] = {}
    for membership in memberships:
        entry = by_school.get(membership.school_id)
        if entry is None or membership.awaits_cas:
            entry = by_school[membership.school_id] = SchoolWithRoles(
                membership.school,
                entry.roles if entry else [],
                entry.role_codes if entry else set(),
                awaits_cas=membership.awaits_cas,
            )
        entry.roles.append(membership.get_role_display())
        entry.role_codes.add(membership.role)
    return list(by_school.values())


def _counted(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of a correlated subquery: one number per outer row, without
    joining (and multiplying) the rows of several relations."""
    return Coalesce(Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")), 0)


def with_progress(queryset: QuerySet) -> QuerySet:
    """Annotate each community with its teachers and the milestones of its
    current phase, counted in SQL."""
    current = Milestone.objects.filter(community=OuterRef("pk"), phase=OuterRef("phase"))
    return queryset.annotate(
        teacher_count=_counted(Membership.objects.current().filter(community=OuterRef("pk"))),
        milestones_total=_counted(current),
        milestones_done=_counted(current.filter(completed_at__isnull=False)),
        awaiting_review=Exists(PhaseReview.objects.pending().filter(community=OuterRef("pk"))),
    )


def home_dashboards(user: User, schools: list[SchoolWithRoles], sections: access.HomeSections) -> dict:
    """The teacher's and the director's sections of the person's home, kept in
    the cache until something at their schools or about them changes
    (`page_cache`); the notices waiting for them are read each time."""
    school_ids = [entry.school.pk for entry in schools]
    found = page_cache.fetch(
        "home",
        person_id=user.pk,
        school_ids=school_ids,
        vary=(sections,),
        build=lambda: _home_dashboards(user, sections),
        stale_at=_stale_at,
    )
    found.pop("upcoming")
    found["teacher"]["notifications"], found["unread_notices"] = waiting_notices(user)
    if sections.director:
        found["director"]["schools_without_cas"] = [entry.school for entry in schools if entry.awaits_cas]
    return found


def _stale_at(found: dict):
    """When the clock changes what the sections show: the next meeting ends,
    an invitation lapses."""
    times = [meeting.ends_at for meeting in found["upcoming"]]
    times += [invitation.expires_at for invitation in found["teacher"]["invitations"]]
    return min(times, default=None)


def _home_dashboards(user: User, sections: access.HomeSections) -> dict:
    upcoming = Meeting.objects.upcoming().for_member(user).select_related("community__school").order_by("starts_at")
    # The director's page needs each CAS's next session, the others only theirs.
    upcoming = list(upcoming) if sections.director else list(upcoming[:1])
    if not sections.director:
        return {"upcoming": upcoming, "teacher": teacher_dashboard(user, teaches=sections.teacher, upcoming=upcoming)}
    # One query for the person's agreements and the overdue ones of the CAS they direct.
    # (A UNION of the two, each on its own index, not an OR that scans them all.)
    owned = Agreement.objects.filter(owner=user).order_by().values("pk")
    late = Agreement.objects.overdue().filter(community__director=user).order_by().values("pk")
    agreements = list(
        Agreement.objects.pending()
        .in_active_communities()
        .filter(pk__in=owned.union(late))
        .annotate(mine=ExpressionWrapper(Q(owner=user), BooleanField()))
        .select_related("community__school", "owner")
        .order_by("due_date", "pk")
    )
    teacher = teacher_dashboard(
        user, teaches=sections.teacher, upcoming=upcoming, agreements=[a for a in agreements if a.mine]
    )
    overdue = [agreement for agreement in agreements if agreement.is_overdue]
    return {"upcoming": upcoming, "teacher": teacher, "director": director_dashboard(user, upcoming, overdue)}


def teacher_dashboard(
    user: User, *, teaches: bool = True, upcoming: list[Meeting], agreements: list[Agreement] | None = None
) -> dict:
    """What waits for a member: proposals to vote on, their agreements (read
    here unless given) and the next meeting (the first of `upcoming`); for
    teachers also their communities and invitations to answer."""
    if agreements is None:
        agreements = list(
            Agreement.objects.pending()
            .in_active_communities()
            .filter(owner=user)
            .select_related("community__school")
            .order_by("due_date")
        )
    found = {
        "proposals": list(
            Proposal.objects.open()
            .filter(community__in=Community.objects.active().with_member(user))
            .exclude(votes__voter=user)
            .select_related("community__school", "proposed_by")
            .order_by("created_at")
        ),
        "agreements": agreements,
        "next_meeting": upcoming[0] if upcoming else None,
        "communities": [],
        "invitations": [],
        "prompt": None,
    }
    if teaches:
        found["communities"] = list(
            with_progress(Community.objects.active().with_teacher(user))
            .select_related("school")
            .order_by("school__name")
        )
        if found["communities"]:
            found["prompt"] = suggested_prompt(found["communities"][0].phase)
        found["invitations"] = list(
            Invitation.objects.pending()
            .filter(invitee=user)
            .select_related("community__school", "invited_by")
            .order_by("expires_at")
        )
        if not found["communities"] and not found["invitations"]:
            # Participation is voluntary: a teacher of a school whose CAS has
            # not invited them yet learns that it exists and whom to ask.
            found["cas_at_my_school"] = list(
                Community.objects.active()
                .filter(
                    school__staff_memberships__user=user, school__staff_memberships__role=StaffMembership.Role.TEACHER
                )
                .select_related("school", "director")
                .distinct()
            )
    return found


# Notices the home page lists from the data itself, with their buttons (the
# invitations to answer, the proposals to vote on), so not again as notices.
LISTED_ON_THE_HOME_PAGE = (Notification.Kind.INVITATION, Notification.Kind.PROPOSAL)
WAITING_SHOWN = 8


def waiting_notices(user: User) -> tuple[list[Notification], int]:
    """The person's unread notices for the home page's "Waiting for you",
    newest first: minutes to approve, a phase change to review, their
    agreements, comments… (the same query for a teacher, a director or a
    tutor); and how many are unread in all, counted in the same query."""
    listed = Case(When(kind__in=LISTED_ON_THE_HOME_PAGE, then=1), default=0, output_field=IntegerField())
    rows = list(
        Notification.objects.for_recipient(user)
        .unread()
        .annotate(unread_total=Window(Count("pk")), listed=listed)
        # Those listed anyway go last, so dropping them keeps the newest others.
        .order_by("listed", *Notification._meta.ordering)[:WAITING_SHOWN]
    )
    return [notice for notice in rows if not notice.listed], rows[0].unread_total if rows else 0


def unread_notice_count(user: User) -> int:
    """How many of the person's notices are unread: one COUNT on the
    (recipient, read_at) index, for the navigation on every page."""
    return Notification.objects.for_recipient(user).unread().count()


def notices_page(user: User, *, limit: int = 50) -> list[Notification]:
    """The person's notices, unread first, then newest first."""
    unread_first = IsNull(F("read_at"), True).desc()
    return list(Notification.objects.for_recipient(user).order_by(unread_first, "-created_at", "-pk")[:limit])


def director_dashboard(user: User, upcoming: list[Meeting], overdue: list[Agreement]) -> dict:
    """The communities the person directs, with invitations, current milestones,
    the director's conditions, and each one's next session and overdue
    agreements (from `upcoming`, the person's sessions to come in order, and
    `overdue`, which holds those of every CAS they direct)."""
    now = timezone.now()
    invitations = Invitation.objects.filter(community=OuterRef("pk"))
    conditions = ConditionCheck.objects.filter(community=OuterRef("pk"))
    communities = list(
        with_progress(Community.objects.active().directed_by(user))
        .annotate(
            pending_invitations=_counted(invitations.pending(now)),
            declined_invitations=_counted(invitations.filter(status=Invitation.Status.DECLINED)),
            conditions_total=_counted(conditions),
            conditions_met=_counted(conditions.filter(is_met=True)),
        )
        .select_related("school", "tutor")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(community__phase=F("phase")).order_by("position"),
                to_attr="current_milestones",
            ),
            Prefetch("goals", queryset=Goal.objects.prefetch_related("updates"), to_attr="all_goals"),
        )
        .order_by("school__name")
    )
    first: dict[int, Meeting] = {}
    for meeting in upcoming:
        first.setdefault(meeting.community_id, meeting)
    late: dict[int, list[Agreement]] = {}
    for agreement in overdue:
        late.setdefault(agreement.community_id, []).append(agreement)
    for community in communities:
        community.next_meeting = first.get(community.pk)
        community.overdue_agreements = late.get(community.pk, [])
        community.goals_at_risk = [g for g in community.all_goals if g.status() == Goal.Status.AT_RISK]
    return {"communities": communities, "schools_without_cas": []}


def tutor_dashboard(
    user: User, *, school_ids: list[int], school: School | None = None, phase: str = ""
) -> list[Community]:
    """Every community the tutor guides, those waiting for their review first,
    kept in the cache until something at their schools (`school_ids`) changes."""
    return page_cache.fetch(
        "tutor",
        person_id=user.pk,
        school_ids=school_ids,
        vary=(school.pk if school else None, phase),
        build=lambda: _tutor_dashboard(user, school=school, phase=phase),
    )


def tutored_schools(tutor: User) -> QuerySet:
    """The schools of the communities the tutor guides (or guided)."""
    return School.objects.filter(communities__tutor=tutor).distinct().order_by("name")


def tutor_school_options(user: User, *, school_ids: list[int]) -> list[tuple[int, str]]:
    """The tutor filter's schools as (id, name), in one query and then from the
    cache until something at the tutor's schools changes."""
    return page_cache.fetch(
        "tutor-schools",
        person_id=user.pk,
        school_ids=school_ids,
        build=lambda: [(school.pk, str(school)) for school in tutored_schools(user)],
    )


def _tutor_dashboard(user: User, *, school: School | None, phase: str) -> list[Community]:
    communities = (
        with_progress(Community.objects.active().guided_by(user))
        .select_related("school", "director")
        .only(
            "pk",
            "school_year",
            "phase",
            "teacher_cap",
            "school",
            "school__name",
            "director",
            "director__full_name",
        )
    )
    if school is not None:
        communities = communities.filter(school=school)
    if phase:
        communities = communities.filter(phase=phase)
    return list(communities.order_by(F("awaiting_review").desc(), "school__name", "-school_year"))


@dataclass
class PhaseStep:
    DONE, CURRENT, UPCOMING = "done", "current", "upcoming"

    phase: Phase
    state: str  # one of the three above; also the step's CSS class
    milestones: list[Milestone] = field(default_factory=list)
    reviews: list[PhaseReview] = field(default_factory=list)

    @property
    def is_done(self) -> bool:
        return self.state == self.DONE

    @property
    def is_current(self) -> bool:
        return self.state == self.CURRENT


def phase_timeline(community: Community, user: User) -> list[PhaseStep]:
    """The three phases with their milestones and evidence, and every request
    and review that moved (or did not move) the community between them. Each
    milestone carries its `.permissions` and, if the data proves it, `.proof`."""
    current = Phase(community.phase)
    order = list(Phase)
    steps = {
        phase: PhaseStep(
            phase,
            PhaseStep.DONE
            if order.index(phase) < order.index(current)
            else PhaseStep.CURRENT
            if phase == current
            else PhaseStep.UPCOMING,
        )
        for phase in order
        if phase != Phase.CONCLUDED
    }
    milestones = community.milestones.select_related("completed_by", "evidence_meeting").order_by("position")
    for milestone in access.attach_permissions(user, milestones):
        milestone.proof = extensions.registry.proofs.get(milestone.kind)
        steps[Phase(milestone.phase)].milestones.append(milestone)
    for review in community.phase_reviews.select_related("requested_by", "reviewed_by").order_by("requested_at"):
        steps[Phase(review.from_phase)].reviews.append(review)
    return list(steps.values())


def community_page(community: Community, user: User) -> dict:
    """Everything the community page shows, in a fixed number of queries."""
    from communities.services.phases import blockers_of

    memberships = list(community.memberships.select_related("teacher").order_by("joined_at"))
    timeline = phase_timeline(community, user)
    # The timeline already holds every review, the pending one (at most one) too.
    pending_review = next((r for step in timeline for r in step.reviews if r.is_pending), None)
    missing = [m for step in timeline if step.is_current for m in step.milestones if not m.is_completed]
    return {
        "members": [m for m in memberships if m.is_active],
        "former_members": [m for m in memberships if not m.is_active],
        "norms": list(community.proposals.adopted_norms().order_by("decided_at")),
        "timeline": timeline,
        "pending_review": pending_review,
        "phase_blockers": blockers_of(community, waiting=pending_review is not None, missing=missing),
        "events": activity_lines(community.events.select_related("actor")[:40], limit=10),
    }


def community_reports(community: Community, user: User) -> dict:
    """The latest progress report of the community and, for those who may ask
    for it, the latest report of its school, with what the person may do."""
    school = access.permissions_for(user, community.school)
    wanted = [(documents.COMMUNITY_PROGRESS, documents.community_subject(community))]
    if school.report:
        wanted.append((documents.SCHOOL_REPORT, documents.school_subject(community.school)))
    latest_ids = [
        Subquery(Report.objects.filter(kind=kind, subject=subject).order_by("-created_at", "-pk").values("pk")[:1])
        for kind, subject in wanted
    ]
    latest = {report.kind: report for report in Report.objects.filter(pk__in=latest_ids)}  # one query
    return {
        "progress_report": latest.get(documents.COMMUNITY_PROGRESS),
        "school_report": latest.get(documents.SCHOOL_REPORT),
        "school_permissions": school,
    }


def activity_lines(events, *, limit: int) -> list[Event]:
    """Recent activity, one line per action: the rows one action leaves (the
    attendance of each member, each session role) are read as one line that
    says how many (`event.repeats`)."""
    lines: list[Event] = []
    for event in events:
        previous = lines[-1] if lines else None
        if (
            previous is not None
            and (previous.actor_id, previous.verb) == (event.actor_id, event.verb)
            and abs(previous.created_at - event.created_at) < timedelta(minutes=5)
        ):
            previous.repeats += 1
            continue
        if len(lines) == limit:
            break
        event.repeats = 1
        lines.append(event)
    return lines


def proposals_with_votes(proposals: QuerySet, user: User) -> list[Proposal]:
    """Proposals with their votes counted and the viewer's own vote, open ones
    first, in a fixed number of queries."""
    rows = list(
        proposals.select_related("proposed_by")
        .prefetch_related("votes__voter")
        .order_by(F("decided_at").desc(nulls_first=True), "-created_at")
    )
    for proposal in rows:
        votes = list(proposal.votes.all())
        proposal.my_vote = next((v for v in votes if v.voter == user), None)
        proposal.agree_count = sum(1 for v in votes if v.choice == ProposalVote.Choice.AGREE)
        proposal.object_count = sum(1 for v in votes if v.choice == ProposalVote.Choice.OBJECT)
    return rows


# --- Meetings, agreements, goals ----------------------------------------------------


def meetings_page(community: Community) -> dict:
    meetings = community.meetings.annotate(
        agreement_count=Count("agreements", distinct=True),
        present_count=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT), distinct=True),
    ).order_by("starts_at")
    now = timezone.now()
    return {
        "upcoming": [m for m in meetings if m.ends_at >= now and not m.is_cancelled],
        "past": sorted(
            (m for m in meetings if m.ends_at < now or m.is_cancelled), key=lambda m: m.starts_at, reverse=True
        ),
    }


def meeting_page(meeting: Meeting, user: User) -> dict:
    members = list(meeting.community.members())
    attendance = {row.person_id: row for row in meeting.attendance.all()}
    approvals = list(meeting.minutes_approvals.select_related("person"))
    people_by_role = {role.kind: role.person for role in meeting.roles.select_related("person")}
    agreements = meeting.agreements.select_related("owner")
    for agreement in agreements:
        agreement.community = meeting.community  # already authorised, with its school
    return {
        "members": members,
        "agenda": list(meeting.agenda.select_related("added_by", "review_of__owner")),
        "roles": [(label, people_by_role.get(kind)) for kind, label in SessionRole.Kind.choices],
        "role_ids": {kind: person.pk for kind, person in people_by_role.items()},
        "attendance": [(person, attendance.get(person.pk)) for person in members],
        "attendance_recorded": bool(attendance),
        "approvals": approvals,
        "approved_by_me": any(approval.person == user for approval in approvals),
        "minutes_approved": meeting.minutes_approved_by(len(approvals), len(members)),
        "agreements": access.attach_permissions(user, agreements),
    }


def agreements_board(community: Community, user: User) -> dict:
    """The community's agreements, overdue first, then pending by date, then
    closed; each with what the person may do with it."""
    today = timezone.localdate()
    rows = access.attach_permissions(user, community.agreements.select_related("owner", "meeting"))

    def rank(agreement: Agreement) -> tuple:
        order = 0 if agreement.is_overdue else 1 if agreement.is_pending else 2
        return (order, agreement.due_date if order < 2 else today - agreement.due_date)

    rows.sort(key=rank)
    return {"mine": [a for a in rows if a.owner == user], "all": rows}


def goals_page(community: Community) -> list[Goal]:
    return list(_goals(community).order_by("due_date", "pk"))


def goal_page(community: Community, goal_pk: int) -> Goal:
    """One goal of the community with its updates (404 for another's)."""
    goal = _goals(community).filter(pk=goal_pk).first()
    if goal is None:
        raise Http404
    return goal


def _goals(community: Community) -> QuerySet:
    return community.goals.select_related("skill__dimension", "owner").prefetch_related("updates__recorded_by")


def strategies_page(community: Community) -> dict:
    return {
        "analyses": list(community.strategy_analyses.select_related("strategy__skill", "author")),
        "catalogue": list(Strategy.objects.filter(is_active=True).select_related("skill__dimension")),
        "milestone": community.milestones.filter(kind=MilestoneKind.STRATEGIES).first(),
    }


@dataclass(frozen=True)
class Participation:
    person: User
    present: int
    absent: int
    excused: int
    agreements_done: int
    agreements_total: int


def participation(community: Community) -> list[Participation]:
    """Attendance and agreements per member, counted in SQL."""
    attendance: dict[int, dict[str, int]] = {}
    for row in (
        Attendance.objects.filter(meeting__community=community).values("person_id", "status").annotate(n=Count("pk"))
    ):
        attendance.setdefault(row["person_id"], {})[row["status"]] = row["n"]
    agreements: dict[int, dict[str, int]] = {}
    for row in community.agreements.values("owner_id", "status").annotate(n=Count("pk")):
        agreements.setdefault(row["owner_id"], {})[row["status"]] = row["n"]
    rows = []
    for person in community.members():
        seen, owned = attendance.get(person.pk, {}), agreements.get(person.pk, {})
        rows.append(
            Participation(
                person=person,
                present=seen.get(Attendance.Status.PRESENT, 0),
                absent=seen.get(Attendance.Status.ABSENT, 0),
                excused=seen.get(Attendance.Status.EXCUSED, 0),
                agreements_done=owned.get(Agreement.Status.DONE, 0),
                agreements_total=sum(owned.values()),
            )
        )
    return rows


# --- Journal and practice bank -----------------------------------------------------------


def full_text(queryset: QuerySet, query: str, fields: tuple[str, ...]) -> QuerySet:
    """Search in Spanish: PostgreSQL's full-text search with the Spanish
    configuration (stems, accents as written) ranked by relevance; elsewhere a
    plain case-insensitive match on each word."""
    query = " ".join(query.split())
    if connection.vendor == "postgresql":
        # `document @@ query` (not `rank > 0`) so that the GIN index on the same
        # expression (migration 0025_page_indexes) finds the matching rows.
        vector = SearchVector(*fields, config="spanish")
        search = SearchQuery(query, config="spanish", search_type="websearch")
        return (
            queryset.annotate(document=vector)
            .filter(document=search)
            .annotate(rank=SearchRank(F("document"), search))
            .order_by("-rank", "-pk")
        )
    for word in query.split()[:10]:
        matches = Q()
        for name in fields:
            matches |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(matches)
    return queryset.order_by("-pk")


def reflections_for(user: User, filters: dict, visible: QuerySet | None = None) -> QuerySet:
    """The entries the person may read, filtered. Every count and list of the
    journal starts here, so a private entry never reaches anyone else.
    `visible` is `visible_reflections(user)` when the page already has it."""
    entries = visible_reflections(user) if visible is None else visible
    if filters.get("dimension"):
        entries = entries.filter(dimensions=filters["dimension"])
    if filters.get("skill"):
        entries = entries.filter(skills=filters["skill"])
    if filters.get("author"):
        entries = entries.filter(author=filters["author"])
    for name, entry_field in extensions.registry.entry_fields.items():
        if filters.get(name):
            entries = entry_field.apply_filter(entries, filters[name])
    if filters.get("since"):
        entries = entries.filter(written_on__gte=filters["since"])
    if filters.get("until"):
        entries = entries.filter(written_on__lte=filters["until"])
    if filters.get("q"):
        entries = full_text(entries, filters["q"], ("title", "body"))
    else:
        entries = entries.order_by("-written_on", "-pk")
    # The card shows neither the text nor the CAS; the comments are counted in
    # a subquery, so the page's COUNT needs no join and no GROUP BY.
    comments = ReflectionComment.objects.filter(reflection=OuterRef("pk")).order_by().values("reflection")
    return (
        entries.select_related("author")
        .only(*ENTRY_CARD_FIELDS)
        .prefetch_related("dimensions", "skills")
        .annotate(comment_count=Coalesce(Subquery(comments.annotate(n=Count("pk")).values("n")), 0))
    )


# What the journal's entry card reads of an entry and its author.
ENTRY_CARD_FIELDS = (
    "title",
    "written_on",
    "visibility",
    "community_id",
    "author_id",
    "author__full_name",
    "author__email",
)


def teaching_dimensions() -> list[TeachingDimension]:
    """The journal's teaching dimensions, in order, from the cache while the
    catalogues stay as they are (the admin's changes are audited, which bumps
    the catalogue version)."""
    return page_cache.fetch(
        "catalogue:teaching-dimensions", person_id=None, build=lambda: list(TeachingDimension.objects.all())
    )


def catalogue_skills() -> list[Skill]:
    """The Construye T skills with their dimensions, in order, from the cache
    (as `teaching_dimensions`)."""
    return page_cache.fetch(
        "catalogue:skills", person_id=None, build=lambda: list(Skill.objects.select_related("dimension"))
    )


def visible_authors(user: User, visible: QuerySet | None = None) -> QuerySet:
    entries = visible_reflections(user) if visible is None else visible
    return User.objects.filter(pk__in=entries.values("author_id")).only("full_name", "email").order_by("full_name")


def practices_for(user: User, filters: dict) -> QuerySet:
    practices = visible_practices(user)
    if filters.get("skill"):
        practices = practices.filter(skills=filters["skill"])
    if filters.get("level"):
        practices = practices.filter(level=filters["level"])
    if filters.get("scope"):
        practices = practices.filter(scope=filters["scope"])
    if filters.get("q"):
        practices = full_text(practices, filters["q"], ("title", "summary", "subject", "steps"))
    else:
        practices = practices.order_by("-created_at", "-pk")
    # Counted in subqueries, so the page's COUNT needs no join and no GROUP BY;
    # the card shows neither the steps nor the materials.
    uses = PracticeUse.objects.filter(practice=OuterRef("pk")).order_by().values("practice")
    feedback = PracticeFeedback.objects.filter(practice=OuterRef("pk")).order_by().values("practice")
    return (
        practices.select_related("author", "school")
        .defer("steps", "steps_html", "materials")
        .prefetch_related("skills")
        .annotate(
            use_count=Coalesce(Subquery(uses.annotate(n=Count("pk")).values("n")), 0),
            feedback_count=Coalesce(Subquery(feedback.annotate(n=Count("pk")).values("n")), 0),
        )
    )


def practice_page(practice: Practice, user: User) -> dict:
    return {
        "feedback": list(practice.feedback.select_related("author")),
        "uses": practice.uses.count(),
        "used_by_me": PracticeUse.objects.filter(practice=practice, user=user).exists(),
    }


def suggested_prompt(phase: str, today=None) -> ReflectionPrompt | None:
    """One prompt of the community's phase, a different one each day."""
    prompts = list(ReflectionPrompt.objects.filter(is_active=True, phase=phase).order_by("position", "pk"))
    if not prompts:
        return None
    day = (today or timezone.localdate()).toordinal()
    return prompts[day % len(prompts)]
