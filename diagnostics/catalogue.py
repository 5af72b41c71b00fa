"""The default instrument of the Diagnóstico del Ambiente Escolar, written for
this project: its dimensions follow the benefits of a CAS named by Construye T,
plus convivencia y seguridad. Plain data, because a data migration installs it
(and the demo and the tests ensure it).

Each item is answered from 1 (totalmente en desacuerdo) to 5 (totalmente de
acuerdo); a reverse item (True) counts 6 − the answer. Audiences: E
estudiantes, D docentes, P personal de apoyo, F familias."""

from django.utils import timezone

NAME = "Diagnóstico del Ambiente Escolar CAS"
FAVORABLE_FROM = "4.00"
PRIORITY_BELOW = "3.00"

AUDIENCE_CODES = {
    "E": "for_students",
    "D": "for_teachers",
    "P": "for_support_staff",
    "F": "for_families",
}

# (code, name, description, [(statement, audiences, reverse-scored)])
DIMENSIONS = [
    (
        "clima-aprendizaje",
        "Clima favorable para el aprendizaje",
        "Si en el aula y en la escuela hay condiciones para aprender: orden, explicaciones claras, tiempo aprovechado.",
        [
            ("En mis clases hay orden y puedo concentrarme.", "E", False),
            ("Mis maestras y maestros explican hasta que entendemos.", "E", False),
            ("En clase hay tanto ruido que no puedo aprender.", "E", True),
            ("En mis grupos puedo enseñar sin interrupciones constantes.", "D", False),
            ("Mi hija o hijo dice que en la escuela aprende cosas útiles.", "F", False),
        ],
    ),
    (
        "relacion-docente-estudiante",
        "Relación docente–estudiante",
        "Respeto, confianza y cercanía entre quienes enseñan y quienes aprenden.",
        [
            ("Mis maestras y maestros me tratan con respeto.", "E", False),
            ("Si tengo un problema, hay un maestro o maestra con quien puedo hablar.", "E", False),
            ("Algunos maestros se burlan de los estudiantes.", "E", True),
            ("Mis maestras y maestros se dan cuenta cuando algo me pasa.", "E", False),
            ("Conozco a mis estudiantes más allá de sus calificaciones.", "D", False),
            ("El personal de la escuela trata a mi hija o hijo con respeto.", "F", False),
        ],
    ),
    (
        "participacion-docente",
        "Participación docente",
        "Si el personal participa en la mejora de la enseñanza y del ambiente escolar, y si se le escucha.",
        [
            ("Comparto con mis colegas lo que me funciona en clase.", "D", False),
            ("Mis ideas se toman en cuenta para mejorar la escuela.", "D", False),
            ("Las decisiones importantes se toman sin preguntar a los docentes.", "D", True),
            ("Cuando propongo una mejora para la escuela, me escuchan.", "P", False),
        ],
    ),
    (
        "corresponsabilidad-metas",
        "Corresponsabilidad en las metas",
        "Si cada quien conoce las metas de la escuela y sabe qué le toca para alcanzarlas.",
        [
            ("Conozco las metas de aprendizaje de la escuela para este ciclo.", "D", False),
            ("Sé qué me toca hacer para que la escuela cumpla sus metas.", "DP", False),
            ("Sé qué se espera de mí en cada materia.", "E", False),
            ("La escuela me dice cómo puedo apoyar desde casa lo que mi hija o hijo aprende.", "F", False),
        ],
    ),
    (
        "bienestar-docente",
        "Bienestar docente",
        "Cómo se siente el personal en su trabajo: energía, tiempo, reconocimiento.",
        [
            ("Termino la semana con energía para seguir.", "D", False),
            ("El trabajo me cansa tanto que me cuesta disfrutar mis clases.", "D", True),
            ("Tengo el tiempo que necesito para preparar mis clases.", "D", False),
            ("La dirección reconoce mi trabajo.", "DP", False),
            ("Casi siempre termino la jornada agotada o agotado.", "P", True),
        ],
    ),
    (
        "sentido-pertenencia",
        "Sentido de pertenencia",
        "Si las personas se sienten parte de la escuela, bienvenidas y orgullosas de ella.",
        [
            ("Me siento parte de esta escuela.", "E", False),
            ("Me da gusto decir en qué escuela estudio.", "E", False),
            ("En la escuela me siento solo o sola.", "E", True),
            ("Me siento parte del equipo de esta escuela.", "DP", False),
            ("Cuando vengo a la escuela me siento bienvenida o bienvenido.", "F", False),
        ],
    ),
    (
        "convivencia-seguridad",
        "Convivencia y seguridad",
        "Si la escuela es un lugar seguro, y si los conflictos y el acoso se atienden.",
        [
            ("Me siento seguro o segura dentro de la escuela.", "E", False),
            ("Hay estudiantes que molestan a otros y nadie hace nada.", "E", True),
            ("Cuando hay un pleito, los adultos de la escuela ayudan a resolverlo.", "E", False),
            ("Sé qué hacer cuando veo un caso de acoso escolar.", "DP", False),
            ("El patio, los baños y los pasillos son lugares seguros para los estudiantes.", "P", False),
            ("Confío en que mi hija o hijo está seguro en la escuela.", "F", False),
        ],
    ),
]


def ensure_default_instrument(instrument_model, version_model, dimension_model, item_model):
    """Install the default instrument as its published version 1 unless it
    already has a version; return its newest version. Takes the model classes
    so that a migration can pass its historical models."""
    instrument, _ = instrument_model.objects.get_or_create(name=NAME)
    newest = version_model.objects.filter(instrument=instrument).order_by("-number").first()
    if newest is not None:
        return newest
    version = version_model.objects.create(
        instrument=instrument, number=1, favorable_from=FAVORABLE_FROM, priority_below=PRIORITY_BELOW
    )
    position = 0
    for dimension_position, (code, name, description, items) in enumerate(DIMENSIONS, start=1):
        dimension = dimension_model.objects.create(
            version=version, code=code, name=name, description=description, position=dimension_position
        )
        for text, audiences, reverse in items:
            position += 1
            flags = {AUDIENCE_CODES[letter]: True for letter in audiences}
            item_model.objects.create(
                version=version, dimension=dimension, text=text, reverse_scored=reverse, position=position, **flags
            )
    version.status = "published"
    version.published_at = timezone.now()
    version.save()
    return version


# The core's journal question about the diagnostic (communities/catalogue.py):
# the home page offers the school's results beside it.
RESULTS_PROMPTS = ["¿Qué me dicen los resultados del diagnóstico sobre el clima de mi aula?"]


def ensure_results_prompts(prompt_model, link_model) -> None:
    """Mark the journal questions about the diagnostic's results, if present."""
    for prompt in prompt_model.objects.filter(text__in=RESULTS_PROMPTS):
        link_model.objects.get_or_create(prompt=prompt)
