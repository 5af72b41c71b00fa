"""The prompts the SEP workshop brings to the journal, one per work space. Kept
as plain data because a data migration installs them."""

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
