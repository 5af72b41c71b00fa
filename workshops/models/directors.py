"""The directors' day (7 January in 2026): the director's reflection on how the
school's learning community is formed, and the poster of commitments (afiche)
with their actions as its facilitator."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.models.base import TimeStampedModel
from workshops.models.runs import Workshop


class DirectorsDay(TimeStampedModel):
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="directors_days", verbose_name=_("workshop")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("director")
    )
    reflection = models.TextField(_("how our learning community is formed"), max_length=4000, blank=True)
    poster_title = models.CharField(_("title of the poster"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("directors' day")
        verbose_name_plural = _("directors' days")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "author"],
                name="directors_day_once",
                violation_error_message=_("You already have your page of the directors' day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} · {self.workshop}"

    @property
    def work(self) -> Workshop:
        return self.workshop


class DirectorCommitment(models.Model):
    day = models.ForeignKey(DirectorsDay, on_delete=models.CASCADE, related_name="commitments")
    text = models.CharField(_("commitment"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("commitment of the poster")
        verbose_name_plural = _("commitments of the poster")
        ordering = ["day", "position", "pk"]

    def __str__(self) -> str:
        return self.text
