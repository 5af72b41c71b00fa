from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models.community import Community, Phase
from communities.uploads import evidence_upload_to, validate_evidence_file


class MilestoneKind(models.TextChoices):
    """The seed's milestones, in order, each belonging to one phase."""

    DIAGNOSTIC = "diagnostic", _("The director and the tutor carry out the School Climate Diagnostic")
    GOALS = "goals", _("They define socio-emotional learning goals")
    INVITATIONS = "invitations", _("They invite five teachers")
    FORMED = "formed", _("They form the CAS")
    ACTIONS = "actions", _("They define actions and a learning methodology")
    STRATEGIES = "strategies", _("They analyse the Construye T strategies")
    COLLABORATION = "collaboration", _("They work collaboratively")
    SHARING = "sharing", _("They share experiences and learning")
    PRACTICES = "practices", _("They analyse relevant practices")
    RESULTS_TO_TEACHERS = "results_to_teachers", _("They make the CAS results known to the rest of the teachers")
    SCHOOL_STRATEGY = "school_strategy", _("They define a school-level implementation and follow-up strategy")
    SCHOOL_RESULTS = "school_results", _("They share the school's results")


MILESTONES_BY_PHASE: dict[str, list[str]] = {
    Phase.INTEGRATION: [
        MilestoneKind.DIAGNOSTIC,
        MilestoneKind.GOALS,
        MilestoneKind.INVITATIONS,
        MilestoneKind.FORMED,
    ],
    Phase.DEVELOPMENT: [
        MilestoneKind.ACTIONS,
        MilestoneKind.STRATEGIES,
        MilestoneKind.COLLABORATION,
        MilestoneKind.SHARING,
        MilestoneKind.PRACTICES,
    ],
    Phase.DISSEMINATION: [
        MilestoneKind.RESULTS_TO_TEACHERS,
        MilestoneKind.SCHOOL_STRATEGY,
        MilestoneKind.SCHOOL_RESULTS,
    ],
}


class MilestoneQuerySet(models.QuerySet):
    def of_current_phase(self) -> "MilestoneQuerySet":
        return self.filter(phase=models.F("community__phase"))

    def completed(self) -> "MilestoneQuerySet":
        return self.filter(completed_at__isnull=False)

    def pending(self) -> "MilestoneQuerySet":
        return self.filter(completed_at__isnull=True)


class Milestone(models.Model):
    """One of the seed's milestones for one community, and the evidence that
    it was met."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("community")
    )
    kind = models.CharField(_("milestone"), max_length=30, choices=MilestoneKind.choices)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    position = models.PositiveSmallIntegerField(_("order"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
        help_text=_("Empty when the platform completed it from the community's data."),
    )
    evidence_text = models.TextField(_("evidence"), blank=True, max_length=4000)
    evidence_url = models.URLField(_("link to evidence"), blank=True, max_length=500)
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to=evidence_upload_to,
        blank=True,
        max_length=255,
        validators=[validate_evidence_file],
    )
    evidence_file_name = models.CharField(_("original file name"), max_length=255, blank=True)
    evidence_meeting = models.ForeignKey(
        "communities.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting whose minutes and agreements prove it"),
    )

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["community", "kind"], name="one_milestone_of_each_kind"),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | ~Q(evidence_text="")
                | ~Q(evidence_url="")
                | ~Q(evidence_file="")
                | Q(evidence_meeting__isnull=False),
                name="completed_milestone_has_evidence",
                violation_error_message=_("A completed milestone needs evidence: a text, a link, a file or a meeting."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    @property
    def completed_automatically(self) -> bool:
        return self.is_completed and self.completed_by_id is None

    @property
    def is_open(self) -> bool:
        """A milestone of the CAS's current phase that still needs its evidence."""
        return not self.is_completed and self.phase == self.community.phase


class PhaseReviewStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("phase review", "Awaiting the tutor")
    APPROVED = "approved", pgettext_lazy("phase review", "Approved")
    RETURNED = "returned", pgettext_lazy("phase review", "Returned with comments")


class PhaseReviewQuerySet(models.QuerySet):
    def pending(self) -> "PhaseReviewQuerySet":
        return self.filter(status=PhaseReviewStatus.REQUESTED)


class PhaseReview(models.Model):
    """The director's request to move to the next phase and the tutor's answer."""

    Status = PhaseReviewStatus

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="phase_reviews", verbose_name=_("community")
    )
    from_phase = models.CharField(_("from phase"), max_length=20, choices=Phase.choices)
    to_phase = models.CharField(_("to phase"), max_length=20, choices=Phase.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    request_comment = models.TextField(_("comment from the director"), blank=True, max_length=2000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("comment from the tutor"), blank=True, max_length=2000)

    objects = PhaseReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("phase review")
        verbose_name_plural = _("phase reviews")
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(status=PhaseReviewStatus.REQUESTED),
                name="one_pending_phase_review",
                violation_error_message=_("A phase change is already waiting for the tutor."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community}: {self.get_from_phase_display()} → {self.get_to_phase_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.REQUESTED

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED
