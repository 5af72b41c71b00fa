"""Demo data of the workshops app, on top of the core's (`manage.py seed_demo`
runs the core's demo first).

- Two of escuela A's journal entries were written in work spaces of the workshop.
- escuela-b (a secundaria in Oaxaca) ran «Ser y hacer en comunidad de
  aprendizaje» on 7–9 January 2026: its 12 teachers took part (not only its
  CAS's) with a teacher the director named facilitator; the four spaces were
  lived and concluded; the continuity agreements of the CAS's members were
  later taken to its CAS; the Carpeta is built.
- escuela-a (a CBTIS in Guadalajara) is running it in the current school year:
  Huella colectiva concluded yesterday, «La práctica docente bajo la lupa» in
  progress with its first situations and two common problems, the vote not yet
  open, so its teachers find the space's notice waiting.

Everything goes through the services, as the people would do it; each step
runs now and its timestamps are then moved back to when it happened
(`happened`). Each step is guarded: seeding again changes nothing.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from communities.demo import SCHOOLS
from communities.models import (
    AgendaItem,
    Agreement,
    Event,
    Notification,
    Reflection,
    ReflectionPrompt,
    Report,
    School,
    SessionRole,
    StaffMembership,
    TeachingDimension,
    User,
)
from communities.services import notices, reports
from communities.services.meetings import set_agreement_status
from workshops import catalogue
from workshops.cas import CARPETA, carpeta_subject
from workshops.catalogue import ensure_prompts
from workshops.demo.cast import DIRECTOR, A, B
from workshops.demo.escuela_a import (
    LIGHTS_A,
    MILESTONES_A,
    PROBLEMS_A,
    SESSION_ROLES_A,
    SITUATIONS_A,
    SYNTHESIS_A,
)
from workshops.demo.escuela_b import (
    CALLIGRAM_B,
    CAS_DONE,
    DAY_1,
    DAY_2,
    DIRECTORS_DAY_B,
    DONE,
    DOTS_B,
    FACILITATOR_B,
    LIGHTS_B,
    MILESTONES_B,
    PROBLEMS_B,
    PROPOSALS_B,
    SESSION_ROLES_B,
    SITUATIONS_B,
    SYNTHESES_B,
    WORDS_B,
)
from workshops.models import (
    AssessmentAxis,
    Calligram,
    CalligramWord,
    CollaborativeProposal,
    CommonProblem,
    ContinuityAgreement,
    DirectorsDay,
    Dot,
    Light,
    Moment,
    PathMilestone,
    PromptWorkSpace,
    Situation,
    SpaceRun,
    TemplateSpace,
    Workshop,
    WorkshopTemplate,
    WorkSpace,
)
from workshops.services import calligram, directors, huella, lupa, proposals, runs
from workshops.services.journal import set_entry_workspace

# Titles of demo journal entries, and the work space each belongs to.
ENTRIES = {
    "Por qué dije que sí la segunda vez": WorkSpace.HUELLA_COLECTIVA,
    "Lo que aprendí de la escucha en parejas": WorkSpace.PRACTICA_BAJO_LA_LUPA,
}

LIGHTS = {"V": Light.GREEN, "A": Light.YELLOW, "R": Light.RED}
ROLES = (SessionRole.Kind.MODERATION, SessionRole.Kind.MINUTES, SessionRole.Kind.TIMEKEEPING)


def email(slug: str, who: int) -> str:
    return f"director@{slug}.demo" if who == DIRECTOR else f"docente{who}@{slug}.demo"


def person(slug: str, who: int) -> User:
    return User.objects.get(email=email(slug, who))


# --- Dating what each step wrote --------------------------------------------------------------------

# Every timestamp the demo's steps leave behind.
STAMPS = [
    (Workshop, ("created_at", "updated_at", "voting_opened_at", "voting_closed_at")),
    (SpaceRun, ("created_at", "updated_at", "opened_at", "concluded_at")),
    (PathMilestone, ("created_at", "updated_at")),
    (Situation, ("created_at", "updated_at")),
    (CommonProblem, ("created_at", "updated_at")),
    (Dot, ("created_at",)),
    (CollaborativeProposal, ("created_at", "updated_at")),
    (ContinuityAgreement, ("created_at",)),
    (CalligramWord, ("created_at", "updated_at")),
    (Calligram, ("created_at", "updated_at")),
    (DirectorsDay, ("created_at", "updated_at")),
    (User, ("date_joined",)),
    (StaffMembership, ("created_at", "updated_at")),
    (Agreement, ("created_at", "closed_at")),
    (AgendaItem, ("created_at",)),
    (Event, ("created_at",)),
    (Notification, ("created_at", "read_at")),
]


@contextmanager
def happened(when: datetime) -> Iterator[None]:
    """Run the step now, then move every timestamp it wrote to `when` (never
    later than now). Only the step's own rows are that recent: what the demo
    wrote before was moved back already (the demo is seeded on a quiet
    database: a row someone else wrote meanwhile would be moved too)."""
    when = min(when, timezone.now())
    began = timezone.now()
    yield
    for model, fields in STAMPS:
        for name in fields:
            model.objects.filter(**{f"{name}__gte": began}).update(**{name: when})


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment of a day, in the schools' time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def published_template() -> WorkshopTemplate:
    """The SEP's January 2026 workshop, published (the migration installs it)."""
    catalogue.ensure_default_template(WorkshopTemplate, TemplateSpace, Moment, AssessmentAxis, TeachingDimension)
    return (
        WorkshopTemplate.objects.filter(title=catalogue.TITLE, status=WorkshopTemplate.Status.PUBLISHED)
        .order_by("number")
        .first()
    )


