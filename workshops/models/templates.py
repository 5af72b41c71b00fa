"""The workshop as the SEP publishes it, kept in data so that admins can adjust
it: a versioned template (title, dates, purposes, the dimensions used to
problematise practice), its four work spaces in order, each space's moments
(the Carpeta's six: purposes and contents, organising the experience,
reflection, feedback, evidence, closing) with prompts and suggested times, and
the axes of the community's self-assessment. A published template never
changes: "editing" copies it into a new draft (`services.new_template_draft`)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import TeachingDimension
from communities.models.base import FinalOncePublished, PartOfAVersion
from workshops.models.journal import WorkSpace

MAX_VOTES = 10  # dots a participant may place, at most


class MomentKind(models.TextChoices):
    """The moments the Carpeta para la reflexión organises each session in."""

    PURPOSES = "propositos", _("Purposes and contents")
    ORGANISING = "organizacion", _("Organising the experience")
    REFLECTION = "reflexion", _("Reflection")
    FEEDBACK = "retroalimentacion", pgettext_lazy("moment", "Feedback")
    EVIDENCE = "evidencias", _("Evidence")
    CLOSING = "cierre", _("Closing")


class WorkshopTemplate(FinalOncePublished):
    title = models.CharField(_("title"), max_length=200)
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    edition = models.CharField(_("edition"), max_length=60, help_text=_("For example «Enero de 2026»."))
    general_purpose = models.TextField(_("general purpose"), max_length=2000)
    specific_purpose = models.TextField(_("specific purpose"), max_length=2000)
    directors_day = models.DateField(_("directors' day"), help_text=_("The directors' and supervisors' own session."))
    starts_on = models.DateField(_("teachers' first day"))
    ends_on = models.DateField(_("teachers' last day"))
    votes_per_participant = models.PositiveSmallIntegerField(
        _("votes per participant"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VOTES)],
        help_text=_("Dots each participant places to prioritise the common problems."),
    )
    prioritised = models.PositiveSmallIntegerField(
        _("challenges prioritised"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    dimensions = models.ManyToManyField(
        TeachingDimension,
        related_name="+",
        verbose_name=_("dimensions to problematise practice"),
        help_text=_("The seed names five (personal, didáctica, institucional, social, valoral); the journal uses six."),
    )

    class Meta:
        verbose_name = _("workshop template")
        verbose_name_plural = _("workshop templates")
        ordering = ["-starts_on", "title", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "number"],
                name="workshop_template_unique_number",
                violation_error_message=_("This workshop already has a version with this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="workshop_template_ends_after_it_starts",
                violation_error_message=_("The last day cannot come before the first."),
            ),
            FinalOncePublished.dated_when_published("workshop_template_published_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.edition} · v{self.number} ({self.get_status_display()})"


class _PartOfATemplate(PartOfAVersion):
    version_path = "template_id"
    version_model = WorkshopTemplate

    class Meta:
        abstract = True


class TemplateSpace(_PartOfATemplate):
    """A work space of the template, in its order, with what it is for and the
    product the group keeps."""

    template = models.ForeignKey(
        WorkshopTemplate, on_delete=models.CASCADE, related_name="spaces", verbose_name=_("template")
    )
    workspace = models.SlugField(_("work space"), max_length=40, choices=WorkSpace.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    purpose = models.TextField(_("purpose"), max_length=2000)
    product = models.CharField(_("product"), max_length=300)

    class Meta:
        verbose_name = _("work space of a template")
        verbose_name_plural = _("work spaces of a template")
        ordering = ["template", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "workspace"],
                name="template_space_once",
                violation_error_message=_("This template already has this work space."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_workspace_display()


class Moment(PartOfAVersion):
    """A moment of a work space, with the prompt the facilitator reads and the
    minutes it is given."""

    version_path = "space__template_id"
    version_model = WorkshopTemplate

    space = models.ForeignKey(TemplateSpace, on_delete=models.CASCADE, related_name="moments", verbose_name=_("space"))
    kind = models.CharField(_("moment"), max_length=20, choices=MomentKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    prompt = models.TextField(_("prompt"), max_length=2000)
    minutes = models.PositiveSmallIntegerField(
        _("suggested minutes"), default=15, validators=[MinValueValidator(1), MaxValueValidator(480)]
    )

    class Meta:
        verbose_name = _("moment")
        verbose_name_plural = _("moments")
        ordering = ["space", "position", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class AssessmentAxis(_PartOfATemplate):
    """An axis of the community's self-assessment in Huella colectiva, rated
    with a traffic light."""

    template = models.ForeignKey(
        WorkshopTemplate, on_delete=models.CASCADE, related_name="axes", verbose_name=_("template")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("axis"), max_length=120)
    description = models.CharField(_("what it asks"), max_length=300)

    class Meta:
        verbose_name = _("self-assessment axis")
        verbose_name_plural = _("self-assessment axes")
        ordering = ["template", "position", "pk"]

    def __str__(self) -> str:
        return self.name
