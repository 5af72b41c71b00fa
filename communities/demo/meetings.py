"""Meetings, agreements and goals of the demo schools."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from communities.demo.story import Story, milestone, person, phase_request
from communities.models import (
    AgendaItem,
    Agreement,
    Attendance,
    Community,
    Meeting,
    MilestoneKind,
    School,
    User,
)
from communities.services import goals as services_goals
from communities.services import meetings as services_meetings


def _past_meeting(story: Story, purpose: str, days_ago: float, place: str, agenda: list[str]) -> Meeting:
    """A session that already happened. History is written directly: scheduling
    it through the service would e-mail everyone about a past meeting."""
    start = story.when(days_ago).replace(hour=19, minute=0, second=0, microsecond=0)  # 13:00 in Mexico City
    meeting = Meeting.objects.create(
        community=story.community,
        purpose=purpose,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place=place,
        scheduled_by=story.community.director,
    )
    services_meetings.carry_pending_agreements(meeting=meeting)
    offset = meeting.agenda.count()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, title=title, added_by=story.community.director, position=offset + n)
        for n, title in enumerate(agenda, start=1)
    )
    return meeting


def _run_meeting(story: Story, meeting: Meeting, *, roles, absent=(), excused=(), minutes, agreements, approvers):
    last = story.last_event()
    director = story.community.director
    services_meetings.assign_session_roles(
        actor=director, meeting=meeting, people={kind: person(email) for kind, email in roles.items()}
    )
    members = story.community.member_ids()
    emails = dict(User.objects.filter(pk__in=members).values_list("pk", "email"))
    statuses = {
        pk: Attendance.Status.ABSENT
        if email in absent
        else Attendance.Status.EXCUSED
        if email in excused
        else Attendance.Status.PRESENT
        for pk, email in emails.items()
    }
    relator = person(roles["minutes"])
    services_meetings.record_attendance(actor=relator, meeting=meeting, statuses=statuses)
    services_meetings.write_minutes(actor=relator, meeting=meeting, text=minutes)
    for email in approvers:
        services_meetings.approve_minutes(actor=person(email), meeting=meeting)
    meeting_day = timezone.localtime(meeting.starts_at).date()
    created = []
    for text, owner, days, status in agreements:
        agreement = services_meetings.add_agreement(
            actor=relator, meeting=meeting, text=text, owner=person(owner), due_date=meeting_day + timedelta(days=days)
        )
        if status != Agreement.Status.PENDING:
            services_meetings.set_agreement_status(actor=director, agreement=agreement, status=status)
        created.append(agreement)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_updated_at=meeting.ends_at)
    story.events_since(last, (story.now - meeting.ends_at).total_seconds() / 86400)
    return created


def seed_meetings_and_goals_a(school: School) -> None:
    community = Community.objects.active().get(school=school)
    if community.meetings.exists():
        return
    story = Story(community)
    slug = "escuela-a"
    director, tutor = f"director@{slug}.demo", f"tutor@{slug}.demo"
    t = [f"docente{n}@{slug}.demo" for n in range(1, 6)]
    library = "Biblioteca del plantel"

    first = _past_meeting(
        story,
        "Planeación de acciones y metodología del semestre",
        45,
        library,
        ["Resultados del diagnóstico y metas", "Metodología de trabajo", "Calendario de sesiones"],
    )
    _run_meeting(
        story,
        first,
        roles={"moderation": director, "minutes": t[1], "timekeeping": t[2]},
        excused=[t[3]],
        minutes=(
            "1. Revisamos los resultados del diagnóstico y las dos metas.\n"
            "2. Acordamos la metodología: planear – aplicar – observar – reflexionar, con una lección Construye T "
            "por quincena.\n3. Cada docente elige un grupo de primer semestre para aplicar las lecciones."
        ),
        agreements=[
            ("Aplicar la lección «Reconozco mis emociones» en 1° A y 1° C.", t[0], 15, Agreement.Status.DONE),
            ("Preparar la rúbrica de observación entre pares.", t[2], 30, Agreement.Status.DONE),
        ],
        approvers=[director, tutor, t[0], t[2], t[4]],
    )
    second = _past_meeting(
        story,
        "Análisis de las estrategias Construye T",
        24,
        library,
        ["Lecciones de autorregulación", "Lecciones de colaboración", "Cómo documentar evidencias"],
    )
    _run_meeting(
        story,
        second,
        roles={"moderation": t[0], "minutes": t[1], "timekeeping": t[4]},
        absent=[t[4]],
        minutes=(
            "Analizamos seis lecciones de autorregulación y colaboración. Ana Sofía compartió cómo adaptó la "
            "lección de respiración para grupos numerosos. Decidimos documentar las evidencias en la carpeta común."
        ),
        agreements=[
            ("Subir las evidencias de la lección de autorregulación a la carpeta común.", t[1], 15, "pending"),
            ("Entrevistar a los tutores de grupo sobre los conflictos más frecuentes.", t[3], 30, "pending"),
        ],
        approvers=[director, t[0], t[1], t[2]],
    )
    third = _past_meeting(
        story,
        "Revisión de avances y prácticas relevantes",
        9,
        library,
        ["Avance de las metas", "Prácticas que funcionaron en el aula"],
    )
    _run_meeting(
        story,
        third,
        roles={"moderation": tutor, "minutes": t[2], "timekeeping": t[0]},
        minutes="Revisamos el avance de las metas. La meta de conflictos avanza lento: reforzaremos colaboración.",
        agreements=[
            ("Proponer la observación entre pares en el consejo técnico.", director, 15, "pending"),
            ("Registrar el avance de la meta de autorregulación.", t[0], 7, "pending"),
        ],
        approvers=[],
    )
    start = (story.now + timedelta(days=4)).replace(hour=19, minute=0, second=0, microsecond=0)
    last = story.last_event()
    upcoming = services_meetings.schedule_meeting(
        actor=person(director),
        community=community,
        purpose="Observación entre pares: planeación",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place=library,
    )
    story.events_since(last, 3)
    last = story.last_event()
    services_meetings.add_agenda_item(
        actor=person(t[1]), meeting=upcoming, title="Calendario de observaciones por grupo"
    )
    story.events_since(last, 1.2)

    # The goals were set while the CAS was in Integración (demo/cas.py); their
    # progress was recorded since.
    updates = {
        "autorregulacion": [
            (40, 45, "Primera aplicación de la lección en 1° A y 1° C."),
            (25, 49, ""),
            (8, 55, "Encuesta rápida."),
        ],
        "colaboracion": [(30, 22, "Bimestre septiembre-octubre."), (6, 21, "Aún sin cambio claro.")],
    }
    for goal in community.goals.select_related("skill", "owner").order_by("pk"):
        for days_ago, value, note in updates.get(goal.skill.code, []):
            last = story.last_event()
            services_goals.record_progress(
                actor=goal.owner,
                goal=goal,
                value=Decimal(value),
                recorded_on=story.now.date() - timedelta(days=days_ago),
                note=note,
            )
            # Recorded in the afternoon of the day it measures.
            story.events_since(last, days_ago - 0.6)

    # Three sessions of shared work prove the rest of Desarrollo; the director
    # asks to move on, and the request waits on the tutor.
    milestone(
        story,
        director,
        MilestoneKind.COLLABORATION,
        days_ago=2.2,
        text="Tres sesiones con roles rotativos, acta aprobada y acuerdos con responsable y fecha.",
    )
    milestone(
        story,
        t[0],
        MilestoneKind.SHARING,
        days_ago=2.1,
        text="Cinco entradas de bitácora compartidas con la CAS y dos prácticas en el banco de la escuela.",
    )
    milestone(
        story,
        director,
        MilestoneKind.PRACTICES,
        days_ago=2,
        text="Analizamos el semáforo de emociones en 1° A y la pausa activa en el taller de Electricidad.",
    )
    phase_request(
        story,
        "Cumplimos los hitos de Desarrollo; queremos compartir los resultados con todo el personal en el próximo CTE.",
        1.4,
    )


def seed_meetings_b(school: School) -> None:
    community = Community.objects.active().get(school=school)
    if community.meetings.exists():
        return
    start = (timezone.now() + timedelta(days=6)).replace(hour=20, minute=30, second=0, microsecond=0)
    services_meetings.schedule_meeting(
        actor=community.director,
        community=community,
        purpose="Primera sesión: normas de convivencia y calendario",
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
        place="Sala de maestros",
        online_url="https://meet.example.org/cas-secundaria-5",
    )
