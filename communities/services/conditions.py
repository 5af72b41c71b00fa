from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from communities.models import Community, ConditionCheck, Event, User
from communities.services.audit import record_event


@transaction.atomic
def update_conditions(*, actor: User, community: Community, values: dict[str, tuple[bool, str]]) -> int:
    """The director records which conditions for the CAS are in place and how.
    `values` maps a condition kind to (in place, note). Returns how many changed."""
    if actor.pk != community.director_id:
        raise PermissionDenied
    changed = 0
    for check in ConditionCheck.objects.select_for_update().filter(community=community, kind__in=values):
        is_met, note = values[check.kind]
        note = note.strip()[:500]
        if (check.is_met, check.note) == (is_met, note):
            continue
        check.is_met, check.note = is_met, note
        check.updated_by, check.updated_at = actor, timezone.now()
        check.save(update_fields=["is_met", "note", "updated_by", "updated_at"])
        record_event(community=community, actor=actor, verb=Event.Verb.CONDITION_UPDATED, subject=check.kind)
        changed += 1
    return changed
