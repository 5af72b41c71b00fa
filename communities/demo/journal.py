"""Journal entries, comments, practices and a strategy analysis of the demo schools."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from communities import access
from communities.catalogue import ensure_journal_catalogue
from communities.demo.story import person
from communities.models import (
    Community,
    Event,
    Notification,
    Practice,
    PracticeFeedback,
    PracticeUse,
    Reflection,
    ReflectionComment,
    ReflectionPrompt,
    Skill,
    Strategy,
    StrategyAnalysis,
    TeachingDimension,
)
from communities.services import journal as services_journal
from communities.services import practices as services_practices
from communities.services import strategies as services_strategies

JOURNAL = {
    # email: [(days ago, visibility, title, body, dimension codes, skill codes)]
    "docente1": [
        (
            30,
            "private",
            "Me costó no reaccionar",
            "Hoy un alumno me contestó mal frente al grupo y **me enojé**. "
            "Respiré antes de responder, pero no del todo. Quiero practicar la pausa de tres respiraciones yo misma.",
            ["personal"],
            ["autorregulacion"],
        ),
        (
            12,
            "community",
            "El semáforo de emociones funcionó en 1° A",
            "Apliqué el semáforo al inicio de la clase de Química. Ocho estudiantes marcaron rojo; al cierre sólo "
            "dos.\n\n- Lo que funcionó: no pedir explicaciones.\n- Lo que cambiaría: dar más tiempo al cierre.",
            ["didactica", "interpersonal"],
            ["autoconocimiento"],
        ),
        (
            3,
            "tutor",
            "Dudas sobre la observación entre pares",
            "No sé si mis colegas se sentirán juzgados al observar mis clases. ¿Cómo lo planteamos sin que parezca "
            "supervisión?",
            ["institucional", "valoral"],
            ["colaboracion"],
        ),
    ],
    "docente2": [
        (
            20,
            "community",
            "Evidencias en la carpeta común",
            "Subí las fotos de los carteles que hicieron los equipos. Me di cuenta de que los roles rotativos "
            "ayudan a que participen quienes casi no hablan.",
            ["didactica"],
            ["colaboracion"],
        ),
        (
            6,
            "private",
            "Cansancio de fin de bimestre",
            "Estoy cansado y eso se nota en mi paciencia.",
            ["personal"],
            ["perseverancia"],
        ),
    ],
    "docente3": [
        (
            15,
            "tutor",
            "Un conflicto entre dos alumnas",
            "Intervine con el árbol de decisiones y ellas mismas propusieron cómo reparar el daño.",
            ["social", "valoral"],
            ["toma-responsable-de-decisiones"],
        ),
        (
            5,
            "community",
            "Lo que aprendí de la escucha en parejas",
            "Mis estudiantes escuchan mejor cuando tienen que resumir lo que dijo el otro.",
            ["interpersonal"],
            ["conciencia-social"],
        ),
    ],
    "docente4": [
        (
            9,
            "community",
            "Entrevistas con tutores de grupo",
            "Ya entrevisté a tres tutores: los conflictos más frecuentes son por burlas en redes sociales.",
            ["institucional", "social"],
            ["conciencia-social"],
        ),
    ],
    "docente5": [
        (
            8,
            "private",
            "Por qué dije que sí la segunda vez",
            "Me convenció el horario dentro de la jornada.",
            ["personal", "institucional"],
            [],
        ),
    ],
}


PRACTICES = [
    # (school slug, author, scope, kind, title, summary, level, grade, subject, duration, steps, skills)
    (
        "escuela-a",
        "docente1",
        "all",
        "sequence",
        "Química con semáforo de emociones",
        "Secuencia de tres clases que abre cada sesión con el semáforo de emociones y cierra con una reflexión "
        "breve sobre cómo influyó el ánimo en el trabajo de laboratorio.",
        "media_superior",
        "1er semestre",
        "Química",
        "3 sesiones de 50 minutos",
        "1. Semáforo al inicio.\n2. Práctica de laboratorio en equipos con roles.\n3. Cierre: ¿cambió tu color?",
        ["autoconocimiento", "colaboracion"],
    ),
    (
        "escuela-a",
        "docente2",
        "school",
        "practice",
        "Roles rotativos en el taller de electricidad",
        "Cada equipo rota los roles de coordinación, seguridad, registro y vocería en cada práctica.",
        "media_superior",
        "3er semestre",
        "Módulo profesional",
        "Todo el parcial",
        "- Tarjetas con cada rol.\n- Rotación semanal.\n- Autoevaluación del equipo al final.",
        ["colaboracion"],
    ),
    (
        "escuela-a",
        "docente3",
        "community",
        "project",
        "Proyecto «Reparamos juntos»",
        "Proyecto breve para que los grupos acuerden cómo reparar daños después de un conflicto.",
        "media_superior",
        "1er semestre",
        "Tutoría",
        "2 semanas",
        "1. Árbol de decisiones sobre un caso.\n2. Propuestas de reparación.\n3. Compromiso del grupo.",
        ["toma-responsable-de-decisiones"],
    ),
    (
        "escuela-b",
        "docente1",
        "all",
        "practice",
        "Asamblea de grupo de 15 minutos",
        "Cada viernes el grupo revisa sus acuerdos de convivencia en una asamblea breve con turnos de palabra.",
        "basica",
        "2° de secundaria",
        "Formación Cívica y Ética",
        "15 minutos por semana",
        "1. Lectura de acuerdos.\n2. Ronda: ¿qué cumplimos?\n3. Un acuerdo para la próxima semana.",
        ["conciencia-social", "perseverancia"],
    ),
    (
        "escuela-b",
        "docente2",
        "school",
        "sequence",
        "Diario de metas en Matemáticas",
        "Los estudiantes escriben una meta semanal de estudio y la revisan el viernes.",
        "basica",
        "2° de secundaria",
        "Matemáticas",
        "Un bimestre",
        "- Lunes: meta y obstáculo.\n- Viernes: revisión y ajuste.",
        ["perseverancia"],
    ),
]


def _at(day, hour: float) -> datetime:
    """A moment of a school day, in the schools' time zone."""
    moment = datetime.combine(day, time(int(hour), int(hour % 1 * 60)))
    return min(timezone.make_aware(moment), timezone.now())


