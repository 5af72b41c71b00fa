"""Caligrama de la comunidad: the words participants contribute, and the shape
and commitment sentence the group chooses (a shared text: a save based on an
older revision is an EditConflict)."""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities import access
from communities.access import Need
from communities.models import User
from workshops.models import MAX_WORD, Calligram, CalligramWord, Shape, Workshop, WorkSpace
from workshops.services.common import (
    VERB_CALLIGRAM,
    VERB_WORD_REMOVED,
    check_revision,
    clean_text,
    open_space_of,
    record,
)

SPACE = WorkSpace.CALIGRAMA
MAX_WORDS_EACH = 30  # words one participant contributes
# Letters of any script, their accents, digits, spaces and the punctuation of a
# short phrase; not the marks emoji are built with (a keycap's enclosing mark,
# the variation selectors that turn a digit or a heart into a picture).
ALLOWED = {"L", "Mn", "Mc", "N", "Zs", "Pc", "Pd", "Pi", "Pf", "Po"}
EMOJI_MARKS = {"\ufe0e", "\ufe0f"}


def word_key(text: str) -> str:
    """The form a word is counted under: case and surrounding spaces aside."""
    return " ".join(text.split()).casefold()[:MAX_WORD]


def _checked_word(text: str) -> str:
    text = " ".join(text.replace("\x00", "").split())
    if not text:
        raise ValidationError({"text": _("Write a word or a short phrase.")})
    if len(text) > MAX_WORD:
        raise ValidationError(
            {"text": _("Write at most %(limit)s characters: a word or a short phrase.") % {"limit": MAX_WORD}}
        )
    categories = [unicodedata.category(ch) for ch in text]
    if any(ch in EMOJI_MARKS or not (c in ALLOWED or c[0] in ALLOWED) for ch, c in zip(text, categories, strict=True)):
        raise ValidationError({"text": _("Write words with letters, without emoji or symbols.")})
    return text


@transaction.atomic
def add_words(*, actor: User, workshop: Workshop, text: str) -> list[CalligramWord]:
    """One or more words or short phrases (one per line or separated by commas),
    while the space is open."""
    access.require(actor, workshop, Need.PARTICIPATE)
    open_space_of(workshop, SPACE)
    pieces = [piece for line in text.replace("\x00", "").splitlines() for piece in line.split(",") if piece.strip()]
    if not pieces:
        raise ValidationError({"text": _("Write a word or a short phrase.")})
    words = [_checked_word(piece) for piece in pieces]
    mine = CalligramWord.objects.filter(workshop=workshop, author=actor).count()
    if mine + len(words) > MAX_WORDS_EACH:
        raise ValidationError(
            {"text": _("Each participant contributes up to %(max)s words.") % {"max": MAX_WORDS_EACH}}
        )
    return CalligramWord.objects.bulk_create(
        CalligramWord(workshop=workshop, author=actor, text=word, key=word_key(word)) for word in words
    )


@transaction.atomic
def remove_word(*, actor: User, word: CalligramWord) -> None:
    """Its author takes a word back, or the facilitator removes one, while the space is open."""
    if not access.allows(actor, word, Need.EDIT):
        access.require(actor, word.workshop, Need.FACILITATE)
    open_space_of(word.workshop, SPACE)
    record(word.workshop, actor, VERB_WORD_REMOVED, subject=word.text, person=word.author)
    word.delete()


@transaction.atomic
def save_calligram(*, actor: User, workshop: Workshop, shape: str, commitment: str, based_on: int) -> Calligram:
    """The group's shape and commitment sentence, while the space is open."""
    access.require(actor, workshop, Need.PARTICIPATE)
    open_space_of(workshop, SPACE)
    if shape not in Shape.values:
        raise ValidationError({"shape": _("Choose one of the shapes offered.")})
    commitment = clean_text(commitment, field="commitment", required=False, limit=300)
    calligram = (
        Calligram.objects.select_for_update(of=("self",)).select_related("updated_by").filter(workshop=workshop).first()
    )
    if calligram is None:
        check_revision(current=0, based_on=based_on, theirs={}, by=None)
        record(workshop, actor, VERB_CALLIGRAM, subject=Shape(shape).label, new=commitment)
        return Calligram.objects.create(workshop=workshop, shape=shape, commitment=commitment, updated_by=actor)
    check_revision(
        current=calligram.revision,
        based_on=based_on,
        theirs={"shape": calligram.get_shape_display(), "commitment": calligram.commitment},
        by=calligram.updated_by,
    )
    if (calligram.shape, calligram.commitment) != (shape, commitment):
        record(workshop, actor, VERB_CALLIGRAM, subject=Shape(shape).label, old=calligram.commitment, new=commitment)
    calligram.shape, calligram.commitment = shape, commitment
    calligram.revision += 1
    calligram.updated_by = actor
    calligram.save()
    return calligram
