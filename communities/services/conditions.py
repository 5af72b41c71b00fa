from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from communities import access
from communities.access import Need
from communities.models import Community, ConditionCheck, ConditionKind, Event, User
from communities.models.events import Flag
from communities.services.audit import record_event


def _flag(is_met: bool) -> Flag:
    return Flag.YES if is_met else Flag.NO


@transaction.atomic
def update_conditions(*, actor: User, community: Community, values: Mapping[ConditionKind, tuple[bool, str]]) -> int:
    """The director records which conditions for the CAS are in place and how.
    `values` maps a condition to (in place, note). Returns how many changed; each
    change leaves an audit row with the value before and after."""
    access.require(actor, community, Need.MANAGE)
    changed = 0
    for check in ConditionCheck.objects.select_for_update().filter(community=community, kind__in=values):
        is_met, note = values[check.kind]
        note = note.strip()[:500]
        if (check.is_met, check.note) == (is_met, note):
            continue
        if check.is_met != is_met:
            old, new = _flag(check.is_met), _flag(is_met)
        else:
            old, new = check.note, note
        check.is_met, check.note = is_met, note
        check.updated_by, check.updated_at = actor, timezone.now()
        check.save(update_fields=["is_met", "note", "updated_by", "updated_at"])
        record_event(
            community=community, actor=actor, verb=Event.Verb.CONDITION_UPDATED, subject=check.kind, old=old, new=new
        )
        changed += 1
    return changed
