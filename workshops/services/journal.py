"""Writes of the workshops app. They run inside the core's services that call
them (through communities.extensions), in the same transaction."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from communities.models import Reflection
from workshops.models import EntryWorkSpace, WorkSpace


def set_entry_workspace(*, entry: Reflection, workspace: str) -> None:
    """Put a journal entry in a work space of the workshop ("" takes it out).
    The author's right to change the entry was checked by the journal service."""
    if not workspace:
        EntryWorkSpace.objects.filter(reflection=entry).delete()
        return
    if workspace not in WorkSpace.values:
        raise ValidationError({"workspace": _("Choose one of the workshop's work spaces.")})
    EntryWorkSpace.objects.update_or_create(reflection=entry, defaults={"workspace": workspace})
