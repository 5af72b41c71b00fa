"""The SEP workshop in data: the prompts it brings to the journal, one per work
space, and its default template. Kept as plain data because data migrations
install them."""

from datetime import date

from django.utils import timezone

# (work space code, question)
PROMPTS = [
    ("huella-colectiva", "¿Qué momento de mi trayectoria docente marcó mi forma de enseñar?"),
    (
        "practica-bajo-la-lupa",
        "¿Qué problema de mi práctica aparece en más de una dimensión (personal, didáctica, institucional…)?",
    ),
    ("construyendo-en-colectivo", "¿Qué puedo aportar a la propuesta colectiva y cómo sabremos si funcionó?"),
    ("caligrama", "¿Qué palabra describe a nuestra comunidad y qué compromiso expresa?"),
]

# After the core's phase prompts.
FIRST_POSITION = 100


def ensure_prompts(prompt_model, link_model) -> None:
    """Give every work space its prompt if it has none. Takes the model classes so
    that a migration can pass its historical models."""
    linked = set(link_model.objects.values_list("workspace", flat=True))
    for position, (space, text) in enumerate(PROMPTS, start=FIRST_POSITION):
        if space not in linked:
            prompt = prompt_model.objects.create(text=text, position=position)
            link_model.objects.create(prompt=prompt, workspace=space)


# --- The default template: the SEP's January 2026 workshop --------------------------------------

TITLE = "Ser y hacer en comunidad de aprendizaje"
EDITION = "Enero de 2026"
DIRECTORS_DAY = date(2026, 1, 7)
STARTS_ON, ENDS_ON = date(2026, 1, 8), date(2026, 1, 9)
GENERAL_PURPOSE = (
    "Que maestras y maestros analicen los procesos que dinamizan la conformación de comunidades de "
    "aprendizaje, a partir de la reflexión colectiva, crítica y situada de sus experiencias y saberes, a fin "
    "de fortalecer la transformación de su práctica en el marco de la NEM."
)
SPECIFIC_PURPOSE = (
    "Que maestras y maestros reconozcan el sentido de la problematización de su práctica docente para "
    "identificar en colectivo posibles marcos de actuación ante situaciones, retos o problemáticas que se "
    "presentan, y generen propuestas que fortalezcan la construcción colaborativa del conocimiento."
)
# The seed's five dimensions for problematising practice (the journal's catalogue has Fierro's six).
DIMENSIONS = ["personal", "didactica", "institucional", "social", "valoral"]

