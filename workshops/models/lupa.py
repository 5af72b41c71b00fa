"""La práctica docente bajo la lupa: each participant's situation, problematised
along the workshop's dimensions (what I observe, why I think it happens, what I
could change); the common problems the group groups them into, classified by
dimension; and the dot vote that ranks them down to the challenges to work on."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import TeachingDimension
from communities.models.base import TimeStampedModel
from workshops.models.runs import Contribution, Workshop


class CommonProblem(TimeStampedModel):
    """A problem several situations share. `rank` is set when the vote closes
    (1 is the most voted); the first `workshop.prioritised` are the challenges."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="problems", verbose_name=_("workshop")
    )
    title = models.CharField(_("common problem"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    dimensions = models.ManyToManyField(TeachingDimension, related_name="+", verbose_name=_("dimensions"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(_("place in the vote"), null=True, blank=True)

    class Meta:
        verbose_name = _("common problem")
        verbose_name_plural = _("common problems")
        ordering = ["workshop", "rank", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_prioritised(self) -> bool:
        """Among the challenges to work on (asks for the workshop, so fetch it along)."""
        return self.rank is not None and self.rank <= self.workshop.prioritised


class Situation(Contribution):
    description = models.TextField(_("situation or challenge of my practice"), max_length=2000)
    observed = models.TextField(_("what I observe"), max_length=2000)
    reasons = models.TextField(_("why I think it happens"), max_length=2000)
    change = models.TextField(_("what I could change"), max_length=2000)
    dimensions = models.ManyToManyField(TeachingDimension, related_name="+", verbose_name=_("dimensions"))
    problem = models.ForeignKey(
        CommonProblem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="situations",
        verbose_name=_("common problem"),
    )

    class Meta:
        verbose_name = _("situation of practice")
        verbose_name_plural = _("situations of practice")
        ordering = ["workshop", "pk"]

    def __str__(self) -> str:
        return self.description[:80]


class Dot(models.Model):
    """One of a participant's votes on a common problem (several may go on one)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="dots", verbose_name=_("workshop"))
    problem = models.ForeignKey(CommonProblem, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("dot vote", "vote")
        verbose_name_plural = pgettext_lazy("dot vote", "votes")
        indexes = [models.Index(fields=["workshop", "voter"], name="dot_voter_idx")]

    def __str__(self) -> str:
        return f"{self.problem_id} ← {self.voter_id}"