def run_of(workshop: Workshop, workspace: str) -> SpaceRun:
    return SpaceRun.objects.select_related("space").get(workshop=workshop, space__workspace=workspace)


def dimensions(*codes: str) -> list[TeachingDimension]:
    return list(TeachingDimension.objects.filter(code__in=codes))


# --- escuela-b: the story ----------------------------------------------------------------------------


def seed_escuela_b(template: WorkshopTemplate) -> Workshop | None:
    school = _school(B)
    director = person(B, DIRECTOR)
    setting_up = at(date(2025, 12, 15), 13, 0)
    workshop = Workshop.objects.filter(school=school, template=template, school_year="2025-2026").first()
    if workshop is None:
        workshop = _set_up_b(school, template, director, setting_up)
    if workshop is None:
        return None
    facilitator = person(B, FACILITATOR_B)
    _directors_day_b(workshop, director)
    _huella(workshop, facilitator, B, MILESTONES_B, LIGHTS_B, SYNTHESES_B[WorkSpace.HUELLA_COLECTIVA], DAY_1, start=14)
    _lupa_b(workshop, facilitator)
    _construyendo_b(workshop, facilitator)
    _caligrama_b(workshop, facilitator)
    _agreements_to_the_cas(workshop, director)
    _carpeta(workshop, director)
    return workshop


def _school(slug: str) -> School:
    return School.objects.get(cct=next(demo.cct for demo in SCHOOLS if demo.slug == slug))


def _set_up_b(school: School, template: WorkshopTemplate, director: User, when: datetime) -> Workshop | None:
    """Set up for the SEP's days, with a teacher as facilitator, who reads the
    notice that afternoon and gives both sessions their light roles."""
    if template is None:
        return None
    facilitator = person(B, FACILITATOR_B)
    with happened(when + timedelta(minutes=20)):
        workshop = runs.set_up_workshop(
            actor=director,
            school=school,
            template=template,
            starts_on=DAY_1,
            ends_on=DAY_2,
            directors_day=catalogue.DIRECTORS_DAY,
            facilitator=facilitator,
        )
    with happened(when + timedelta(hours=4)):
        for notice in (
            Notification.objects.for_recipient(facilitator).unread().about(f"workshop-facilitator:{workshop.pk}")
        ):
            notices.open_notice(actor=facilitator, notice=notice)
    _session_roles(workshop, facilitator, B, SESSION_ROLES_B)
    return workshop


def _session_roles(workshop: Workshop, facilitator: User, slug: str, plan: dict) -> None:
    for session in workshop.sessions.all():
        if session.number in plan and not session.roles.exists():
            people = dict(zip(ROLES, (person(slug, who) for who in plan[session.number]), strict=True))
            runs.assign_session_roles(actor=facilitator, session=session, people=people)


def _directors_day_b(workshop: Workshop, director: User) -> None:
    """7 January: the director's reflection and poster of commitments."""
    if DirectorsDay.objects.filter(workshop=workshop, author=director).exists():
        return
    day = workshop.directors_day
    with happened(at(day, 10, 15)):
        directors.save_directors_day(
            actor=director,
            workshop=workshop,
            reflection=DIRECTORS_DAY_B["reflection"],
            poster_title=DIRECTORS_DAY_B["poster_title"],
        )
    for n, text in enumerate(DIRECTORS_DAY_B["commitments"]):
        with happened(at(day, 11, 5 * n)):
            directors.add_commitment(actor=director, workshop=workshop, text=text)