# Each space: (code, purpose, product, moments). Each moment: (kind, minutes, prompt). The Carpeta's
# exact activities are not public: these are written for this project from its purposes.
SPACES = [
    (
        "huella-colectiva",
        "Reconocer las trayectorias profesionales de quienes forman el colectivo y lo que cada una aporta, "
        "para ubicar de dónde parte la comunidad de aprendizaje.",
        "La huella colectiva: la línea del tiempo de todas las trayectorias y la autoevaluación de la comunidad.",
        [
            ("propositos", 10, "Lean juntos el propósito del espacio: reconocernos en nuestras trayectorias."),
            (
                "organizacion",
                10,
                "Acuerden las reglas de la sesión (escuchar sin interrumpir, hablar desde la experiencia propia) "
                "y quién modera, quién relata y quién cuida el tiempo.",
            ),
            (
                "reflexion",
                35,
                "Cada quien registra de tres a cinco hitos de su trayectoria: el año, qué pasó y qué significó "
                "para su forma de enseñar (una formación, una experiencia, un reto, un aprendizaje).",
            ),
            (
                "retroalimentacion",
                25,
                "Miren la línea del tiempo de todo el colectivo: ¿qué se repite?, ¿qué nos sorprende?, ¿qué "
                "saberes tiene esta escuela que no sabíamos?",
            ),
            (
                "evidencias",
                20,
                "Valoren a la comunidad en cada eje con un semáforo (verde: lo hacemos; amarillo: vamos en "
                "camino; rojo: falta construirlo) y escriban juntos una síntesis breve.",
            ),
            ("cierre", 10, "Cada quien dice en una frase qué se lleva de la huella de sus colegas."),
        ],
    ),
    (
        "practica-bajo-la-lupa",
        "Problematizar la práctica docente desde sus dimensiones para identificar en colectivo los problemas "
        "comunes y decidir cuáles atender primero.",
        "La matriz de problematización y la lista de retos priorizados.",
        [
            ("propositos", 10, "Recuerden qué significa problematizar: mirar una situación desde varios lados."),
            ("organizacion", 5, "Confirmen los roles de la sesión y el tiempo de cada momento."),
            (
                "reflexion",
                35,
                "Cada quien describe una situación o un reto de su práctica: qué observo, por qué creo que "
                "sucede y qué podría cambiar, y en qué dimensiones se juega.",
            ),
            (
                "retroalimentacion",
                30,
                "Lean las situaciones en voz alta y agrúpenlas en problemas comunes; clasifiquen cada problema "
                "por sus dimensiones.",
            ),
            (
                "evidencias",
                20,
                "Voten con puntos los problemas comunes: cada quien tiene los votos que fija el taller. Los tres "
                "más votados son los retos que trabajará el colectivo.",
            ),
            ("cierre", 10, "¿Qué problema de mi práctica descubrí que comparto con mis colegas?"),
        ],
    ),
    (
        "construyendo-en-colectivo",
        "Diseñar propuestas colaborativas para atender los retos priorizados, con acciones, responsables, "
        "fechas y acuerdos de continuidad.",
        "Las propuestas colaborativas y sus acuerdos de continuidad a 15 y 30 días.",
        [
            ("propositos", 10, "Recuerden los retos priorizados y formen un equipo por reto."),
            ("organizacion", 5, "Cada equipo acuerda quién escribe y cómo van a tomar decisiones."),
            (
                "reflexion",
                45,
                "Cada equipo escribe su propuesta: objetivo, acciones con responsable y fecha, recursos y cómo "
                "sabremos si funcionó.",
            ),
            ("retroalimentacion", 25, "Los equipos comparten su propuesta y reciben preguntas y sugerencias."),
            (
                "evidencias",
                15,
                "Cada equipo define sus acuerdos de continuidad a 15 y a 30 días, con responsable y fecha.",
            ),
            ("cierre", 10, "¿A qué me comprometo yo en la propuesta de mi equipo?"),
        ],
    ),
    (
        "caligrama",
        "Expresar quiénes somos como comunidad y a qué nos comprometemos, en un caligrama colectivo.",
        "El caligrama de la comunidad, con su frase de compromiso.",
        [
            ("propositos", 5, "Lean el propósito: decir con palabras quiénes somos y a qué nos comprometemos."),
            ("organizacion", 5, "Elijan juntos la figura del caligrama."),
            (
                "reflexion",
                20,
                "Cada quien aporta palabras o frases cortas sobre su comunidad y su compromiso; se vale repetir.",
            ),
            ("retroalimentacion", 15, "Miren el caligrama: ¿dice lo que somos?, ¿falta alguna palabra?"),
            ("evidencias", 15, "Escriban juntos la frase de compromiso que irá debajo del caligrama."),
            ("cierre", 10, "Cierre del taller: ¿qué cambia en mi práctica a partir de estos dos días?"),
        ],
    ),
]

# The community's self-assessment in Huella colectiva, rated with a traffic light.
AXES = [
    ("Propósito compartido", "Sabemos para qué nos reunimos y lo decimos con nuestras palabras."),
    ("Diálogo horizontal", "Todas las voces cuentan igual, sin importar el cargo o los años de servicio."),
    ("Corresponsabilidad", "Cada quien se hace cargo de una parte de lo que acordamos."),
    ("Reflexión sobre la práctica", "Revisamos lo que hacemos en el aula con preguntas, no con juicios."),
    ("Trabajo colaborativo", "Planeamos y resolvemos problemas entre colegas, no cada quien por su lado."),
    ("Liderazgo distribuido", "Coordinar y moderar no recae siempre en las mismas personas."),
    ("Vínculo con familias y comunidad", "Las familias y la comunidad participan en lo que hacemos."),
    ("Seguimiento de acuerdos", "Revisamos si cumplimos lo que acordamos y ajustamos cuando hace falta."),
]


def ensure_default_template(template_model, space_model, moment_model, axis_model, dimension_model):
    """Install the SEP's January 2026 workshop as a published template unless it
    has a version already; return its newest version. Takes the model classes
    so that a migration can pass its historical models."""
    newest = template_model.objects.filter(title=TITLE).order_by("-number").first()
    if newest is not None:
        return newest
    template = template_model.objects.create(
        title=TITLE,
        number=1,
        edition=EDITION,
        general_purpose=GENERAL_PURPOSE,
        specific_purpose=SPECIFIC_PURPOSE,
        directors_day=DIRECTORS_DAY,
        starts_on=STARTS_ON,
        ends_on=ENDS_ON,
    )
    template.dimensions.set(dimension_model.objects.filter(code__in=DIMENSIONS))
    for position, (code, purpose, product, moments) in enumerate(SPACES, start=1):
        space = space_model.objects.create(
            template=template, workspace=code, position=position, purpose=purpose, product=product
        )
        moment_model.objects.bulk_create(
            moment_model(space=space, kind=kind, position=n, minutes=minutes, prompt=prompt)
            for n, (kind, minutes, prompt) in enumerate(moments, start=1)
        )
    axis_model.objects.bulk_create(
        axis_model(template=template, position=n, name=name, description=description)
        for n, (name, description) in enumerate(AXES, start=1)
    )
    template.status = "published"
    template.published_at = timezone.now()
    template.save()
    return template
