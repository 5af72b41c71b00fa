"""What the SEP workshop adds to the core's journal, through
communities.extensions: the work space of an entry (a field of the entry form,
a filter of the journal, a label on the entry) and a panel on the journal page
that offers each work space's prompt."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from communities import access, extensions
from communities.forms.fields import blank_and
from communities.models import Reflection, ReflectionPrompt
from workshops.models import EntryWorkSpace, PromptWorkSpace, WorkSpace

_OFFERED = {"invalid_choice": _("Choose one of the options offered.")}


def _entry_field() -> forms.Field:
    return forms.ChoiceField(
        label=_("Workshop work space"),
        choices=blank_and(WorkSpace.choices, label=_("None")),
        required=False,
        help_text=_("If the entry belongs to a work space of the workshop «Ser y hacer en comunidad de aprendizaje»."),
        error_messages=_OFFERED,
    )


def _filter_field() -> forms.Field:
    return forms.ChoiceField(
        label=_("Work space"), choices=blank_and(WorkSpace.choices, label=_("All work spaces")), required=False
    )


def space_of_prompt(prompt: ReflectionPrompt | None) -> str:
    if prompt is None:
        return ""
    return PromptWorkSpace.objects.filter(prompt=prompt).values_list("workspace", flat=True).first() or ""


def space_of_entry(entry: Reflection) -> str:
    return EntryWorkSpace.objects.filter(reflection=entry).values_list("workspace", flat=True).first() or ""


def labels(entries: list[Reflection]) -> dict[int, str]:
    """The work space of each entry that has one, in one query."""
    links = EntryWorkSpace.objects.filter(reflection__in=[entry.pk for entry in entries])
    return {link.reflection_id: link.get_workspace_display() for link in links}


def in_space(entries: QuerySet, space: str) -> QuerySet:
    return entries.filter(pk__in=EntryWorkSpace.objects.filter(workspace=space).values("reflection_id"))


def journal_panel(request, obj) -> dict | None:
    """The work spaces with their prompts, for people who write in a journal."""
    if not access.writes_in_journal(request.user):
        return None
    prompts = PromptWorkSpace.objects.filter(prompt__is_active=True).select_related("prompt")
    by_space = {link.workspace: link.prompt for link in prompts.order_by("prompt__position", "pk")}
    spaces = [(space, by_space.get(space.value)) for space in WorkSpace]
    return {"spaces": [(space, prompt) for space, prompt in spaces if prompt is not None]}


def register() -> None:
    from workshops.services.journal import set_entry_workspace

    extensions.register(
        extensions.EntryField(
            name="workspace",
            form_field=_entry_field,
            initial_for_prompt=space_of_prompt,
            value_of=space_of_entry,
            save=lambda entry, space: set_entry_workspace(entry=entry, workspace=space),
            labels=labels,
            filter_field=_filter_field,
            apply_filter=in_space,
        )
    )
    extensions.register(
        extensions.Panel(page="journal", template="workshops/_journal_panel.html", context=journal_panel)
    )
