"""Demo data of the diagnostic, on top of the core's (`manage.py seed_demo` runs
the core's demo first): the default instrument, published; escuela-a's
línea base, answered by every audience (families by only 3: suppressed) and
closed, and its seguimiento, open with its first answers; escuela-b's línea
base, open with a few. Campaigns are opened and closed through the services, by
each school's director; the answers, drawn from a seeded random generator, are
bulk-inserted. escuela-a's director then hands the seguimiento's paper sheets
to a teacher and sets a goal from its weakest dimension, «Convivencia y
seguridad», through the services. Seeding again changes nothing."""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from communities.demo import ADMIN_EMAIL, SCHOOLS
from communities.models import ReflectionPrompt, School, Skill, User
from diagnostics.cas import active_community, overall_score, suggested_target
from diagnostics.catalogue import ensure_default_instrument, ensure_results_prompts
from diagnostics.models import (
    Answer,
    Audience,
    Campaign,
    Dimension,
    GoalDimension,
    Instrument,
    InstrumentVersion,
    Item,
    Response,
    ResultsPrompt,
)
from diagnostics.services import (
    close_campaign,
    name_paper_capturer,
    open_campaign,
    publish,
    set_goal_from_dimension,
)


# What each campaign of the demo holds: (school slug, kind, days from today it
# opened, days it lasts, closed, expected per audience, responses per audience,
# of which on paper, and how much the climate moved since the línea base).
@dataclass(frozen=True)
class Plan:
    slug: str
    kind: str
    opened: int
    days: int
    closed: bool
    expected: dict
    responses: dict
    paper: dict
    shift: float = 0.0


E, D, P, F = Audience.STUDENTS, Audience.TEACHERS, Audience.SUPPORT_STAFF, Audience.FAMILIES
PLANS = [
    # escuela-a's línea base: every audience, families under 5 responses (suppressed).
    Plan(
        "escuela-a",
        Campaign.Kind.BASELINE,
        -95,
        14,
        True,
        {E: 120, D: 18, P: 6, F: 60},
        {E: 86, D: 15, P: 5, F: 3},
        {E: 24, F: 3},
    ),
    # Its seguimiento, open now, with the first answers in: a little better.
    Plan(
        "escuela-a",
        Campaign.Kind.FOLLOW_UP,
        -4,
        14,
        False,
        {E: 120, D: 18, P: 6, F: 60},
        {E: 38, D: 9, P: 2},
        {E: 6},
        shift=0.35,
    ),
    # escuela-b's línea base, open, a few answers so far.
    Plan("escuela-b", Campaign.Kind.BASELINE, -3, 17, False, {E: 90, D: 12, F: 40}, {E: 6, D: 3}, {}),
]

# The climate the demo's answers are drawn around (the mean of a dimension, 1–5),
# as the core's demo tells it: conflict handling (convivencia) and belonging
# lowest, the teacher–student relationship highest.
CLIMATE = {
    "clima-aprendizaje": 3.5,
    "relacion-docente-estudiante": 4.35,
    "participacion-docente": 3.6,
    "corresponsabilidad-metas": 3.3,
    "bienestar-docente": 3.1,
    "sentido-pertenencia": 2.8,
    "convivencia-seguridad": 2.55,
}
AUDIENCE_LEAN = {E: -0.1, D: 0.1, P: 0.0, F: 0.25}  # families see the school a little more kindly
SEED = 20260815
PAPER_TEACHER = "docente5@escuela-a.demo"  # types in the seguimiento's paper sheets


