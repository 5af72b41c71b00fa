"""What escuela-a's people brought to the workshop they are living now:
milestones, lights and the synthesis of Huella colectiva, and the first
situations and common problems of «La práctica docente bajo la lupa»."""

from workshops.demo.cast import DIRECTOR, Kind

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
