"""What escuela-b's people brought to the workshop of January 2026, as they
wrote it: milestones of their paths, lights, syntheses, situations, common
problems and dots, proposals, words of the calligram and the directors' day.
People are numbered as the core's demo numbers its teachers (docenteN@…); 0
is the school's director."""

from datetime import date

from workshops import catalogue
from workshops.demo.cast import DIRECTOR, Kind
from workshops.models import Shape, WorkSpace

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
