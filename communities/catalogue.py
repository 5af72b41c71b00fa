"""The Construye T catalogue of dimensions and skills. It lives in the database
(versioned: a new catalogue does not change the goals that used an older one);
this module holds the current version and installs it."""

CATALOGUE = "2025"
DIMENSIONS = [
    ("conoce-t", "Conoce T", [("autoconocimiento", "Autoconocimiento"), ("autorregulacion", "Autorregulación")]),
    ("relaciona-t", "Relaciona T", [("conciencia-social", "Conciencia social"), ("colaboracion", "Colaboración")]),
    (
        "elige-t",
        "Elige T",
        [("toma-responsable-de-decisiones", "Toma responsable de decisiones"), ("perseverancia", "Perseverancia")],
    ),
]


def ensure_catalogue(dimension_model, skill_model) -> None:
    """Create the current catalogue's rows if missing. Takes the model classes so
    that a migration can pass its historical models."""
    for position, (code, name, skills) in enumerate(DIMENSIONS, start=1):
        dimension, _ = dimension_model.objects.get_or_create(
            catalogue=CATALOGUE, code=code, defaults={"name": name, "position": position}
        )
        for skill_position, (skill_code, skill_name) in enumerate(skills, start=1):
            skill_model.objects.get_or_create(
                dimension=dimension, code=skill_code, defaults={"name": skill_name, "position": skill_position}
            )


TEACHING_DIMENSIONS = [
    ("personal", "Personal"),
    ("interpersonal", "Interpersonal"),
    ("social", "Social"),
    ("institucional", "Institucional"),
    ("didactica", "Didáctica"),
    ("valoral", "Valoral"),
]

# (phase, question). The SEP workshop's work spaces bring their own prompts
# (workshops/catalogue.py).
PROMPTS = [
    ("integration", "¿Qué espero aprender en esta comunidad y qué puedo aportar?"),
    ("integration", "¿Qué me dicen los resultados del diagnóstico sobre el clima de mi aula?"),
    ("development", "¿Qué cambió en mi práctica esta semana?"),
    ("development", "¿Cómo respondió mi grupo a la estrategia Construye T que apliqué? ¿Qué ajustaría?"),
    ("development", "¿Qué situación de convivencia me costó manejar y qué aprendí de ella?"),
    ("dissemination", "¿Qué resultado de la CAS quiero compartir con mis colegas y por qué?"),
    ("dissemination", "¿Qué haré distinto el próximo ciclo a partir de lo aprendido?"),
]

# (title, skill code, purpose, how it works, duration)
STRATEGIES = [
    (
        "Semáforo de emociones",
        "autoconocimiento",
        "Que cada estudiante reconozca y nombre cómo llega a la clase.",
        "Al inicio, cada estudiante marca en un semáforo (verde, amarillo, rojo) cómo se siente y, si quiere, "
        "nombra la emoción. El docente observa el conjunto sin pedir explicaciones y ajusta el arranque de la "
        "clase. Al cierre se repite para notar cambios.",
        "5 minutos",
    ),
    (
        "Pausa de tres respiraciones",
        "autorregulacion",
        "Practicar una forma breve de recuperar la calma antes de una tarea exigente.",
        "Antes de un examen o tras un conflicto, el grupo hace tres respiraciones lentas contando hasta cuatro "
        "al inhalar y hasta seis al exhalar. Se conversa brevemente qué notaron en el cuerpo.",
        "3 minutos",
    ),
    (
        "Escucha en parejas",
        "conciencia-social",
        "Ejercitar la escucha atenta y la toma de perspectiva.",
        "En parejas, una persona cuenta durante dos minutos una situación escolar reciente; la otra sólo escucha "
        "y después resume lo que entendió y cómo cree que se sintió. Se invierten los papeles.",
        "10 minutos",
    ),
    (
        "Roles rotativos en equipo",
        "colaboracion",
        "Que todas y todos aporten en el trabajo en equipo.",
        "Cada equipo reparte roles (coordinación, tiempo, registro, voz) que rotan en cada sesión. Al final, el "
        "equipo valora en una escala breve cómo colaboró y qué mejorará.",
        "Una sesión",
    ),
    (
        "Árbol de decisiones",
        "toma-responsable-de-decisiones",
        "Analizar opciones y consecuencias antes de decidir.",
        "Ante un dilema cercano (por ejemplo, copiar en un examen), el grupo dibuja las opciones como ramas y "
        "escribe las consecuencias para sí y para otros. Se elige una opción y se argumenta.",
        "20 minutos",
    ),
    (
        "Metas semanales",
        "perseverancia",
        "Sostener el esfuerzo con metas pequeñas y revisables.",
        "Cada lunes, cada estudiante escribe una meta alcanzable para la semana y un obstáculo probable; el "
        "viernes revisa si la cumplió y qué hará distinto.",
        "10 minutos por semana",
    ),
]


def ensure_journal_catalogue(dimension_model, prompt_model, strategy_model, skill_model) -> None:
    """Install the dimensions of practice, the starting prompts and strategies if
    missing. Admins edit them afterwards; existing rows are left as they are."""
    for position, (code, name) in enumerate(TEACHING_DIMENSIONS, start=1):
        dimension_model.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    if not prompt_model.objects.exclude(phase="").exists():
        prompt_model.objects.bulk_create(
            prompt_model(phase=phase, text=text, position=position) for position, (phase, text) in enumerate(PROMPTS, 1)
        )
    for title, skill_code, purpose, steps, duration in STRATEGIES:
        skill = skill_model.objects.filter(code=skill_code).order_by("-dimension__catalogue").first()
        if skill is not None:
            strategy_model.objects.get_or_create(
                title=title, defaults={"skill": skill, "purpose": purpose, "steps": steps, "duration": duration}
            )
