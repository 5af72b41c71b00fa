"""The Diagnóstico del Ambiente Escolar: a versioned instrument (dimensions and
Likert items), its application at a school (a campaign, with anonymous one-time
access codes) and the anonymous responses.

A published version never changes: its rows refuse to be saved or deleted
(here and in the admin), and "editing" copies it into a new draft
(`services.new_draft_from`). Nothing in a response names a person, a code, an
address or a time of day."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models.base import FinalOncePublished, PartOfAVersion, TimeStampedModel

LIKERT_MIN, LIKERT_MAX = 1, 5
MAX_EXPECTED = 5000  # respondents expected of one audience at one school


class Audience(models.TextChoices):
    """Who answers. The stored values are the instrument's own (Spanish) codes."""

    STUDENTS = "estudiantes", _("Students")
    TEACHERS = "docentes", _("Teachers")
    SUPPORT_STAFF = "personal-de-apoyo", _("Support staff")
    FAMILIES = "familias", _("Families")


# The item's flag for each audience it is asked to.
AUDIENCE_FIELDS = {
    Audience.STUDENTS: "for_students",
    Audience.TEACHERS: "for_teachers",
    Audience.SUPPORT_STAFF: "for_support_staff",
    Audience.FAMILIES: "for_families",
}

CAMPAIGN_CLOSED = _("This application of the diagnostic has closed: it no longer receives answers.")
CAMPAIGN_NOT_OPEN = _("This application of the diagnostic has not opened yet: it opens on %(day)s.")


class Level(models.TextChoices):
    """Where a dimension's mean falls, by the version's cut points."""

    FAVORABLE = "favorable", _("Favourable")
    TO_IMPROVE = "por-mejorar", _("To improve")
    PRIORITY = "prioritario", _("Priority")


# --- The instrument --------------------------------------------------------------------------