def _open(run: SpaceRun, facilitator: User, when: datetime) -> None:
    with happened(when):
        runs.open_space(actor=facilitator, run=run)


def _conclude(run: SpaceRun, facilitator: User, when: datetime) -> None:
    with happened(when):
        runs.conclude_space(actor=facilitator, run=run)


def _synthesis(run: SpaceRun, slug: str, plan: tuple, when: datetime) -> None:
    """Written together: a first draft, then a colleague completes it."""
    first, draft, second, addition = plan
    with happened(when):
        run = runs.save_synthesis(actor=person(slug, first), run=run, text=draft, based_on=run.revision)
    with happened(when + timedelta(minutes=12)):
        runs.save_synthesis(actor=person(slug, second), run=run, text=f"{draft}\n\n{addition}", based_on=run.revision)


def _huella(
    workshop: Workshop,
    facilitator: User,
    slug: str,
    milestones: dict,
    lights: dict,
    synthesis: tuple,
    day: date,
    start: int,
) -> None:
    """Huella colectiva from `start` o'clock: everyone's milestones, their
    lights on the axes, the synthesis; then the space is concluded."""
    run = run_of(workshop, WorkSpace.HUELLA_COLECTIVA)
    if not run.is_not_started:
        return
    opened = at(day, start)
    _open(run, facilitator, opened)
    for n, (who, path) in enumerate(milestones.items()):
        author = person(slug, who)
        for k, (year, kind, title, meaning) in enumerate(path):
            with happened(opened + timedelta(minutes=15 + 4 * n + k)):
                huella.add_path_milestone(
                    actor=author, workshop=workshop, year=year, title=title, meaning=meaning, kind=kind
                )
    axes = list(AssessmentAxis.objects.filter(template_id=workshop.template_id).order_by("position", "pk"))
    rating = opened + timedelta(minutes=20 + 4 * len(milestones))
    for n, (who, code) in enumerate(lights.items()):
        with happened(rating + timedelta(minutes=n)):
            huella.rate_axes(
                actor=person(slug, who),
                workshop=workshop,
                lights={axis.pk: LIGHTS[c] for axis, c in zip(axes, code, strict=True)},
            )
    writing = rating + timedelta(minutes=len(lights) + 10)
    _synthesis(run, slug, synthesis, writing)
    _conclude(run, facilitator, writing + timedelta(minutes=20))


def _situations(workshop: Workshop, slug: str, plan: list, opened: datetime) -> dict[int, Situation]:
    written = {}
    for n, (who, description, observed, reasons, change, codes) in enumerate(plan):
        with happened(opened + timedelta(minutes=10 + 4 * n)):
            written[who] = lupa.describe_situation(
                actor=person(slug, who),
                workshop=workshop,
                description=description,
                observed=observed,
                reasons=reasons,
                change=change,
                dimensions=dimensions(*codes),
            )
    return written


def _problems(workshop: Workshop, facilitator: User, plan: list, situations: dict, when: datetime) -> list:
    named = []
    for n, (title, description, codes, grouped) in enumerate(plan):
        with happened(when + timedelta(minutes=2 * n)):
            problem = lupa.add_problem(
                actor=facilitator,
                workshop=workshop,
                title=title,
                description=description,
                dimensions=dimensions(*codes),
            )
            lupa.group_situations(actor=facilitator, problem=problem, situations=[situations[w] for w in grouped])
        named.append(problem)
    return named


def _lupa_b(workshop: Workshop, facilitator: User) -> None:
    """8 January, after Huella: twelve situations, four common problems, the dot
    vote (three each) that ranks them, the synthesis."""
    run = run_of(workshop, WorkSpace.PRACTICA_BAJO_LA_LUPA)
    if not run.is_not_started:
        return
    opened = at(DAY_1, 16, 50)
    _open(run, facilitator, opened)
    situations = _situations(workshop, B, SITUATIONS_B, opened)
    named = _problems(workshop, facilitator, PROBLEMS_B, situations, at(DAY_1, 18, 0))
    with happened(at(DAY_1, 18, 15)):
        lupa.open_voting(actor=facilitator, workshop=workshop)
    for n, (who, picks) in enumerate(DOTS_B.items()):
        with happened(at(DAY_1, 18, 17 + n)):
            for index in picks:
                lupa.place_dot(actor=person(B, who), problem=named[index])
    with happened(at(DAY_1, 18, 35)):
        lupa.close_voting(actor=facilitator, workshop=workshop)
    run.refresh_from_db()
    _synthesis(run, B, SYNTHESES_B[WorkSpace.PRACTICA_BAJO_LA_LUPA], at(DAY_1, 18, 40))
    _conclude(run, facilitator, at(DAY_1, 19, 0))


