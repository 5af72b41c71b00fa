from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models.community import Community

# How far behind the calendar a goal may fall before it is "at risk".
AT_RISK_MARGIN = Decimal("0.15")


def plain(value: Decimal) -> str:
    """A value as people write it: 41, 41.5 (not 41.00)."""
    return format(value.normalize(), "f")


class SkillDimension(models.Model):
    """A Construye T dimension (Conoce T, Relaciona T, Elige T) in one version of
    the catalogue; earlier versions stay for the goals that used them."""

    catalogue = models.CharField(_("catalogue version"), max_length=20)
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("Construye T dimension")
        verbose_name_plural = _("Construye T dimensions")
        ordering = ["catalogue", "position"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "code"], name="dimension_code_per_catalogue")]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    dimension = models.ForeignKey(
        SkillDimension, on_delete=models.PROTECT, related_name="skills", verbose_name=_("dimension")
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered for new goals"), default=True)

    class Meta:
        verbose_name = _("Construye T skill")
        verbose_name_plural = _("Construye T skills")
        ordering = ["dimension__position", "position"]
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="skill_code_per_dimension")]

    def __str__(self) -> str:
        return f"{self.dimension.name} · {self.name}"


class Goal(models.Model):
    """A socio-emotional learning goal of the CAS, measured by one indicator."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", pgettext_lazy("goal", "On track")
        AT_RISK = "at_risk", pgettext_lazy("goal", "At risk")
        MET = "met", pgettext_lazy("goal", "Met")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="goals", verbose_name=_("community")
    )
    statement = models.CharField(_("goal"), max_length=400)
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, related_name="goals", verbose_name=_("Construye T skill")
    )
    indicator = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    starts_on = models.DateField(_("start date"), default=timezone.localdate)
    due_date = models.DateField(_("due date"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cas_goals", verbose_name=_("owner")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("socio-emotional learning goal")
        verbose_name_plural = _("socio-emotional learning goals")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target=models.F("baseline")),
                name="goal_target_differs_from_baseline",
                violation_error_message=_("The target must differ from the baseline."),
            ),
            models.CheckConstraint(
                condition=Q(due_date__gt=models.F("starts_on")),
                name="goal_due_after_start",
                violation_error_message=_("The due date must come after the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.statement

    # Row logic. `latest_value` comes from the latest update; pages prefetch them.

    @property
    def updates_in_order(self) -> list["ProgressUpdate"]:
        return sorted(self.updates.all(), key=lambda u: (u.recorded_on, u.pk))

    @property
    def latest_value(self) -> Decimal:
        updates = self.updates_in_order
        return updates[-1].value if updates else self.baseline

    @property
    def progress_ratio(self) -> Decimal:
        """How much of the way from baseline to target the indicator has gone
        (0 to 1; either direction works: reducing conflicts is progress too)."""
        span = self.target - self.baseline
        ratio = (self.latest_value - self.baseline) / span
        return max(Decimal(0), min(Decimal(1), ratio))

    def time_ratio(self, today: date | None = None) -> Decimal:
        today = today or timezone.localdate()
        total = (self.due_date - self.starts_on).days
        elapsed = (today - self.starts_on).days
        return max(Decimal(0), min(Decimal(1), Decimal(elapsed) / Decimal(total)))

    def status(self, today: date | None = None) -> str:
        if self.progress_ratio >= 1:
            return self.Status.MET
        if self.progress_ratio + AT_RISK_MARGIN < self.time_ratio(today):
            return self.Status.AT_RISK
        return self.Status.ON_TRACK

    def get_status_display(self) -> str:
        return self.Status(self.status()).label


class ProgressUpdate(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates", verbose_name=_("goal"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))])
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_on = models.DateField(_("date"), default=timezone.localdate)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["recorded_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="progress_value_not_negative",
                violation_error_message=_("The value cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.value}"
