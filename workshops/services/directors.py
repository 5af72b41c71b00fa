"""The directors' day: each director's reflection and poster of commitments."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from communities import access
from communities.access import Need
from communities.models import User
from workshops.models import DirectorCommitment, DirectorsDay, Workshop
from workshops.services.common import (
    VERB_COMMITMENT_ADDED,
    VERB_COMMITMENT_REMOVED,
    VERB_DIRECTORS_DAY,
    clean_text,
    record,
)

MAX_COMMITMENTS = 8


@transaction.atomic
def save_directors_day(*, actor: User, workshop: Workshop, reflection: str, poster_title: str) -> DirectorsDay:
    """The director's own page of the day: written by each director of the school."""
    access.require(actor, workshop, Need.MANAGE)
    day, _created = DirectorsDay.objects.select_for_update().get_or_create(workshop=workshop, author=actor)
    before = day.poster_title
    day.reflection = clean_text(reflection, field="reflection", required=False, limit=4000)
    day.poster_title = clean_text(poster_title, field="poster_title", required=False, limit=120)
    day.save()
    record(
        workshop, actor, VERB_DIRECTORS_DAY, subject=day.poster_title, old=before if before != day.poster_title else ""
    )
    return day


@transaction.atomic
def add_commitment(*, actor: User, workshop: Workshop, text: str) -> DirectorCommitment:
    """One more action the director commits to as the community's facilitator."""
    access.require(actor, workshop, Need.MANAGE)
    day, _created = DirectorsDay.objects.select_for_update().get_or_create(workshop=workshop, author=actor)
    if day.commitments.count() >= MAX_COMMITMENTS:
        raise ValidationError({"text": _("A poster holds up to %(max)s commitments.") % {"max": MAX_COMMITMENTS}})
    text = clean_text(text, field="text", limit=300)
    position = (day.commitments.aggregate(top=Max("position"))["top"] or 0) + 1
    record(workshop, actor, VERB_COMMITMENT_ADDED, subject=text)
    return DirectorCommitment.objects.create(day=day, text=text, position=position)


@transaction.atomic
def remove_commitment(*, actor: User, commitment: DirectorCommitment) -> None:
    access.require(actor, commitment.day, Need.EDIT)
    record(commitment.day.workshop, actor, VERB_COMMITMENT_REMOVED, subject=commitment.text)
    commitment.delete()
