"""Construyendo en colectivo: for a prioritised challenge (or one of the seed's
examples, or the team's own), a collaborative proposal with its actions and its
continuity agreements at 15 and 30 days. Several participants edit one
proposal: its `revision` counts the saves, and a save based on an older
revision is refused as a conflict that shows both texts. The agreements become
agreements of the school's CAS (the link is held here)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models.base import TimeStampedModel
from workshops.models.lupa import CommonProblem
from workshops.models.runs import Workshop


class ExampleChallenge(models.TextChoices):
    """The challenges the SEP names as examples."""

    FAMILIES = "participacion-familias", _("Participation of the families")
    FORMATIVE_ASSESSMENT = "evaluacion-formativa", _("Formative assessment")
    SCHOOL_MANAGEMENT = "gestion-escolar", _("School management")


# The fields the team writes together, compared on a conflict.
SHARED_FIELDS = ("title", "objective", "resources", "evaluation")


class CollaborativeProposal(TimeStampedModel):
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("workshop")
    )
    problem = models.ForeignKey(
        CommonProblem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("prioritised challenge"),
    )
    example = models.CharField(_("example challenge"), max_length=30, choices=ExampleChallenge.choices, blank=True)
    own_challenge = models.CharField(_("our own challenge"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    objective = models.TextField(_("objective"), max_length=2000, blank=True)
    resources = models.TextField(_("resources"), max_length=2000, blank=True)
    evaluation = models.TextField(_("how it will be evaluated"), max_length=2000, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("team"))

    class Meta:
        verbose_name = _("collaborative proposal")
        verbose_name_plural = _("collaborative proposals")
        ordering = ["workshop", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(problem__isnull=False, example="", own_challenge="")
                    | models.Q(problem__isnull=True, own_challenge="") & ~models.Q(example="")
                    | models.Q(problem__isnull=True, example="") & ~models.Q(own_challenge="")
                ),
                name="proposal_has_one_challenge",
                violation_error_message=_("Choose one challenge: a prioritised one, an example or your own."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def challenge(self) -> str:
        if self.problem_id:
            return self.problem.title
        if self.example:
            return str(self.get_example_display())
        return self.own_challenge


class ProposalAction(models.Model):
    proposal = models.ForeignKey(
        CollaborativeProposal, on_delete=models.CASCADE, related_name="actions", verbose_name=_("proposal")
    )
    text = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("action of a proposal")
        verbose_name_plural = _("actions of a proposal")
        ordering = ["proposal", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text


class ContinuityAgreement(models.Model):
    """An agreement to follow the proposal up at 15 or 30 days. Taken to the
    school's CAS it becomes one of its agreements (`agreement`), whose status
    is then the one that counts; a school without a CAS follows it up here."""

    class Horizon(models.IntegerChoices):
        FIFTEEN = 15, _("at 15 days")
        THIRTY = 30, _("at 30 days")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("agreement", "Pending")
        DONE = "done", pgettext_lazy("agreement", "Done")
        CANCELLED = "cancelled", pgettext_lazy("agreement", "Cancelled")

    proposal = models.ForeignKey(
        CollaborativeProposal, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("proposal")
    )
    horizon = models.PositiveSmallIntegerField(_("follow-up"), choices=Horizon.choices)
    text = models.CharField(_("agreement"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    wants_goal = models.BooleanField(_("also a goal of the CAS"), default=False)
    agreement = models.OneToOneField(
        "communities.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement of the CAS"),
    )
    goal = models.OneToOneField(
        "communities.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal of the CAS"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("continuity agreement")
        verbose_name_plural = _("continuity agreements")
        ordering = ["proposal", "horizon", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def work(self):
        """communities.access.Assignment: the workshop it belongs to."""
        return self.proposal.workshop

    @property
    def current_status(self) -> str:
        """The CAS agreement's status once it is one, this row's until then."""
        return self.agreement.status if self.agreement_id else self.status

    @property
    def is_pending(self) -> bool:
        return self.current_status == self.Status.PENDING

    @property
    def current_status_display(self) -> str:
        if self.agreement_id:
            return self.agreement.get_status_display()
        return self.get_status_display()