def published_default_version() -> InstrumentVersion:
    """The newest published version of the default instrument, publishing its
    draft (as the platform's administrator) if it has none yet."""
    newest = ensure_default_instrument(Instrument, InstrumentVersion, Dimension, Item)
    published = (
        InstrumentVersion.objects.filter(instrument_id=newest.instrument_id, status=InstrumentVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )
    return published or publish(actor=User.objects.get(email=ADMIN_EMAIL), version=newest)


@transaction.atomic
def seed(stdout=None) -> None:
    version = published_default_version()
    today = timezone.localdate()
    by_slug = {demo.slug: demo for demo in SCHOOLS}
    for number, plan in enumerate(PLANS):
        school = School.objects.get(cct=by_slug[plan.slug].cct)
        director = User.objects.get(email=f"director@{plan.slug}.demo")
        campaign = Campaign.objects.filter(school=school, kind=plan.kind).first()
        if campaign is None:
            campaign = open_campaign(
                actor=director,
                school=school,
                version=version,
                kind=plan.kind,
                audiences=[audience.value for audience in plan.expected],
                opens_on=today + timedelta(days=plan.opened),
                closes_on=today + timedelta(days=plan.opened + plan.days),
                expected={audience.value: count for audience, count in plan.expected.items()},
            )
        if not campaign.responses.exists():
            _answer(campaign, plan, random.Random(SEED + number), today)  # noqa: S311 (demo data, seeded on purpose)
        if plan.closed and campaign.is_open:
            close_campaign(actor=director, campaign=campaign)
    ensure_results_prompts(ReflectionPrompt, ResultsPrompt)
    _paper_typed_in_by_a_teacher(School.objects.get(cct=by_slug["escuela-a"].cct))
    _goal_from_a_dimension(School.objects.get(cct=by_slug["escuela-a"].cct), today)


def _paper_typed_in_by_a_teacher(school: School) -> None:
    """escuela-a's director hands the seguimiento's paper sheets to a teacher,
    who finds a notice waiting and the capture screen on the campaign page."""
    follow_up = Campaign.objects.get(school=school, kind=Campaign.Kind.FOLLOW_UP)
    teacher = User.objects.get(email=PAPER_TEACHER)
    if teacher.pk not in follow_up.named_staff_ids():
        name_paper_capturer(actor=User.objects.get(email="director@escuela-a.demo"), campaign=follow_up, person=teacher)


def _goal_from_a_dimension(school: School, today) -> None:
    """escuela-a's goal from «Convivencia y seguridad», its línea base's lowest
    dimension, compared on the goal page with the open seguimiento."""
    if GoalDimension.objects.filter(campaign__school=school).exists():
        return
    baseline = Campaign.objects.select_related("version").get(school=school, kind=Campaign.Kind.BASELINE)
    dimension = baseline.version.dimensions.get(code="convivencia-seguridad")
    score = overall_score(baseline, dimension)
    director = User.objects.get(email="director@escuela-a.demo")
    set_goal_from_dimension(
        actor=director,
        community=active_community(school),
        campaign=baseline,
        dimension=dimension,
        statement="Que estudiantes y docentes se sientan seguros en la escuela: mejorar «Convivencia y seguridad» "
        "del diagnóstico para el seguimiento.",
        skill=Skill.objects.filter(code="conciencia-social", is_active=True).order_by("-dimension__catalogue").first(),
        indicator=f"Promedio de {dimension.name} (1–5)",
        unit="puntos",
        baseline=score.mean,
        target=suggested_target(score.mean),
        due_date=today + timedelta(days=200),
        owner=director,
    )


def _answer(campaign: Campaign, plan: Plan, rng: random.Random, today) -> None:
    """The plan's responses, drawn around CLIMATE (each respondent leaning a
    little their own way), written in two bulk inserts. Reverse-scored items
    are answered the other way round, as a respondent would."""
    last = min(campaign.closes_on, today)
    span = max(0, (last - campaign.opens_on).days)
    responses, sheets = [], []
    for audience, count in plan.responses.items():
        items = list(
            Item.objects.filter(version_id=campaign.version_id).for_audience(audience).select_related("dimension")
        )
        for n in range(count):
            channel = Response.Channel.PAPER if n < plan.paper.get(audience, 0) else Response.Channel.ONLINE
            day = campaign.opens_on + timedelta(days=rng.randint(0, span))
            responses.append(Response(campaign=campaign, audience=audience, channel=channel, submitted_on=day))
            lean = rng.gauss(0, 0.45) + AUDIENCE_LEAN[audience] + plan.shift
            sheet = {}
            for item in items:
                value = min(5, max(1, round(CLIMATE[item.dimension.code] + lean + rng.gauss(0, 0.8))))
                sheet[item] = 6 - value if item.reverse_scored else value
            sheets.append(sheet)
    responses = Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(
        (
            Answer(response=response, item=item, value=value)
            for response, sheet in zip(responses, sheets, strict=True)
            for item, value in sheet.items()
        ),
        batch_size=2000,
    )
