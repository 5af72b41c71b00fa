from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.models.community import Community


class ConditionKind(models.TextChoices):
    """What the seed says the director must do so the CAS can work."""

    SPACE_AND_TIME = "space_time", _("Physical spaces and time within the school day for the meetings")
    BELONGING = "belonging", _("Strengthen the teachers' sense of belonging")
    RECOGNITION = "recognition", _("Recognise the teachers' experience and professional competences")
    DIGITAL_RESOURCES = "digital_resources", _("Encourage the use of learning resources, such as digital technologies")
    COMMUNICATION = "communication", _("Improve vertical and horizontal communication")
    EXCHANGE = "exchange", _("Foster the exchange of knowledge within the school and with other schools")
    CAPACITIES = "capacities", _("Value each member's abilities and knowledge to strengthen the group's analysis")
    PRACTICE_BANK = "practice_bank", _("Promote banks of good practices and teaching resources")


class ConditionCheck(models.Model):
    """The director's own account of one condition for the CAS."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="conditions", verbose_name=_("community")
    )
    kind = models.CharField(_("condition"), max_length=30, choices=ConditionKind.choices)
    is_met = models.BooleanField(_("in place"), default=False)
    note = models.CharField(_("how"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)

    class Meta:
        verbose_name = _("director's condition")
        verbose_name_plural = _("director's conditions")
        constraints = [models.UniqueConstraint(fields=["community", "kind"], name="one_condition_of_each_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()