def _construyendo_b(workshop: Workshop, facilitator: User) -> None:
    """9 January: a proposal per prioritised challenge, written by its team in
    two saves, with its actions and continuity agreements; those whose owner is
    not in the CAS are followed up in the workshop afterwards."""
    run = run_of(workshop, WorkSpace.CONSTRUYENDO_EN_COLECTIVO)
    if not run.is_not_started:
        return
    opened = at(DAY_2, 14, 0)
    _open(run, facilitator, opened)
    problems = list(workshop.problems.order_by("pk"))
    followed = []
    for n, plan in enumerate(PROPOSALS_B):
        starter, editor = person(B, plan["starter"]), person(B, plan["editor"])
        with happened(opened + timedelta(minutes=15 + 5 * n)):
            proposal = proposals.start_proposal(
                actor=starter, workshop=workshop, title=plan["title"], problem=problems[plan["problem"]]
            )
        with happened(opened + timedelta(minutes=40 + 5 * n)):
            proposal = proposals.save_proposal(
                actor=starter,
                proposal=proposal,
                based_on=proposal.revision,
                title=plan["title"],
                objective=plan["objective"],
            )
        with happened(opened + timedelta(minutes=90 + 5 * n)):
            proposals.save_proposal(
                actor=editor,
                proposal=proposal,
                based_on=proposal.revision,
                **{name: plan[name] for name in ("title", "objective", "resources", "evaluation")},
            )
        for k, (text, owner, due_on) in enumerate(plan["actions"]):
            with happened(opened + timedelta(minutes=120 + 10 * n + 2 * k)):
                proposals.add_action(
                    actor=starter if k % 2 == 0 else editor,
                    proposal=proposal,
                    text=text,
                    owner=person(B, owner),
                    due_on=due_on,
                )
        for k, (horizon, text, owner, follow, wants_goal) in enumerate(plan["agreements"]):
            with happened(opened + timedelta(minutes=160 + 10 * n + 2 * k)):
                agreement = proposals.add_continuity_agreement(
                    actor=starter,
                    proposal=proposal,
                    horizon=horizon,
                    text=text,
                    owner=person(B, owner),
                    wants_goal=wants_goal,
                )
            if follow == DONE:
                followed.append((agreement, owner))
    run.refresh_from_db()
    _synthesis(run, B, SYNTHESES_B[WorkSpace.CONSTRUYENDO_EN_COLECTIVO], at(DAY_2, 17, 20))
    _conclude(run, facilitator, at(DAY_2, 17, 35))
    # At 15 and 30 days, the owners outside the CAS mark theirs done in the workshop.
    for agreement, owner in followed:
        proposals.set_continuity_status(
            actor=person(B, owner), agreement=agreement, status=ContinuityAgreement.Status.DONE
        )


def _caligrama_b(workshop: Workshop, facilitator: User) -> None:
    """9 January, to close: everyone's words, the shape the group changes its
    mind about (the hands, then the tree), the commitment sentence."""
    run = run_of(workshop, WorkSpace.CALIGRAMA)
    if not run.is_not_started:
        return
    opened = at(DAY_2, 17, 50)
    _open(run, facilitator, opened)
    for n, (who, text) in enumerate(WORDS_B.items()):
        with happened(opened + timedelta(minutes=5 + 2 * n)):
            calligram.add_words(actor=person(B, who), workshop=workshop, text=text)
    first, first_shape, second, shape, commitment = CALLIGRAM_B
    with happened(at(DAY_2, 18, 30)):
        drawn = calligram.save_calligram(
            actor=person(B, first), workshop=workshop, shape=first_shape, commitment="", based_on=0
        )
    with happened(at(DAY_2, 18, 38)):
        calligram.save_calligram(
            actor=person(B, second), workshop=workshop, shape=shape, commitment=commitment, based_on=drawn.revision
        )
    run.refresh_from_db()
    _synthesis(run, B, SYNTHESES_B[WorkSpace.CALIGRAMA], at(DAY_2, 18, 42))
    _conclude(run, facilitator, at(DAY_2, 19, 0))


