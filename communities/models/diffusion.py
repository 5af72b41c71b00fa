"""The Difusión (dissemination) summary: the one page in which the CAS makes its results known
to the rest of the school's teachers (the seed's third phase). The director
writes its words; its figures (goals, agreements kept, what the satellites
add) are read live whenever it is shown, so the page never drifts from the
CAS's data."""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models.base import TimeStampedModel
from communities.models.community import Community, Phase
from communities.models.meetings import Agreement

HEADLINE_MAX = 120
MESSAGE_MAX = 1500  # what still fits on the poster's one page next to the figures
FEATURED_MAX = 12
# The summary goes out to the whole school once the CAS has results to share.
PUBLISHED_IN_PHASES = (Phase.DISSEMINATION, Phase.CONCLUDED)

# A tag as people type one ("<b>", "</p>", "<script src=…>", "<!-- …"); "3 < 5" is none.
_TAG = re.compile(r"<\s*[/!?]?\s*[a-zA-Z][^>]*>|<!--")


def validate_plain_text(value: str) -> None:
    """The summary is printed for the whole school: plain words only, without
    markup and without the control characters (NUL among them) that no page
    or poster can show. Line breaks and tabs are text."""
    text = value or ""
    if _TAG.search(text):
        raise ValidationError(_("Write plain text: tags such as <b> or <script> are not accepted."), code="markup")
    if any(ch not in "\n\r\t" and unicodedata.category(ch) in ("Cc", "Cs") for ch in text):
        raise ValidationError(_("Remove the control characters from the text."), code="control_characters")


class DiffusionSummaryStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("summary", "Draft")
    PUBLISHED = "published", pgettext_lazy("summary", "Published")


class DiffusionSummary(TimeStampedModel):
    """One per CAS. A draft is read by the CAS's own people; once published,
    by every member of the school's staff."""

    Status = DiffusionSummaryStatus

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="diffusion_summary", verbose_name=_("community")
    )
    headline = models.CharField(_("headline"), max_length=HEADLINE_MAX, validators=[validate_plain_text])
    message = models.TextField(
        _("message to the school's teachers"),
        max_length=MESSAGE_MAX,
        # A TextField's max_length binds forms only: the services' full_clean checks it too.
        validators=[MaxLengthValidator(MESSAGE_MAX), validate_plain_text],
    )
    featured_agreements = models.ManyToManyField(
        Agreement,
        blank=True,
        related_name="+",
        verbose_name=_("agreements kept to feature"),
        help_text=_("None chosen: every agreement the CAS kept is shown."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("last written by")
    )

    class Meta:
        verbose_name = _("Dissemination summary")
        verbose_name_plural = _("Dissemination summaries")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=DiffusionSummaryStatus.PUBLISHED, published_at__isnull=False)
                | Q(status=DiffusionSummaryStatus.DRAFT, published_at__isnull=True),
                name="diffusion_summary_dated_when_published",
                violation_error_message=_("A published summary has its publication date; a draft has none."),
            ),
        ]

    def __str__(self) -> str:
        return self.headline or str(_("Dissemination summary"))

    @property
    def is_written(self) -> bool:
        """The director has saved it at least once (a page may show one not written yet)."""
        return self.pk is not None

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def publish_blockers(self) -> list[str]:
        """Why it cannot be published now (empty: it can). The service refuses
        for these reasons and the page shows them."""
        community = self.community
        if self.is_published:
            return [str(_("The summary is already published."))]
        if not self.is_written:
            return [str(_("Write the summary and save it before publishing it."))]
        if not community.is_active:
            return [str(_("This CAS is closed."))]
        if community.phase not in PUBLISHED_IN_PHASES:
            return [
                str(
                    _(
                        "The summary goes out to the school in the Dissemination phase; the CAS is in %(phase)s. "
                        "Until then it is a draft that only the CAS reads."
                    )
                    % {"phase": community.get_phase_display()}
                )
            ]
        return []

    @property
    def can_be_published(self) -> bool:
        return not self.publish_blockers()
