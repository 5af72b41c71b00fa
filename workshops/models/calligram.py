"""Caligrama de la comunidad: the words and short phrases participants
contribute, and the calligram the group composes from them (a shape the
project draws, and the commitment sentence written beneath)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.models.base import TimeStampedModel
from workshops.models.runs import Contribution, Workshop

MAX_WORD = 40  # characters of a word or short phrase


class Shape(models.TextChoices):
    """The shapes `workshops.calligram` draws."""

    TREE = "arbol", _("A tree")
    SCHOOL = "escuela", _("A school building")
    HEART = "corazon", _("A heart")
    HANDS = "manos", _("Joined hands")


class CalligramWord(Contribution):
    text = models.CharField(_("word or short phrase"), max_length=MAX_WORD)
    # The text as counted: «Diálogo», «diálogo » and «DIÁLOGO» are one word, said three times.
    key = models.CharField(max_length=MAX_WORD, editable=False)

    class Meta:
        verbose_name = _("word of the calligram")
        verbose_name_plural = _("words of the calligram")
        ordering = ["workshop", "pk"]
        indexes = [models.Index(fields=["workshop", "key"], name="calligram_word_key_idx")]

    def __str__(self) -> str:
        return self.text


class Calligram(TimeStampedModel):
    workshop = models.OneToOneField(
        Workshop, on_delete=models.CASCADE, related_name="calligram", verbose_name=_("workshop")
    )
    shape = models.CharField(_("shape"), max_length=10, choices=Shape.choices, default=Shape.TREE)
    commitment = models.CharField(_("our commitment"), max_length=300, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("calligram")
        verbose_name_plural = _("calligrams")

    def __str__(self) -> str:
        return f"{self.get_shape_display()} · {self.workshop}"
