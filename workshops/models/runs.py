"""A school's run of the workshop: its dates, its facilitator, its sessions with
their light roles, and the state of each work space. Every teacher and
director of the school takes part (not only a CAS's five); who may do what is
decided in communities.access, which reads the run as `SchoolWork` (its school,
and the facilitator the director named)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import SessionRole
from communities.models.base import TimeStampedModel
from workshops.models.templates import MAX_VOTES, TemplateSpace, WorkshopTemplate


class Workshop(TimeStampedModel):
    """The workshop at one school in one school year (a school may run it again
    in a later cycle)."""

    school = models.ForeignKey(
        "communities.School", on_delete=models.CASCADE, related_name="+", verbose_name=_("school")
    )
    template = models.ForeignKey(
        WorkshopTemplate,
        on_delete=models.PROTECT,
        related_name="workshops",
        verbose_name=_("template"),
        limit_choices_to={"status": WorkshopTemplate.Status.PUBLISHED},
    )
    school_year = models.CharField(_("school year"), max_length=9)
    directors_day = models.DateField(_("directors' day"), null=True, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
        help_text=_("Someone of the staff the director names; empty: the director facilitates."),
    )
    votes_per_participant = models.PositiveSmallIntegerField(
        _("votes per participant"), default=3, validators=[MinValueValidator(1), MaxValueValidator(MAX_VOTES)]
    )
    prioritised = models.PositiveSmallIntegerField(
        _("challenges prioritised"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    voting_opened_at = models.DateTimeField(_("vote opened"), null=True, blank=True)
    voting_closed_at = models.DateTimeField(_("vote closed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("set up by")
    )

    class Meta:
        verbose_name = _("workshop at a school")
        verbose_name_plural = _("workshops at schools")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "template", "school_year"],
                name="workshop_once_a_school_year",
                violation_error_message=_("The school already runs this workshop in this school year."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="workshop_ends_after_it_starts",
                violation_error_message=_("The last day cannot come before the first."),
            ),
            models.CheckConstraint(
                condition=models.Q(voting_closed_at__isnull=True) | models.Q(voting_opened_at__isnull=False),
                name="workshop_vote_closes_after_it_opens",
                violation_error_message=_("A vote closes only once it was opened."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.title} · {self.school_year}"

    def named_staff_ids(self) -> frozenset[int]:
        """communities.access.SchoolWork: the facilitator the director named."""
        return frozenset({self.facilitator_id}) if self.facilitator_id else frozenset()

    @property
    def is_voting_open(self) -> bool:
        return self.voting_opened_at is not None and self.voting_closed_at is None

    @property
    def is_voting_closed(self) -> bool:
        return self.voting_closed_at is not None


class WorkshopSession(models.Model):
    """A day of the workshop, with its light roles (the Carpeta's moderación,
    relatoría and tiempo, as in the CAS's meetings)."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("workshop")
    )
    number = models.PositiveSmallIntegerField(_("session"))
    day = models.DateField(_("day"))
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("workshop session")
        verbose_name_plural = _("workshop sessions")
        ordering = ["workshop", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "number"],
                name="workshop_session_once",
                violation_error_message=_("The workshop already has a session with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.day:%Y-%m-%d}"


class SessionRoleAssignment(models.Model):
    session = models.ForeignKey(WorkshopSession, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=12, choices=SessionRole.Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )

    class Meta:
        verbose_name = _("light role of a session")
        verbose_name_plural = _("light roles of the sessions")
        ordering = ["session", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "kind"],
                name="workshop_session_role_once",
                violation_error_message=_("This role is already given in this session."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"


class SpaceRunQuerySet(models.QuerySet):
    def in_progress(self) -> "SpaceRunQuerySet":
        return self.filter(state=SpaceRun.State.IN_PROGRESS)

    def concluded(self) -> "SpaceRunQuerySet":
        return self.filter(state=SpaceRun.State.CONCLUDED)


class SpaceRun(TimeStampedModel):
    """A work space as the school lives it: its state, and the synthesis the
    group writes together (edited by several people: `revision` counts the
    saves, so a save based on an older text is shown as a conflict)."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", pgettext_lazy("work space", "Not started")
        IN_PROGRESS = "in_progress", pgettext_lazy("work space", "In progress")
        CONCLUDED = "concluded", pgettext_lazy("work space", "Concluded")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="spaces", verbose_name=_("workshop"))
    space = models.ForeignKey(TemplateSpace, on_delete=models.PROTECT, related_name="+", verbose_name=_("work space"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.NOT_STARTED)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)
    synthesis = models.TextField(_("synthesis"), max_length=4000, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    synthesis_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SpaceRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("work space at a school")
        verbose_name_plural = _("work spaces at schools")
        ordering = ["workshop", "space__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "space"],
                name="space_run_once",
                violation_error_message=_("The workshop already has this work space."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.space} · {self.get_state_display()}"

    @property
    def workspace(self) -> str:
        return self.space.workspace

    @property
    def sala_template(self) -> str:
        return f"workshops/sala/{self.space.workspace}.html"

    @property
    def is_in_progress(self) -> bool:
        return self.state == self.State.IN_PROGRESS

    @property
    def is_concluded(self) -> bool:
        return self.state == self.State.CONCLUDED

    @property
    def is_not_started(self) -> bool:
        return self.state == self.State.NOT_STARTED


class Contribution(TimeStampedModel):
    """Something one participant adds to a work space. communities.access reads
    it by its `author_id` and its `work` (the workshop)."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="%(class)ss", verbose_name=_("workshop")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("author")
    )

    class Meta:
        abstract = True

    @property
    def work(self) -> Workshop:
        return self.workshop
