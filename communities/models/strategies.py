from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.models.community import Community
from communities.models.goals import Skill


class Strategy(models.Model):
    """A Construye T strategy the CAS analyses (admin-managed catalogue)."""

    title = models.CharField(_("title"), max_length=200)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="strategies", verbose_name=_("skill"))
    purpose = models.CharField(_("purpose"), max_length=400)
    steps = models.TextField(_("how it works"), max_length=6000)
    duration = models.CharField(_("duration"), max_length=60, blank=True)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("Construye T strategy")
        verbose_name_plural = _("Construye T strategies")
        ordering = ["skill__dimension__position", "skill__position", "title"]

    def __str__(self) -> str:
        return self.title


class StrategyAnalysis(models.Model):
    """A member's analysis of a strategy and how they adapted it to their group."""

    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="analyses")
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="strategy_analyses", verbose_name=_("community")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(_("group"), max_length=60, blank=True, help_text=_("For example: 1° A, 3er semestre."))
    analysis = models.TextField(_("analysis"), max_length=4000)
    adaptation = models.TextField(_("how I adapted it to my group"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("strategy analysis")
        verbose_name_plural = _("strategy analyses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.strategy} · {self.author}"
