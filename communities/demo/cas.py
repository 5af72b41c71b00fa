"""escuela-a's CAS in Desarrollo e implementación with its whole story; escuela-b's in
Integración, with pending invitations and a proposed norm."""

from datetime import timedelta
from decimal import Decimal

from communities.demo.story import (
    answer,
    form_community,
    goal,
    invite,
    milestone,
    norm,
    person,
    phase_answer,
    phase_request,
)
from communities.models import (
    ConditionKind,
    MilestoneKind,
    Proposal,
    School,
    Skill,
)
from communities.services.conditions import update_conditions

# (statement, skill code, indicator, unit, baseline, target, due in days, owner)
GOALS_A = [
    (
        "Que 70 % de los estudiantes de primer semestre identifique y nombre sus emociones antes de un examen.",
        "autorregulacion",
        "Estudiantes de primer semestre que nombran sus emociones antes de un examen",
        "%",
        41,
        70,
        120,
        "docente1@escuela-a.demo",
    ),
    (
        "Reducir a la mitad los reportes por conflictos en el aula.",
        "colaboracion",
        "Reportes por conflictos en el aula por bimestre",
        "reportes",
        23,
        11,
        60,
        "docente4@escuela-a.demo",
    ),
]


def seed_escuela_a(school: School) -> None:
    story = form_community(school, "escuela-a", days_ago=82)
    if story is None:
        return
    slug = "escuela-a"
    director = f"director@{slug}.demo"
    tutor = f"tutor@{slug}.demo"
    teachers = [f"docente{n}@{slug}.demo" for n in range(1, 6)]
    director_user = person(director)

    welcome = (
        "Te invito a formar parte de nuestra CAS este ciclo. Tu experiencia con los grupos de primer semestre "
        "nos ayudará mucho a mejorar el clima en el aula."
    )
    invitations = [invite(story, director_user, email, days_ago=80, message=welcome) for email in teachers]
    for invitation, days_ago in zip(invitations[:4], (79, 78, 78, 77), strict=True):
        answer(story, invitation, days_ago)
    answer(story, invitations[4], 76, accept=False)
    second = invite(
        story,
        director_user,
        teachers[4],
        days_ago=71,
        message="Ya tenemos el horario de los jueves a las 13:00, que era tu preocupación. ¿Lo reconsideras?",
    )

    milestone(
        story,
        director,
        MilestoneKind.DIAGNOSTIC,
        days_ago=74,
        text=(
            "Aplicamos el Diagnóstico del Ambiente Escolar del 15 al 19 de septiembre a 412 estudiantes y "
            "38 docentes. Las dimensiones más bajas fueron «manejo de conflictos» y «pertenencia»; la más alta, "
            "«relación docente-estudiante»."
        ),
        url="https://drive.example.org/cbtis38/diagnostico-ambiente-escolar.pdf",
    )
    answer(story, second, 70)

    # Seven members (director, tutor, five teachers): a norm needs four agreements,
    # the proposer's included; the fourth objection sets a proposal aside.
    norm(story, director, "Iniciamos y terminamos nuestras sesiones a tiempo.", 69, agree=[*teachers[:2], tutor])
    norm(
        story,
        teachers[0],
        "Escuchamos sin interrumpir y hablamos desde nuestra propia experiencia.",
        68,
        agree=[director, tutor, teachers[1]],
    )
    norm(
        story,
        teachers[2],
        "Lo que compartimos sobre nuestros estudiantes se queda en la CAS.",
        66,
        agree=[director, teachers[0], teachers[4]],
    )
    norm(
        story,
        tutor,
        "Cada sesión cierra con un acuerdo concreto, su responsable y su fecha.",
        64,
        agree=[director, teachers[1], teachers[2]],
    )
    norm(
        story,
        teachers[3],
        "Nos reunimos también los sábados para avanzar más rápido.",
        63,
        object_=[director, tutor, teachers[0], teachers[1]],
    )

    # "Definen metas" completes itself with the first goal.
    for number, (statement, skill, indicator, unit, baseline, target, due_in, owner) in enumerate(GOALS_A):
        goal(
            story,
            director if number == 0 else tutor,
            days_ago=61 - number,
            statement=statement,
            skill=Skill.objects.get(code=skill),
            indicator=indicator,
            unit=unit,
            baseline=Decimal(baseline),
            target=Decimal(target),
            due_date=story.now.date() + timedelta(days=due_in),
            owner=person(owner),
        )
    first = phase_request(story, "Cumplimos los cuatro hitos de Integración.", 58)
    phase_answer(
        story,
        first,
        approve=False,
        comment="Las metas están bien planteadas, pero falta decir cómo medirán el avance: agreguen la línea base "
        "y el indicador de cada una antes de pasar a Desarrollo.",
        days_ago=56,
    )
    second_request = phase_request(
        story,
        "Agregamos línea base e indicadores: 41 % reconoce sus emociones (línea base) y 23 reportes por "
        "conflictos en agosto-septiembre.",
        53,
    )
    phase_answer(
        story,
        second_request,
        approve=True,
        comment="Muy buen trabajo de integración. En Desarrollo, prioricen las lecciones de autorregulación.",
        days_ago=52,
    )

    milestone(
        story,
        director,
        MilestoneKind.ACTIONS,
        days_ago=38,
        text=(
            "Acordamos sesiones quincenales de 60 minutos (jueves 13:00, biblioteca) con la metodología "
            "«planear – aplicar – observar – reflexionar»: cada docente aplica una lección Construye T por "
            "quincena y la comenta en la siguiente sesión."
        ),
    )
    milestone(
        story,
        teachers[1],
        MilestoneKind.STRATEGIES,
        days_ago=20,
        text="Analizamos las lecciones de autorregulación y colaboración y elegimos seis para el semestre.",
        url="https://drive.example.org/cbtis38/analisis-estrategias-construye-t.docx",
    )
    norm(
        story,
        teachers[1],
        "Observación entre pares de una clase con enfoque socioemocional antes de fin de semestre.",
        4,
        agree=[teachers[0], tutor],
        kind=Proposal.Kind.ACTIVITY,
    )

    last = story.last_event()
    update_conditions(
        actor=director_user,
        community=story.community,
        values={
            ConditionKind.SPACE_AND_TIME: (True, "Jueves de 13:00 a 14:00 en la biblioteca, dentro de la jornada."),
            ConditionKind.RECOGNITION: (True, "Reconocimiento público en el consejo técnico de octubre."),
            ConditionKind.DIGITAL_RESOURCES: (True, "Carpeta compartida y proyector en la biblioteca."),
            ConditionKind.COMMUNICATION: (True, "Resumen de cada sesión para todo el personal docente."),
            ConditionKind.BELONGING: (True, ""),
            ConditionKind.EXCHANGE: (False, "Pendiente: contactar al CBTis 226 para un intercambio."),
        },
    )
    story.events_since(last, 30)
    story.community.conditions.filter(updated_at__isnull=False).update(updated_at=story.when(30))


def seed_escuela_b(school: School) -> None:
    story = form_community(school, "escuela-b", days_ago=12)
    if story is None:
        return
    slug = "escuela-b"
    director_user = person(f"director@{slug}.demo")
    message = "Este ciclo queremos trabajar juntos el clima de convivencia en los grupos de segundo grado."
    accepted = [invite(story, director_user, f"docente{n}@{slug}.demo", 10, message) for n in (1, 2)]
    answer(story, accepted[0], 9)
    answer(story, accepted[1], 8)
    for n in (3, 4, 5):
        invite(story, director_user, f"docente{n}@{slug}.demo", 3, message)
    milestone(
        story,
        f"director@{slug}.demo",
        MilestoneKind.DIAGNOSTIC,
        days_ago=6,
        text="Aplicamos el diagnóstico en los seis grupos de segundo grado (176 estudiantes) y con 21 docentes.",
    )
    norm(
        story,
        f"docente1@{slug}.demo",
        "Respetamos los turnos de palabra y cumplimos los acuerdos de cada sesión.",
        2,
        agree=[f"director@{slug}.demo"],
    )
