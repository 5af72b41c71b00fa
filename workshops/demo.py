"""Demo data of the workshops app, on top of the core's (`manage.py seed_demo`
runs the core's demo first).

- Two of escuela A's journal entries were written in work spaces of the workshop.
- escuela-b (a secundaria in Oaxaca) ran «Ser y hacer en comunidad de
  aprendizaje» on 7–9 January 2026: the director added the rest of the staff
  (12 teachers take part) and named a teacher facilitator; the four spaces were
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
    Shape,
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

A, B = "escuela-a", "escuela-b"
Kind = PathMilestone.Kind
LIGHTS = {"V": Light.GREEN, "A": Light.YELLOW, "R": Light.RED}
ROLES = (SessionRole.Kind.MODERATION, SessionRole.Kind.MINUTES, SessionRole.Kind.TIMEKEEPING)

# People are numbered as the core's demo numbers its teachers (docenteN@…);
# 0 is the school's director.
DIRECTOR = 0


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


# --- escuela-b: the people, and what each of them brought --------------------------------------------

FACILITATOR_B = 1  # Rosa Elena Martínez Pérez, Formación Cívica y Ética
# Session → (moderación, relatoría, tiempo).
SESSION_ROLES_B = {1: (4, 7, 9), 2: (12, 3, 6)}
DAY_1, DAY_2 = catalogue.STARTS_ON, catalogue.ENDS_ON

# who → [(year, kind, milestone, what it meant)]
MILESTONES_B = {
    DIRECTOR: [
        (
            1995,
            Kind.EXPERIENCE,
            "Primer nombramiento en una telesecundaria de la Mixteca",
            "Llegué a Santiago Tilantongo con 23 años y un televisor que casi nunca tenía señal. Aprendí que el "
            "maestro también es gestor: conseguir luz, libros y la confianza de la comunidad era parte del trabajo.",
        ),
        (
            2009,
            Kind.TRAINING,
            "Maestría en Educación Básica en la UPN, unidad 201",
            "Me dio palabras para nombrar lo que hacía por intuición y me enseñó a investigar mi propia práctica.",
        ),
        (
            2016,
            Kind.CHALLENGE,
            "Asumir la dirección de la Secundaria General No. 5",
            "Pasar del aula a la dirección me alejó de los estudiantes. Tuve que aprender a escuchar a colegas con "
            "historias muy distintas y a no resolverlo todo desde la oficina.",
        ),
        (
            2023,
            Kind.LEARNING,
            "El Consejo Técnico como espacio de decisión, no de avisos",
            "Con la Nueva Escuela Mexicana dejé de llevar la agenda hecha. Cuando el colectivo decide, los acuerdos "
            "se cumplen más.",
        ),
    ],
    1: [
        (
            1998,
            Kind.TRAINING,
            "Egreso de la Normal Superior con especialidad en Civismo",
            "Salí convencida de que enseñar era explicar bien las leyes y los valores. Me tomó años entender que la "
            "ética se aprende conviviendo.",
        ),
        (
            2007,
            Kind.EXPERIENCE,
            "Tutora de un grupo de tercero marcado por la migración",
            "La mitad del grupo tenía al papá o a la mamá en Estados Unidos. La tutoría fue muchas veces el único "
            "espacio para hablar de eso.",
        ),
        (
            2019,
            Kind.CHALLENGE,
            "Atender un caso de acoso escolar sin protocolo claro",
            "Me sentí sola: cada quien opinaba qué hacer, pero nadie se hacía cargo. Ahí entendí que la convivencia "
            "es tarea de todo el colectivo.",
        ),
        (
            2024,
            Kind.LEARNING,
            "Asambleas de grupo de 15 minutos cada viernes",
            "Cuando el grupo revisa sus propios acuerdos, los reportes bajan y yo dejo de ser la policía del salón.",
        ),
    ],
    2: [
        (
            2003,
            Kind.TRAINING,
            "De la ingeniería civil a la docencia",
            "Estudié en el Tecnológico de Oaxaca y llegué a la secundaria por necesidad. Me quedé por vocación.",
        ),
        (
            2010,
            Kind.CHALLENGE,
            "Grupos de 45 estudiantes en el turno vespertino",
            "Con tantos estudiantes sólo alcanzaba a calificar cuadernos; sentía que no conocía a nadie.",
        ),
        (
            2018,
            Kind.LEARNING,
            "Resolver problemas en equipo con material concreto",
            "Cuando dejé que trabajaran con tangram y geoplano, estudiantes que «no sabían» empezaron a explicarles "
            "a otros.",
        ),
    ],
    3: [
        (
            2012,
            Kind.TRAINING,
            "Egreso de la Normal Superior, especialidad en Biología",
            "Mis prácticas en una secundaria técnica de Juchitán me enseñaron a dar clase en dos lenguas: muchos "
            "estudiantes pensaban en zapoteco.",
        ),
        (
            2017,
            Kind.CHALLENGE,
            "El sismo del 7 de septiembre en el Istmo",
            "Dimos clases durante meses en aulas de lámina. Aprendí que antes del programa está la contención "
            "emocional de los estudiantes, y la nuestra.",
        ),
        (
            2022,
            Kind.EXPERIENCE,
            "Huerto escolar con los grupos de primero",
            "El huerto se volvió el pretexto para hablar de nutrición, del agua y de quién cuida a quién en casa.",
        ),
    ],
    4: [
        (
            1999,
            Kind.EXPERIENCE,
            "Maestro por horas en tres escuelas a la vez",
            "Corría entre Santa Lucía del Camino y el centro. No tenía tiempo de conocer a nadie, ni a colegas ni a "
            "estudiantes.",
        ),
        (
            2011,
            Kind.TRAINING,
            "Diplomado en enseñanza de la historia con fuentes",
            "Dejé el dictado. Llevar fotografías antiguas del zócalo y documentos del archivo municipal cambió la "
            "clase por completo.",
        ),
        (
            2021,
            Kind.LEARNING,
            "El regreso a clases presenciales",
            "Los estudiantes volvieron con otra edad y otras heridas. Tuve que volver a aprender a estar con ellos.",
        ),
    ],
    5: [
        (
            2006,
            Kind.TRAINING,
            "Licenciatura en Educación Secundaria, especialidad en Español",
            "Descubrí que leer en voz alta con el grupo vale más que cualquier cuestionario de comprensión.",
        ),
        (
            2011,
            Kind.EXPERIENCE,
            "Círculo de lectura con madres de familia en Zimatlán",
            "Las mamás leían con sus hijos por primera vez. Vi que la escuela puede abrirle la puerta a las "
            "familias si las invita a algo más que a firmar boletas.",
        ),
        (
            2020,
            Kind.CHALLENGE,
            "Clases por WhatsApp y cuadernillos durante la pandemia",
            "La mitad de mi grupo no tenía datos. Entregábamos cuadernillos impresos en la tienda de la colonia. "
            "Aprendí a quedarme con lo esencial.",
        ),
        (
            2024,
            Kind.LEARNING,
            "Proyectos comunitarios con el Plan de estudios 2022",
            "Mis estudiantes entrevistaron a sus abuelos sobre las palabras en zapoteco que usamos en casa. Nunca "
            "habían escrito con tanto gusto.",
        ),
    ],
    6: [
        (
            2008,
            Kind.TRAINING,
            "Licenciatura en Educación Física",
            "Me formé pensando en el rendimiento deportivo; el patio de la secundaria me enseñó que lo primero es "
            "que todos jueguen.",
        ),
        (
            2014,
            Kind.EXPERIENCE,
            "Torneo interescolar de básquetbol de los Valles Centrales",
            "Organizarlo con docentes de otras escuelas me enseñó que el deporte junta a las familias como pocas "
            "cosas.",
        ),
        (
            2023,
            Kind.CHALLENGE,
            "Estudiantes que ya no quieren moverse",
            "Después de la pandemia muchos llegaban con ansiedad o sin ganas. Cambié la competencia por juegos "
            "cooperativos.",
        ),
    ],
    7: [
        (
            2013,
            Kind.TRAINING,
            "Certificación como docente del Programa Nacional de Inglés",
            "Aprendí a enseñar la lengua usándola en el aula, sin dejar atrás a quien nunca la había oído.",
        ),
        (
            2016,
            Kind.EXPERIENCE,
            "Cartas con una secundaria de California",
            "Muchos estudiantes tenían familiares allá. Escribir en inglés tuvo sentido por primera vez.",
        ),
        (
            2024,
            Kind.CHALLENGE,
            "Ocho grupos distintos en el mismo ciclo",
            "Con tantas horas frente a grupo casi no coincido con mis colegas; me cuesta sentirme parte del colectivo.",
        ),
    ],
    8: [
        (
            2005,
            Kind.EXPERIENCE,
            "Maestra de danza en la casa de la cultura de Tlacolula",
            "Trabajé con niñas y niños de comunidades zapotecas: la danza era su manera de contar quiénes son.",
        ),
        (
            2012,
            Kind.TRAINING,
            "Licenciatura en Educación Artística",
            "Entendí la danza como un lenguaje y no sólo como el bailable para el festival.",
        ),
        (
            2022,
            Kind.LEARNING,
            "La Guelaguetza escolar como proyecto de todo el grado",
            "Cuando Historia, Geografía y Artes trabajamos juntos, los estudiantes investigaron el origen de cada "
            "danza y de cada región.",
        ),
    ],
    9: [
        (
            2010,
            Kind.TRAINING,
            "Ingeniería en Sistemas en el Tecnológico de Oaxaca",
            "Llegué a la docencia desde la técnica y tuve que aprender pedagogía sobre la marcha.",
        ),
        (
            2020,
            Kind.CHALLENGE,
            "Montar el aula virtual de la escuela en dos semanas",
            "Capacitamos a colegas por videollamada. Ver a maestras con treinta años de servicio subir su primera "
            "tarea me conmovió.",
        ),
        (
            2025,
            Kind.LEARNING,
            "Robótica con materiales reciclados",
            "Con jeringas, cartón y mangueras los estudiantes hicieron brazos hidráulicos: la creatividad no "
            "depende del equipo que tengamos.",
        ),
    ],
    10: [
        (
            2014,
            Kind.TRAINING,
            "Egreso de la Normal Superior, especialidad en Geografía",
            "Me enseñaron a leer el territorio, no sólo a colorear mapas.",
        ),
        (
            2017,
            Kind.EXPERIENCE,
            "Mapa de riesgos con mis estudiantes después del sismo",
            "Los mapas dejaron de ser ejercicios del libro: ubicamos sus casas, los albergues y las rutas de "
            "evacuación de Juchitán.",
        ),
        (
            2021,
            Kind.CHALLENGE,
            "Cambio de adscripción a la ciudad de Oaxaca",
            "Dejar mi comunidad y empezar de cero en una escuela grande me hizo valorar que alguien te reciba.",
        ),
    ],
    11: [
        (
            1997,
            Kind.TRAINING,
            "Químico farmacobiólogo por la UABJO",
            "Trabajé años en un laboratorio clínico antes de entrar a la docencia; sigo pensando como experimentador.",
        ),
        (
            2002,
            Kind.EXPERIENCE,
            "Primer grupo en una secundaria de Miahuatlán sin laboratorio",
            "Hicimos prácticas con lo que había en la cocina. Los estudiantes aprendieron más que con el libro.",
        ),
        (
            2019,
            Kind.LEARNING,
            "Evaluar con portafolios de evidencias",
            "Ver el avance de cada estudiante a lo largo del bimestre me cambió la idea de lo que es calificar.",
        ),
    ],
    12: [
        (
            1995,
            Kind.EXPERIENCE,
            "Instructora comunitaria del CONAFE en la Sierra Sur",
            "Tenía 17 años y un grupo multigrado. Ahí decidí que quería ser maestra.",
        ),
        (
            2001,
            Kind.TRAINING,
            "Egreso de la Normal Superior, especialidad en Matemáticas",
            "Me formé con maestros que enseñaban con problemas de la vida diaria: el mercado, la milpa, el tequio.",
        ),
        (
            2013,
            Kind.CHALLENGE,
            "La evaluación docente obligatoria",
            "Me sentí evaluada y no acompañada. Tardé en volver a confiar en compartir mis clases.",
        ),
        (
            2024,
            Kind.LEARNING,
            "Tutoría entre pares en tercero",
            "Los estudiantes que dominan un tema acompañan a otros; yo aprendí a soltar el control del aula.",
        ),
    ],
}

# who → a light per axis, in the template's order (V verde, A amarillo, R rojo): propósito compartido,
# diálogo horizontal, corresponsabilidad, reflexión sobre la práctica, trabajo colaborativo, liderazgo
# distribuido, vínculo con familias y comunidad, seguimiento de acuerdos.
LIGHTS_B = {
    DIRECTOR: "VVAAVARA",
    1: "VAAAVRRA",
    2: "AAAVARRR",
    3: "VAAAARRA",
    4: "AVARAARR",
    5: "VAAVARRR",
    6: "VVAAVARA",
    7: "AARAARRR",
    8: "VAAAVARA",
    9: "AVAAVRAR",
    10: "AAAAARRA",
    11: "VARVARRR",
    12: "VAAVVARR",
}

# Space → (first draft's author, first draft, who completes it, what they add).
SYNTHESES_B = {
    WorkSpace.HUELLA_COLECTIVA: (
        7,
        "Somos trece: doce docentes y el director, con trayectorias que van de 1995 a hoy. Algunos empezamos en "
        "telesecundarias de la Mixteca o como instructores del CONAFE en la Sierra Sur; otros llegamos desde la "
        "ingeniería, la química o la danza; la mayoría nos formamos en la Normal Superior. Se repiten tres "
        "momentos que nos marcaron: el sismo de 2017 en el Istmo, la pandemia con sus cuadernillos y el regreso "
        "a clases presenciales, y la llegada del Plan de estudios 2022.",
        FACILITATOR_B,
        "El semáforo nos muestra fuertes en el propósito compartido y en el trabajo colaborativo cuando hay un "
        "proyecto que nos junta (la Guelaguetza escolar, el huerto). En rojo quedan el vínculo con las familias, "
        "el liderazgo distribuido y el seguimiento de acuerdos: acordamos mucho en el Consejo Técnico y revisamos "
        "poco lo que acordamos.",
    ),
    WorkSpace.PRACTICA_BAJO_LA_LUPA: (
        7,
        "Problematizamos doce situaciones de nuestra práctica. Casi todas cruzan varias dimensiones: lo que "
        "parecía sólo didáctico, como calificar cuadernos, tiene raíces institucionales (grupos de 45, horas "
        "repartidas en varias escuelas) y valorales (lo que enseñamos que importa).",
        12,
        "Las agrupamos en cuatro problemas comunes y votamos con tres puntos cada quien: la convivencia en los "
        "grupos (13 votos), evaluar para calificar más que para aprender (11), la participación de las familias "
        "(9) y el trabajo aislado con poco seguimiento de acuerdos (6). Los tres primeros son los retos que "
        "trabajaremos; el cuarto lo atenderemos en la forma de trabajar del propio colectivo.",
    ),
    WorkSpace.CONSTRUYENDO_EN_COLECTIVO: (
        3,
        "Formamos tres equipos, uno por reto priorizado: asambleas de grupo y mediación entre pares en segundo "
        "grado; rúbricas compartidas y retroalimentación en los proyectos; y el tequio por la escuela para "
        "encontrarnos con las familias en horarios posibles.",
        5,
        "Cada propuesta tiene acciones con responsable y fecha, y acuerdos de continuidad a 15 días (24 de enero) "
        "y a 30 días (8 de febrero). Los revisaremos al inicio de cada sesión del Consejo Técnico, con la "
        "relatoría de hoy como punto de partida.",
    ),
    WorkSpace.CALIGRAMA: (
        3,
        "Primero pensamos en las manos unidas, por el tequio; al final elegimos el árbol: las raíces son nuestra "
        "comunidad y nuestras lenguas, el tronco es el trabajo de todos y las ramas son nuestras y nuestros "
        "estudiantes. Las palabras que más se repitieron fueron comunidad, tequio, compromiso, diálogo y respeto.",
        FACILITATOR_B,
        "El caligrama quedará en la sala de maestros junto a los acuerdos de continuidad, para recordarnos qué "
        "nos dijimos estos dos días.",
    ),
}

# (who, situation, what I observe, why I think it happens, what I could change, dimensions)
SITUATIONS_B = [
    (
        5,
        "En segundo B, del que soy tutora, los conflictos entre estudiantes terminan en reporte y citatorio, y "
        "se repiten.",
        "Cada semana hay dos o tres reportes por burlas y empujones: los mismos estudiantes, las mismas causas.",
        "Atendemos cada caso por separado y con sanción; el grupo no tiene un espacio para hablar ni acuerdos propios.",
        "Llevar a mi grupo las asambleas que Rosa Elena hace en el suyo y acordar con mis colegas una misma "
        "respuesta ante las faltas de respeto.",
        ("valoral", "social"),
    ),
    (
        6,
        "En Educación Física los juegos terminan en pleito cuando hay que perder.",
        "Algunos estudiantes abandonan el juego o insultan al equipo contrario; otros ya no quieren participar.",
        "Privilegio la competencia y no enseño a manejar la frustración; en casa muchos pasan solos la tarde.",
        "Juegos cooperativos y un cierre de cada clase para hablar de cómo nos sentimos.",
        ("personal", "valoral"),
    ),
    (
        7,
        "Me cuesta intervenir cuando hay burlas por la forma de hablar de estudiantes que vienen de comunidades.",
        "Se ríen de quienes hablan zapoteco o mixteco en casa, o de su acento; esos estudiantes dejan de participar.",
        "No sé cómo abordarlo sin exhibirlos y siento que no me corresponde porque doy inglés.",
        "Hablarlo con la tutora y acordar con el colectivo cómo valorar las lenguas de los estudiantes en todas "
        "las asignaturas.",
        ("social", "valoral", "personal"),
    ),
    (
        2,
        "Reviso cuadernos para poner calificación, pero no alcanzo a retroalimentar.",
        "Con 45 estudiantes por grupo sólo pongo una palomita o un número; los mismos errores aparecen en el examen.",
        "Confundo evaluar con calificar, y el tiempo se me va en registrar.",
        "Retroalimentar por muestreo, con rúbricas sencillas, y que los estudiantes se corrijan entre pares.",
        ("didactica",),
    ),
    (
        11,
        "Los estudiantes sólo preguntan cuánto vale cada actividad.",
        "Si algo no cuenta para la calificación, no lo hacen; copian tareas para entregarlas a tiempo.",
        "Les hemos enseñado que lo que importa es el número; yo mismo califico así.",
        "Explicar para qué sirve cada actividad y evaluar con portafolio y autoevaluación.",
        ("didactica", "valoral"),
    ),
    (
        3,
        "En los proyectos, cada docente evalúa distinto lo mismo.",
        "En el proyecto del huerto, Biología, Geografía y Español pedimos productos diferentes y calificamos con "
        "criterios distintos; los estudiantes no entendían qué se esperaba.",
        "No planeamos juntos la evaluación: cada quien llega con su propia lista de cotejo.",
        "Construir desde la academia una rúbrica común para cada proyecto.",
        ("didactica", "institucional"),
    ),
    (
        FACILITATOR_B,
        "A las reuniones de entrega de boletas llegan pocas familias.",
        "De 40 estudiantes llegan 12 o 15 mamás; casi nunca los papás.",
        "Citamos a las cinco de la tarde, cuando muchas familias trabajan en la Central de Abasto o en el "
        "comercio, y sólo las llamamos para dar quejas.",
        "Convocar en horarios distintos e invitarlas a ver lo que hacen sus hijos, no sólo a recibir calificaciones.",
        ("social", "institucional"),
    ),
    (
        8,
        "Las familias sólo vienen a la escuela para los festivales.",
        "En la Guelaguetza escolar el patio se llena; a las reuniones de grupo casi no llega nadie.",
        "Los festivales los sienten suyos; las reuniones, no. No les damos voz en lo que se decide.",
        "Aprovechar los festivales para acordar con las familias y organizar tequios por la escuela.",
        ("social",),
    ),
    (
        10,
        "Muchos estudiantes están a cargo de otros familiares porque sus padres migraron.",
        "En mi grupo de tercero, 9 de 38 viven con abuelos o tíos, y no siempre sabemos a quién llamar.",
        "La migración a Estados Unidos y al norte del país; la escuela no tiene actualizados los datos de contacto.",
        "Actualizar el directorio con las familias y buscar formas de comunicarnos que les sirvan, como los "
        "mensajes de voz.",
        ("social", "personal"),
    ),
    (
        4,
        "No tengo tiempo para planear con mis colegas.",
        "Trabajo en dos escuelas, y en el Consejo Técnico sólo recibimos avisos.",
        "Las horas están repartidas y el Consejo se llena de asuntos administrativos.",
        "Proponer que una parte de cada sesión del Consejo Técnico sea para planear por grado.",
        ("institucional", "personal"),
    ),
    (
        9,
        "Los acuerdos del Consejo Técnico se olvidan al mes.",
        "En agosto acordamos cómo usar los celulares en clase y en octubre cada quien hacía lo suyo.",
        "Nadie da seguimiento y no sabemos quién es responsable de qué.",
        "Registrar los acuerdos con responsable y fecha, y revisarlos al inicio de cada sesión.",
        ("institucional",),
    ),
    (
        12,
        "Me cuesta pedir ayuda o abrir mi clase a mis colegas.",
        "Nunca nos hemos observado entre nosotros; compartir una clase se siente como una evaluación.",
        "Venimos de años de evaluación punitiva: no hay confianza, ni tiempo para hacerlo.",
        "Empezar con observaciones entre pares voluntarias y sin calificación.",
        ("personal", "institucional"),
    ),
]

# (title, description, dimensions, the situations it groups, by their authors)
PROBLEMS_B = [
    (
        "La convivencia en los grupos: conflictos que atendemos con sanciones y cada quien por su lado",
        "Burlas, empujones y discriminación por la lengua o el acento; respondemos con reportes y citatorios, "
        "sin acuerdos de grupo ni una respuesta común del colectivo.",
        ("valoral", "social", "personal"),
        (5, 6, 7),
    ),
    (
        "Evaluamos para calificar más que para aprender",
        "Calificamos productos sin retroalimentar, cada docente con sus propios criterios, y los estudiantes "
        "trabajan por el número.",
        ("didactica", "valoral"),
        (2, 11, 3),
    ),
    (
        "La participación de las familias se limita a festivales y quejas",
        "Convocamos en horarios imposibles para quienes trabajan, con datos de contacto viejos, y casi sólo para "
        "dar malas noticias.",
        ("social", "institucional"),
        (FACILITATOR_B, 8, 10),
    ),
    (
        "Trabajamos aislados y damos poco seguimiento a lo que acordamos",
        "Horas repartidas en varias escuelas, consejos llenos de avisos, acuerdos sin responsable y poca "
        "confianza para abrir la clase.",
        ("institucional", "personal"),
        (4, 9, 12),
    ),
]

# who → the common problems (by their order above) they put their three dots on.
DOTS_B = {
    DIRECTOR: (0, 2, 3),
    1: (2, 2, 0),
    2: (1, 1, 3),
    3: (1, 0, 2),
    4: (3, 3, 1),
    5: (0, 0, 2),
    6: (0, 1, 0),
    7: (0, 2, 1),
    8: (2, 0, 2),
    9: (3, 1, 0),
    10: (2, 0, 1),
    11: (1, 1, 0),
    12: (3, 1, 0),
}

# How each continuity agreement is followed up: in the workshop (its owner is
# not in the school's CAS) or, once taken to the CAS, there.
DONE, PENDING, CAS_DONE, CAS_PENDING = "done", "pending", "cas-done", "cas-pending"

# One per prioritised challenge (the common problem's order above): who starts it and who completes its text,
# its title, objective, resources and evaluation, its actions (text, owner, date) and its continuity agreements
# (horizon, text, owner, follow-up, also a goal).
PROPOSALS_B = [
    {
        "problem": 0,
        "starter": 5,
        "editor": DIRECTOR,
        "title": "Asambleas de grupo y mediación entre pares en segundo grado",
        "objective": "Que los seis grupos de segundo grado resuelvan sus conflictos con diálogo, en una asamblea "
        "semanal y con un equipo de mediadores, y que el colectivo responda de la misma manera ante las faltas "
        "de respeto.",
        "resources": "Quince minutos de la hora de tutoría cada viernes; las lecciones Construye T de conciencia "
        "social y colaboración; un cuaderno de acuerdos por grupo; la sala de maestros los viernes para formar "
        "a los mediadores.",
        "evaluation": "Comparar los reportes por conflictos de segundo grado de noviembre-diciembre con los de "
        "febrero-marzo; revisar los cuadernos de acuerdos de cada grupo y preguntar a los estudiantes, con una "
        "encuesta breve, si se sienten escuchados y seguros en su salón.",
        "actions": [
            ("Acordar con los seis grupos de segundo el reglamento de su asamblea", 5, date(2026, 1, 23)),
            ("Elaborar una guía de respuesta común ante burlas y faltas de respeto", FACILITATOR_B, date(2026, 1, 30)),
            ("Formar a dos mediadores por grupo en tres sesiones de viernes", 6, date(2026, 2, 13)),
            ("Dedicar una clase de Inglés al mes a valorar las lenguas de los estudiantes", 7, date(2026, 2, 27)),
        ],
        "agreements": [
            (15, "Presentar al colectivo el reglamento de asambleas acordado con los estudiantes", 1, CAS_DONE, False),
            (
                30,
                "Revisar en el Consejo Técnico de febrero los reportes por conflictos de segundo grado y ajustar la "
                "mediación",
                DIRECTOR,
                CAS_PENDING,
                True,
            ),
            (30, "Primer encuentro de los mediadores de los seis grupos", 6, DONE, False),
        ],
    },
    {
        "problem": 1,
        "starter": 3,
        "editor": 11,
        "title": "Rúbricas compartidas y retroalimentación en los proyectos",
        "objective": "Que cada proyecto de grado se evalúe con una rúbrica común construida en la academia y que "
        "los estudiantes reciban retroalimentación escrita al menos dos veces antes de la entrega final.",
        "resources": "La sesión mensual de cada academia; ejemplos de rúbricas del Plan de estudios 2022; una "
        "carpeta compartida en el aula virtual de la escuela; formatos de autoevaluación y coevaluación.",
        "evaluation": "Contar en academia cuántos proyectos tuvieron rúbrica común y retroalimentación intermedia; "
        "comparar las evidencias de un mismo estudiante en dos momentos del proyecto y preguntar a los "
        "estudiantes si entienden qué se espera de ellos.",
        "actions": [
            ("Diseñar la rúbrica común del proyecto de primer grado", 3, date(2026, 1, 30)),
            ("Armar el portafolio de evidencias de cada grupo en el aula virtual", 9, date(2026, 2, 6)),
            ("Probar la coevaluación entre pares en Matemáticas y Química", 2, date(2026, 2, 20)),
            ("Taller breve de retroalimentación en el Consejo Técnico de febrero", 11, date(2026, 2, 27)),
        ],
        "agreements": [
            (15, "Compartir en la carpeta digital la rúbrica de proyecto de cada academia", 2, CAS_DONE, False),
            (30, "Analizar en academia tres ejemplos de retroalimentación escrita a estudiantes", 12, DONE, False),
            (30, "Presentar al colectivo el portafolio de un estudiante por grado", 11, PENDING, False),
        ],
    },
    {
        "problem": 2,
        "starter": 8,
        "editor": 10,
        "title": "Tequio por la escuela: encuentros con las familias en horarios posibles",
        "objective": "Que más familias participen en la vida escolar de sus hijos, con encuentros en horarios "
        "posibles para quienes trabajan, comunicación por los medios que usan y un tequio por la escuela cada "
        "bimestre.",
        "resources": "El patio y los salones los sábados por la mañana; un directorio de contactos actualizado; "
        "grupos de mensajería por grupo, a cargo de cada tutor; el apoyo del comité de padres de familia para "
        "el tequio.",
        "evaluation": "Contar las familias que llegan a cada encuentro y al tequio y compararlas con la reunión de "
        "boletas de diciembre; registrar cuántos contactos se actualizaron y, al cierre del ciclo, preguntar a "
        "las familias cómo se han sentido recibidas.",
        "actions": [
            ("Actualizar el directorio de contactos de las familias de los 18 grupos", 10, date(2026, 2, 6)),
            ("Primer encuentro de familias en sábado: los proyectos de sus hijos", 8, date(2026, 2, 21)),
            ("Invitar a las familias a narrar la historia del barrio en la clase de Historia", 4, date(2026, 3, 6)),
            ("Organizar con el comité de padres el primer tequio por la escuela", DIRECTOR, date(2026, 3, 14)),
        ],
        "agreements": [
            (15, "Enviar a las familias el calendario de encuentros en sábado", 10, DONE, False),
            (
                30,
                "Informar al colectivo cuántas familias actualizaron sus datos y confirmaron el encuentro",
                4,
                PENDING,
                False,
            ),
            (30, "Acordar con el comité de padres de familia la fecha del primer tequio", DIRECTOR, CAS_DONE, False),
        ],
    },
]

# who → words and short phrases for the calligram (repeated words grow).
WORDS_B = {
    DIRECTOR: "Comunidad, Compromiso, Escucha",
    1: "Diálogo, Comunidad, Palabra, Familias",
    2: "Aprender juntos, Confianza, Compromiso",
    3: "Raíces, Cuidado, Comunidad",
    4: "Memoria, Diálogo, Tequio",
    5: "Respeto, Escucha, Convivencia",
    6: "Equipo, Respeto, Alegría",
    7: "Nuestras lenguas, Respeto, Puentes",
    8: "Guelaguetza, Tequio, Fiesta",
    9: "Creatividad, Aprender juntos, Confianza",
    10: "Resiliencia, Tequio, Familias",
    11: "Paciencia, Compromiso, Curiosidad",
    12: "Comunidad, Esperanza, Diálogo, Tequio",
}
# The hands first proposed, the tree the group settles on, and the commitment sentence.
CALLIGRAM_B = (
    9,
    Shape.HANDS,
    8,
    Shape.TREE,
    "Como el árbol que crece desde sus raíces, crecemos juntos: nos escuchamos, acordamos en tequio y cumplimos "
    "por nuestras y nuestros estudiantes.",
)

DIRECTORS_DAY_B = {
    "reflection": "Nuestra comunidad de aprendizaje se forma cuando el Consejo Técnico deja de ser una junta de "
    "avisos y se vuelve el lugar donde hablamos de lo que pasa en nuestras aulas. En la Secundaria 5 tenemos "
    "maestras y maestros con mucha experiencia y trayectorias muy distintas; varios trabajan en dos escuelas y en "
    "el turno vespertino el tiempo es escaso.\n\n"
    "Mi papel como director es cuidar las condiciones: tiempo dentro de la jornada, un espacio, y sobre todo un "
    "clima de confianza para hablar de la práctica sin miedo a ser juzgados. También me toca dar el ejemplo: "
    "cumplir lo que acuerdo, preguntar antes de decidir y dejar que otras personas coordinen.",
    "poster_title": "Dirigir acompañando: mis compromisos con nuestra comunidad de aprendizaje",
    "commitments": [
        "Reservar la primera hora de cada sesión del Consejo Técnico al trabajo de la comunidad, sin avisos "
        "administrativos.",
        "Dar seguimiento a cada acuerdo con responsable y fecha, y revisarlo al inicio de la siguiente sesión.",
        "Rotar la moderación, la relatoría y el tiempo entre todo el personal docente.",
        "Abrir la escuela los sábados para los encuentros con las familias.",
        "Observar clases sólo cuando me inviten, para acompañar y no para calificar.",
    ],
}


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


# --- escuela-a: in the second space --------------------------------------------------------------------

SESSION_ROLES_A = {1: (3, 2, 4)}

MILESTONES_A = {
    DIRECTOR: [
        (
            1996,
            Kind.EXPERIENCE,
            "Docente de Lectura y Redacción en un CBTIS de Zapopan",
            "Mi primer grupo tenía 52 estudiantes. Aprendí a saberme los nombres la primera semana, porque ahí "
            "empieza todo.",
        ),
        (
            2009,
            Kind.TRAINING,
            "Diplomado en competencias docentes para la educación media superior",
            "Me obligó a pensar por competencias y, sobre todo, a planear con otros.",
        ),
        (
            2021,
            Kind.CHALLENGE,
            "Dirigir el plantel en el regreso a clases presenciales",
            "Con más de mil estudiantes y protocolos sanitarios, aprendí a delegar: sola no se podía.",
        ),
    ],
    1: [
        (
            2010,
            Kind.TRAINING,
            "Licenciatura en Química en la Universidad de Guadalajara",
            "Llegué a la docencia con el laboratorio en la cabeza; el aula me enseñó que la química también se siente.",
        ),
        (
            2018,
            Kind.EXPERIENCE,
            "Mi primer curso de Construye T",
            "Pensé que era una materia más; terminé usando el semáforo de emociones al inicio de cada práctica.",
        ),
        (
            2025,
            Kind.LEARNING,
            "El semáforo de emociones en primer semestre",
            "Cuando nombran cómo llegan, el laboratorio es más seguro y más tranquilo.",
        ),
    ],
    2: [
        (
            2002,
            Kind.EXPERIENCE,
            "Doce años de electricista industrial en El Salto",
            "La planta me dio los ejemplos que hoy uso en el taller: ahí la seguridad no es un tema, es la vida.",
        ),
        (
            2014,
            Kind.TRAINING,
            "Certificación en competencias docentes",
            "Supe que mi experiencia en la industria también era un saber docente, si aprendía a planearla.",
        ),
        (
            2023,
            Kind.LEARNING,
            "Roles rotativos en el taller de Electricidad",
            "Los estudiantes callados se vuelven voceros cuando el rol se los pide.",
        ),
    ],
    3: [
        (
            2008,
            Kind.TRAINING,
            "Licenciatura en Psicología en la Universidad de Guadalajara",
            "Me enseñó a escuchar antes de corregir.",
        ),
        (
            2016,
            Kind.CHALLENGE,
            "Coordinar la tutoría de todo el turno matutino",
            "Treinta grupos y una sola tutora de tiempo completo: tuve que formar a colegas para acompañar.",
        ),
        (
            2025,
            Kind.LEARNING,
            "Reparar el daño después de un conflicto",
            "Con el árbol de decisiones, las propias estudiantes propusieron cómo reparar lo que se rompió.",
        ),
    ],
    4: [
        (
            1999,
            Kind.TRAINING,
            "Licenciatura en Historia en la Universidad de Guadalajara",
            "Aprendí que toda historia tiene varias versiones; en el aula, también.",
        ),
        (
            2012,
            Kind.EXPERIENCE,
            "Asesor de proyectos de servicio comunitario en Tlaquepaque",
            "Los estudiantes cambiaron cuando su trabajo sirvió a alguien fuera de la escuela.",
        ),
        (
            2022,
            Kind.CHALLENGE,
            "Burlas y conflictos que empiezan en redes sociales",
            "Lo que pasa el fin de semana en los grupos de mensajería llega al aula el lunes, y no sabíamos cómo "
            "intervenir.",
        ),
    ],
    5: [
        (
            2005,
            Kind.TRAINING,
            "Licenciatura en Matemáticas en la Universidad de Guadalajara",
            "Me gustaba demostrar; enseñar me obligó a explicar de cinco maneras distintas lo mismo.",
        ),
        (
            2015,
            Kind.CHALLENGE,
            "La reprobación en Álgebra de primer semestre",
            "Un tercio del grupo reprobaba el primer parcial. Empecé a preguntarme qué parte del problema era mía.",
        ),
        (
            2026,
            Kind.LEARNING,
            "Decir que sí a la CAS la segunda vez",
            "Decir que no la primera vez fue cuidar mi tiempo; decir que sí cuando el horario cambió fue apostar "
            "por el colectivo.",
        ),
    ],
}
LIGHTS_A = {
    DIRECTOR: "VAVAVAAA",
    1: "VVAAVAAA",
    2: "AVAAVVRA",
    3: "VAAVARRA",
    4: "AAAAARRA",
    5: "AAVAAARV",
}
SYNTHESIS_A = (
    2,
    "Somos seis: cinco docentes y la directora, con trayectorias que van de 1996 a hoy. Tres llegamos a la "
    "docencia desde otra profesión (la química, la industria eléctrica, las matemáticas) y casi todos nos "
    "formamos en la Universidad de Guadalajara. Nos une haber vivido juntos el regreso a clases presenciales y "
    "haber empezado la CAS este ciclo.",
    3,
    "El semáforo nos pone en verde en el propósito compartido y en el trabajo colaborativo, y en rojo el vínculo "
    "con las familias: en el bachillerato casi no las vemos, y cuando vienen es por un problema.",
)
SITUATIONS_A = [
    (
        1,
        "En el laboratorio, los equipos se desintegran cuando alguien reprueba el primer parcial.",
        "Después del primer parcial tres o cuatro estudiantes por grupo dejan de venir a las prácticas, y su "
        "equipo se queda sin quien registre.",
        "Vemos la reprobación como un asunto de cada asignatura; nadie junta lo que le pasa al mismo estudiante en "
        "Química, Álgebra y el módulo.",
        "Revisar con mis colegas de primer semestre a los mismos estudiantes y acordar un apoyo antes del segundo "
        "parcial.",
        ("didactica", "institucional"),
    ),
    (
        2,
        "Los conflictos del grupo de mensajería del taller se vuelven pleitos en la práctica.",
        "El lunes llegan enojados por algo que se dijo en el chat; en el taller, con herramientas en la mano, eso "
        "es peligroso.",
        "El grupo de mensajería lo abrí yo, para avisos, y nunca acordamos cómo usarlo.",
        "Acordar con el grupo reglas para el chat y abrir cada lunes con cinco minutos para hablar de cómo llegan.",
        ("social", "valoral"),
    ),
    (
        3,
        "Las y los tutores nos enteramos tarde de los conflictos entre estudiantes.",
        "Cuando un caso llega a tutoría ya hubo burlas durante semanas, y a veces una pelea a la salida.",
        "No hay una forma sencilla de que un docente avise a la tutoría lo que ve en su clase.",
        "Un aviso breve y confidencial del docente a la tutoría, y una reunión quincenal de tutores.",
        ("institucional", "social"),
    ),
    (
        4,
        "Las burlas en redes sociales se las dejamos a la orientación, como si no pasaran en nuestras clases.",
        "En las entrevistas con tutores, la mayoría de los conflictos empezaron en redes sociales.",
        "Sentimos que no nos toca o que no sabemos de tecnología, y preferimos no meternos.",
        "Trabajar en clase situaciones de redes sociales con las lecciones de conciencia social de Construye T.",
        ("valoral", "social", "personal"),
    ),
]
PROBLEMS_A = [
    (
        "Los conflictos que empiezan en redes sociales llegan al aula y los atendemos tarde",
        "Burlas y pleitos que nacen en los grupos de mensajería; cada docente los ve por su lado y la tutoría se "
        "entera cuando ya crecieron.",
        ("social", "valoral", "institucional"),
        (2, 3, 4),
    ),
    (
        "La reprobación de primer semestre la vemos como problema de cada asignatura",
        "Los mismos estudiantes reprueban en varias materias y nadie mira el conjunto a tiempo.",
        ("didactica", "institucional"),
        (1,),
    ),
]


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
