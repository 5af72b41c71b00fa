"""Huella colectiva: each participant's professional path (milestones), the
collective timeline made of everyone's, and the community's self-assessment
along the template's axes with a traffic light, counted without naming who
rated what."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workshops.models.runs import Contribution, Workshop
from workshops.models.templates import AssessmentAxis

FIRST_YEAR = 1950  # of a teaching path


class PathMilestone(Contribution):
    class Kind(models.TextChoices):
        TRAINING = "formacion", pgettext_lazy("path milestone", "Training")
        EXPERIENCE = "experiencia", pgettext_lazy("path milestone", "Experience")
        CHALLENGE = "reto", pgettext_lazy("path milestone", "Challenge")
        LEARNING = "aprendizaje", pgettext_lazy("path milestone", "Learning")

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )
    title = models.CharField(_("milestone"), max_length=120)
    meaning = models.TextField(_("what it meant"), max_length=1000)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)

    class Meta:
        verbose_name = _("milestone of a professional path")
        verbose_name_plural = _("milestones of the professional paths")
        ordering = ["workshop", "year", "pk"]
        indexes = [models.Index(fields=["workshop", "year"], name="path_milestone_year_idx")]

    def __str__(self) -> str:
        return f"{self.year} · {self.title}"


class Light(models.TextChoices):
    """The traffic light of the self-assessment."""

    GREEN = "verde", _("Green: we do it")
    YELLOW = "amarillo", _("Yellow: we are on our way")
    RED = "rojo", _("Red: still to build")


class AxisRating(models.Model):
    """One participant's light on one axis; only the counts per axis are shown."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("workshop"))
    axis = models.ForeignKey(AssessmentAxis, on_delete=models.PROTECT, related_name="+", verbose_name=_("axis"))
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    light = models.CharField(_("light"), max_length=10, choices=Light.choices)

    class Meta:
        verbose_name = _("self-assessment rating")
        verbose_name_plural = _("self-assessment ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "axis", "rater"],
                name="axis_rating_once",
                violation_error_message=_("You already rated this axis."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.axis}: {self.get_light_display()}"
