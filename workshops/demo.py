"""Demo data of the workshops app, on top of the core's (`manage.py seed_demo`
runs the core's demo first): two of escuela A's journal entries were written
in work spaces of the SEP workshop."""

from django.db import transaction

from communities.models import Reflection, ReflectionPrompt
from workshops.catalogue import ensure_prompts
from workshops.models import PromptWorkSpace, WorkSpace
from workshops.services import set_entry_workspace

# Titles of demo journal entries, and the work space each belongs to.
ENTRIES = {
    "Por qué dije que sí la segunda vez": WorkSpace.HUELLA_COLECTIVA,
    "Lo que aprendí de la escucha en parejas": WorkSpace.PRACTICA_BAJO_LA_LUPA,
}


@transaction.atomic
def seed(stdout=None) -> None:
    ensure_prompts(ReflectionPrompt, PromptWorkSpace)
    entries = Reflection.objects.filter(title__in=ENTRIES, author__email__endswith="@escuela-a.demo").order_by("pk")
    for entry in entries:
        set_entry_workspace(entry=entry, workspace=ENTRIES[entry.title])