class Instrument(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("diagnostic instrument")
        verbose_name_plural = _("diagnostic instruments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InstrumentVersion(FinalOncePublished):
    """One version of an instrument, with the cut points of its three levels: a
    dimension whose mean is at least `favorable_from` is favourable, below
    `priority_below` a priority, and in between to improve."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="versions", verbose_name=_("instrument")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    favorable_from = models.DecimalField(
        _("favourable from (mean)"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("4.00"),
        validators=[MinValueValidator(LIKERT_MIN), MaxValueValidator(LIKERT_MAX)],
    )
    priority_below = models.DecimalField(
        _("priority below (mean)"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("3.00"),
        validators=[MinValueValidator(LIKERT_MIN), MaxValueValidator(LIKERT_MAX)],
    )

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["instrument__name", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"],
                name="instrument_version_unique_number",
                violation_error_message=_("This instrument already has a version with this number."),
            ),
            models.CheckConstraint(
                condition=Q(priority_below__lte=models.F("favorable_from"))
                & Q(priority_below__gte=LIKERT_MIN)
                & Q(favorable_from__lte=LIKERT_MAX),
                name="instrument_version_levels_in_order",
                violation_error_message=_(
                    "The priority cut point must not be above the favourable one, and both lie between 1 and 5."
                ),
            ),
            FinalOncePublished.dated_when_published("instrument_version_published_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} · v{self.number} ({self.get_status_display()})"

    def level_of(self, mean: Decimal) -> Level:
        if mean >= self.favorable_from:
            return Level.FAVORABLE
        if mean < self.priority_below:
            return Level.PRIORITY
        return Level.TO_IMPROVE

    def audiences(self) -> list[Audience]:
        """The audiences some item of this version is asked to, in their order."""
        # Counted, not Max(): PostgreSQL has no MAX of a boolean.
        flags = self.items.aggregate(
            **{field: models.Count("pk", filter=Q(**{field: True})) for field in AUDIENCE_FIELDS.values()}
        )
        return [audience for audience, field in AUDIENCE_FIELDS.items() if flags[field]]


class _PartOfAVersion(PartOfAVersion):
    """A dimension or an item: it changes only while its version is a draft."""

    version_model = InstrumentVersion

    class Meta:
        abstract = True


class Dimension(_PartOfAVersion):
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("version")
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="dimension_unique_code_per_version",
                violation_error_message=_("This version already has a dimension with this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ItemQuerySet(models.QuerySet):
    def for_audience(self, audience: str) -> "ItemQuerySet":
        return self.filter(**{AUDIENCE_FIELDS[Audience(audience)]: True})


class Item(_PartOfAVersion):
    """A statement answered on a 1–5 scale (1: totally disagree, 5: totally
    agree). A reverse-scored item counts 6 − the answer."""

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("version")
    )
    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="items", verbose_name=_("dimension")
    )
    text = models.CharField(_("statement"), max_length=300)
    reverse_scored = models.BooleanField(_("reverse-scored"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    for_students = models.BooleanField(Audience.STUDENTS.label, default=False)
    for_teachers = models.BooleanField(Audience.TEACHERS.label, default=False)
    for_support_staff = models.BooleanField(Audience.SUPPORT_STAFF.label, default=False)
    for_families = models.BooleanField(Audience.FAMILIES.label, default=False)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(for_students=True)
                | Q(for_teachers=True)
                | Q(for_support_staff=True)
                | Q(for_families=True),
                name="item_asked_to_some_audience",
                violation_error_message=_("Ask the item to at least one audience."),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def audiences(self) -> list[Audience]:
        return [audience for audience, field in AUDIENCE_FIELDS.items() if getattr(self, field)]

    def clean(self) -> None:
        super().clean()
        if self.dimension_id and self.version_id and self.dimension.version_id != self.version_id:
            raise ValidationError({"dimension": _("Choose a dimension of the same version.")})


# --- Its application at a school ----------------------------------------------------------------


class Campaign(TimeStampedModel):
    """An application of a published version at a school (una aplicación)."""

    class Kind(models.TextChoices):
        BASELINE = "linea-base", _("Baseline")
        FOLLOW_UP = "seguimiento", _("Follow-up")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("campaign", "Open")
        CLOSED = "closed", pgettext_lazy("campaign", "Closed")

    school = models.ForeignKey(
        "communities.School", on_delete=models.CASCADE, related_name="+", verbose_name=_("school")
    )
    version = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("instrument version"),
        limit_choices_to={"status": InstrumentVersion.Status.PUBLISHED},
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )

    class Meta:
        verbose_name = _("diagnostic campaign")
        verbose_name_plural = _("diagnostic campaigns")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gt=models.F("opens_on")),
                name="campaign_closes_after_it_opens",
                violation_error_message=_("The campaign must close after the day it opens."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.opens_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_baseline(self) -> bool:
        return self.kind == self.Kind.BASELINE

    @property
    def is_accepting_answers(self) -> bool:
        """Open, and today falls between its dates."""
        return self.is_open and self.opens_on <= timezone.localdate() <= self.closes_on

    def answering_refusal(self) -> str | None:
        """Why a respondent cannot answer today (a Spanish message), or None."""
        today = timezone.localdate()
        if not self.is_open or today > self.closes_on:
            return str(CAMPAIGN_CLOSED)
        if today < self.opens_on:
            return str(CAMPAIGN_NOT_OPEN) % {"day": formats.date_format(self.opens_on, "DATE_FORMAT")}
        return None

    def named_staff_ids(self) -> frozenset[int]:
        """The staff the director or the tutor named to type in its paper sheets
        (`communities.access.SchoolWork`); asked once per object."""
        if "_named_staff_ids" not in self.__dict__:
            self._named_staff_ids = frozenset(self.paper_capturers.values_list("person_id", flat=True))
        return self._named_staff_ids

    def paper_refusal(self) -> str | None:
        """Why paper sheets cannot be typed in today, or None. Sheets collected
        on the last day may still be typed after it, until the campaign is
        closed."""
        if not self.is_open:
            return str(CAMPAIGN_CLOSED)
        if timezone.localdate() < self.opens_on:
            return str(CAMPAIGN_NOT_OPEN) % {"day": formats.date_format(self.opens_on, "DATE_FORMAT")}
        return None


class PaperCapturer(TimeStampedModel):
    """A person of the school's staff named to type in a campaign's paper sheets
    besides its director and its tutor (a secretary, a prefect)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="paper_capturers", verbose_name=_("campaign")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("named by")
    )

    class Meta:
        verbose_name = _("person who types in paper sheets")
        verbose_name_plural = _("people who type in paper sheets")
        ordering = ["campaign", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"],
                name="paper_capturer_once",
                violation_error_message=_("This person already types in this campaign's paper sheets."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.campaign}"


class CampaignAudienceQuerySet(models.QuerySet):
    def with_counts(self) -> "CampaignAudienceQuerySet":
        """Each row with `answered` (responses of its audience) and `codes_issued`
        and `codes_used`, counted by the database in the same query."""

        def count(model, **extra):
            rows = (
                model.objects.filter(
                    campaign=models.OuterRef("campaign"), audience=models.OuterRef("audience"), **extra
                )
                .order_by()
                .values("campaign")
                .annotate(n=models.Count("pk"))
                .values("n")
            )
            return Coalesce(models.Subquery(rows, output_field=models.IntegerField()), 0)

        return self.annotate(
            answered=count(Response),
            codes_issued=count(AccessCode),
            codes_used=count(AccessCode, used_on__isnull=False),
        )


class CampaignAudience(models.Model):
    """An audience a campaign is applied to, and how many people are expected
    to answer (the denominator of its response rate)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="audiences", verbose_name=_("campaign")
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    expected = models.PositiveIntegerField(
        _("expected respondents"), validators=[MinValueValidator(1), MaxValueValidator(MAX_EXPECTED)]
    )

    objects = CampaignAudienceQuerySet.as_manager()

    class Meta:
        verbose_name = _("audience of a campaign")
        verbose_name_plural = _("audiences of a campaign")
        ordering = ["campaign", "audience"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "audience"],
                name="campaign_audience_once",
                violation_error_message=_("This audience is already part of the campaign."),
            ),
            models.CheckConstraint(
                condition=Q(expected__gte=1, expected__lte=MAX_EXPECTED),
                name="campaign_audience_expected_in_range",
                violation_error_message=_("Expect between 1 and 5,000 respondents."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_audience_display()} ({self.expected})"

    @property
    def response_rate(self) -> int:
        """Per cent of the expected people who answered (rows from `with_counts`)."""
        return min(100, round(100 * self.answered / self.expected))


def normalize_code(text: str) -> str:
    """What a person typed, as stored before hashing: letters and digits only,
    upper case (`abcd-efgh` and `ABCD EFGH` are the same code)."""
    return "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())


CODE_HASH_SALT = "diagnostics.AccessCode"


def hash_code(text: str, *, key: str | None = None) -> str:
    """The code as stored: keyed with the site's secret (SECRET_KEY unless
    `key` says otherwise), so that a copy of the database alone cannot be
    searched for the codes it holds: 32⁸ plain hashes are within a laptop's
    reach."""
    return salted_hmac(CODE_HASH_SALT, normalize_code(text), secret=key, algorithm="sha256").hexdigest()


def code_hashes(text: str) -> list[str]:
    """Every hash the code may be stored under: with the current secret and with
    each former one (SECRET_KEY_FALLBACKS), so that printed slips survive a
    change of key."""
    return [hash_code(text, key=key) for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]]


def random_id() -> int:
    """A primary key that says nothing of the order rows were written in."""
    return secrets.randbelow(2**63 - 1) + 1


class AccessCode(models.Model):
    """A one-time code for one respondent of one audience. Only its hash is
    kept, and only the day it was used: once used, nothing ties it to the
    answers it opened."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="access_codes", verbose_name=_("campaign")
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_on = models.DateField(_("issued on"), default=timezone.localdate)
    used_on = models.DateField(_("used on"), null=True, blank=True)
    # The answers given so far ({item id: 1–5}), so that the respondent can
    # resume with the same code. Emptied when they submit, in the transaction
    # that writes the response.
    draft = models.JSONField(_("answers in progress"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("access code")
        verbose_name_plural = _("access codes")
        ordering = ["campaign", "audience", "pk"]
        indexes = [models.Index(fields=["campaign", "audience"], name="access_code_campaign_idx")]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.get_audience_display()}"


# --- Responses (answered in the next step) ------------------------------------------------------


class Response(models.Model):
    """One respondent's answers: their audience, the channel and the day, and
    nothing else (no person, no code, no address, no time of day)."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("On paper")

    # Random, not sequential: an id in submission order could be matched with
    # the time a request reached the server.
    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="responses", verbose_name=_("campaign")
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["campaign", "audience"], name="response_campaign_idx")]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.get_audience_display()} · {self.get_channel_display()}"


class Answer(models.Model):
    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response"))
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers", verbose_name=_("item"))
    value = models.PositiveSmallIntegerField(
        _("answer"), validators=[MinValueValidator(LIKERT_MIN), MaxValueValidator(LIKERT_MAX)]
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "item"],
                name="answer_once_per_item",
                violation_error_message=_("This item is already answered in this response."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=LIKERT_MIN, value__lte=LIKERT_MAX),
                name="answer_value_on_the_scale",
                violation_error_message=_("An answer goes from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"


# --- Into the CAS -------------------------------------------------------------------------------


class GoalDimension(TimeStampedModel):
    """A CAS goal set from a dimension of a closed campaign: the link is held
    here, on the diagnostic's side (the core never knows of it). The goal's
    baseline is the dimension's all-audiences mean in `campaign`."""

    goal = models.OneToOneField("communities.Goal", on_delete=models.CASCADE, related_name="+", verbose_name=_("goal"))
    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="goal_links", verbose_name=_("dimension")
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="goal_links", verbose_name=_("baseline campaign")
    )

    class Meta:
        verbose_name = _("goal from a dimension")
        verbose_name_plural = _("goals from a dimension")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.dimension} → {self.goal_id}"


class ResultsPrompt(models.Model):
    """A journal question about the diagnostic's results («¿Qué me dicen los
    resultados del diagnóstico…?»): where the home page offers it, it also
    offers the school's latest results."""

    prompt = models.OneToOneField(
        "communities.ReflectionPrompt", on_delete=models.CASCADE, related_name="+", verbose_name=_("question")
    )

    class Meta:
        verbose_name = _("question about the diagnostic's results")
        verbose_name_plural = _("questions about the diagnostic's results")
        ordering = ["prompt__position", "pk"]

    def __str__(self) -> str:
        return self.prompt.text