def _agreements_to_the_cas(workshop: Workshop, director: User) -> None:
    """A week ago, once its CAS was formed, the director took the continuity
    agreements of its members to it; three were done since, one is still due."""
    if ContinuityAgreement.objects.filter(proposal__workshop=workshop, agreement__isnull=False).exists():
        return
    if proposals.school_cas(workshop) is None:
        return  # no CAS (the core's demo did not form one): they stay in the workshop
    now = timezone.localtime().replace(second=0, microsecond=0)
    with happened((now - timedelta(days=7)).replace(hour=17, minute=30)):
        proposals.take_agreements_to_cas(actor=director, workshop=workshop)
    for n, (text, owner) in enumerate(_agreements_followed(CAS_DONE)):
        agreement = Agreement.objects.get(pk=_workshop_agreement(workshop, text).agreement_id)
        with happened((now - timedelta(days=5 - n)).replace(hour=18, minute=10)):
            set_agreement_status(actor=person(B, owner), agreement=agreement, status=Agreement.Status.DONE)


def _agreements_followed(follow: str) -> list[tuple[str, int]]:
    """(text, owner) of escuela-b's continuity agreements followed up as `follow`."""
    return [
        (text, owner)
        for plan in PROPOSALS_B
        for _horizon, text, owner, followed, _goal in plan["agreements"]
        if followed == follow
    ]


def _workshop_agreement(workshop: Workshop, text: str) -> ContinuityAgreement:
    return ContinuityAgreement.objects.get(proposal__workshop=workshop, text=text)


def _carpeta(workshop: Workshop, director: User) -> None:
    """The Carpeta para la reflexión, asked for by the director and built at
    once (the demo runs without a worker; the worker's turn finds it built)."""
    subject = carpeta_subject(workshop)
    if Report.objects.filter(kind=CARPETA, subject=subject, status=Report.Status.READY).exists():
        return
    report = reports.request_report(actor=director, kind=CARPETA, subject=subject, school=workshop.school)
    reports.build(report_id=report.pk)
    report.refresh_from_db()
    if report.status != Report.Status.READY:
        raise RuntimeError(f"The demo's Carpeta was not built: {report.failure or report.status}")


def seed_escuela_a(template: WorkshopTemplate) -> Workshop | None:
    """Set up last week for yesterday and today; yesterday the group concluded
    Huella colectiva and opened the Lupa, which waits for the vote."""
    school = _school(A)
    director = person(A, DIRECTOR)
    yesterday = timezone.localdate() - timedelta(days=1)
    workshop = Workshop.objects.filter(school=school, template=template).order_by("-starts_on").first()
    if workshop is None and template is not None:
        with happened(at(yesterday - timedelta(days=5), 12, 30)):
            workshop = runs.set_up_workshop(
                actor=director,
                school=school,
                template=template,
                starts_on=yesterday,
                ends_on=yesterday + timedelta(days=1),
                directors_day=yesterday - timedelta(days=1),
            )
        _session_roles(workshop, director, A, SESSION_ROLES_A)
    if workshop is None:
        return None
    _huella(workshop, director, A, MILESTONES_A, LIGHTS_A, SYNTHESIS_A, workshop.starts_on, start=8)
    run = run_of(workshop, WorkSpace.PRACTICA_BAJO_LA_LUPA)
    if run.is_not_started:
        opened = at(workshop.starts_on, 11, 10)
        _open(run, director, opened)
        situations = _situations(workshop, A, SITUATIONS_A, opened)
        _problems(workshop, director, PROBLEMS_A, situations, opened + timedelta(minutes=40))
    return workshop


# --- All together ---------------------------------------------------------------------------------------


@transaction.atomic
def seed(stdout=None) -> None:
    ensure_prompts(ReflectionPrompt, PromptWorkSpace)
    entries = Reflection.objects.filter(title__in=ENTRIES, author__email__endswith="@escuela-a.demo").order_by("pk")
    for entry in entries:
        set_entry_workspace(entry=entry, workspace=ENTRIES[entry.title])
    template = published_template()
    seed_escuela_b(template)
    seed_escuela_a(template)
    # What the daily job left this morning at 07:35 (as the core's demo has
    # it): the notices of the CAS agreements now overdue, once.
    morning = timezone.localtime().replace(hour=7, minute=35, second=0, microsecond=0)
    if morning > timezone.now():
        morning -= timedelta(days=1)
    with happened(morning):
        notices.notify_overdue_agreements()