def _since(model, last_pk: int, when: datetime, field: str = "created_at") -> None:
    """What was written after `last_pk` happened at `when`, as in real use,
    not when the demo was loaded."""
    model.objects.filter(pk__gt=last_pk).update(**{field: when})


def _last_pk(model) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def seed_journal_and_practices(schools: dict) -> None:

    ensure_journal_catalogue(TeachingDimension, ReflectionPrompt, Strategy, Skill)
    if Reflection.objects.filter(author__email__endswith=".demo").exists():
        return
    dimensions = {d.code: d for d in TeachingDimension.objects.all()}
    skills = {s.code: s for s in Skill.objects.all()}
    today = timezone.localdate()
    written = {}
    for slug in ("escuela-a", "escuela-b"):
        community = Community.objects.active().get(school=schools[slug])
        for name, entries in JOURNAL.items():
            author = person(f"{name}@{slug}.demo")
            if not access.is_member(community, author):
                continue
            for days_ago, visibility, title, body, dims, skill_codes in entries:
                last_event = _last_pk(Event)
                entry = services_journal.write_reflection(
                    actor=author,
                    community=community,
                    title=title,
                    body=body,
                    visibility=visibility,
                    written_on=today - timedelta(days=days_ago),
                    dimensions=[dimensions[c] for c in dims],
                    skills=[skills[c] for c in skill_codes],
                )
                evening = _at(entry.written_on, 20.5)
                Reflection.objects.filter(pk=entry.pk).update(created_at=evening, updated_at=evening)
                _since(Event, last_event, evening)
                written[(slug, name, title)] = entry
    comments = [
        (
            "escuela-a",
            "docente1",
            "El semáforo de emociones funcionó en 1° A",
            "docente2",
            "¡Lo voy a probar en el taller! ¿Usaste tarjetas o el pizarrón?",
        ),
        (
            "escuela-a",
            "docente1",
            "El semáforo de emociones funcionó en 1° A",
            "director",
            "Gracias por compartirlo, Ana Sofía. Llevémoslo al consejo técnico.",
        ),
        (
            "escuela-a",
            "docente1",
            "Dudas sobre la observación entre pares",
            "tutor",
            "Planteémoslo como aprendizaje entre pares, con una rúbrica acordada por todos. Lo vemos en la sesión.",
        ),
        (
            "escuela-a",
            "docente3",
            "Un conflicto entre dos alumnas",
            "tutor",
            "Muy buena intervención. Registra qué acordaron para darle seguimiento.",
        ),
    ]
    for number, (slug, author, title, commenter, body) in enumerate(comments):
        entry = written.get((slug, author, title))
        if entry is not None:
            marks = {model: _last_pk(model) for model in (ReflectionComment, Notification, Event)}
            services_journal.comment_on_reflection(
                actor=person(f"{commenter}@{slug}.demo"), reflection=entry, body=body
            )
            # Read the next morning, answered before the first class.
            when = _at(entry.written_on + timedelta(days=1), 7.25 + number * 0.4)
            for model, last_pk in marks.items():
                _since(model, last_pk, when)
    for number, practice in enumerate(PRACTICES):
        slug, author, scope, kind, title, summary, level, grade, subject, duration, steps, skill_codes = practice
        if Practice.objects.filter(title=title).exists():
            continue
        marks = {model: _last_pk(model) for model in (Practice, Event)}
        school = schools[slug]
        sharer = person(f"{author}@{slug}.demo")
        services_practices.share_practice(
            actor=sharer,
            school=school,
            scope=scope,
            kind=kind,
            title=title,
            summary=summary,
            level=level,
            grade=grade,
            subject=subject,
            duration=duration,
            steps=steps,
            materials="",
            skills=[skills[c] for c in skill_codes],
        )
        # Shared over the months of the school year, two weeks apart.
        shared_at = _at(today - timedelta(days=75 - 14 * number), 17)
        _since(Practice, marks[Practice], shared_at)
        Practice.objects.filter(pk__gt=marks[Practice]).update(updated_at=shared_at)
        _since(Event, marks[Event], shared_at)
    shared = Practice.objects.get(title="Química con semáforo de emociones")
    marks = {model: _last_pk(model) for model in (PracticeUse, PracticeFeedback, Notification, Event)}
    services_practices.mark_practice_used(actor=person("docente2@escuela-b.demo"), practice=shared)
    services_practices.give_practice_feedback(
        actor=person("docente2@escuela-b.demo"),
        practice=shared,
        body="La adapté a Matemáticas en secundaria y funcionó muy bien para empezar la clase con calma.",
    )
    for model, last_pk in marks.items():
        _since(model, last_pk, _at(today - timedelta(days=5), 16.5))
    community_a = Community.objects.active().get(school=schools["escuela-a"])
    if not StrategyAnalysis.objects.filter(community=community_a).exists():
        marks = {model: _last_pk(model) for model in (StrategyAnalysis, Event)}
        services_strategies.analyse_strategy(
            actor=person("docente1@escuela-a.demo"),
            community=community_a,
            strategy=Strategy.objects.get(title="Semáforo de emociones"),
            group="1° A",
            analysis="Ayuda a que el grupo nombre cómo llega; el riesgo es que se vuelva rutina sin sentido.",
            adaptation="Lo hago con tarjetas de colores en lugar del pizarrón para que sea más privado.",
        )
        for model, last_pk in marks.items():
            _since(model, last_pk, _at(today - timedelta(days=9), 19))
