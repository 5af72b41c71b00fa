"""What a person asks about their personal data (derechos ARCO, LGPDPPSO):
the request, who handled it and what was answered."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models.base import TimeStampedModel

DETAILS_LENGTH = 2000


class DataRequestQuerySet(models.QuerySet):
    def of_person(self, person) -> "DataRequestQuerySet":
        return self.filter(person=person)

    def open(self) -> "DataRequestQuerySet":
        return self.filter(status=DataRequest.Status.RECEIVED)


class DataRequest(TimeStampedModel):
    """A request to access, rectify, cancel or oppose to the treatment of a
    person's data. Received in the app (or typed in by an administrator for
    one that arrived by letter), handled by a platform administrator."""

    class Kind(models.TextChoices):
        ACCESS = "access", pgettext_lazy("ARCO right", "Access")
        RECTIFICATION = "rectification", pgettext_lazy("ARCO right", "Rectification")
        CANCELLATION = "cancellation", pgettext_lazy("ARCO right", "Cancellation")
        OPPOSITION = "opposition", pgettext_lazy("ARCO right", "Opposition")

    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("data request", "Received")
        DONE = "done", pgettext_lazy("data request", "Done")
        REFUSED = "refused", pgettext_lazy("data request", "Not granted")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="data_requests", verbose_name=_("person")
    )
    kind = models.CharField(_("right"), max_length=20, choices=Kind.choices)
    details = models.TextField(_("what you ask"), max_length=DETAILS_LENGTH)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    resolution = models.TextField(_("answer"), max_length=DETAILS_LENGTH, blank=True)

    objects = DataRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal-data request")
        verbose_name_plural = _("personal-data requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=models.Q(status="received"),
                name="one_open_data_request_per_right",
                violation_error_message=_("You already have a request of this kind waiting for an answer."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="received", handled_at__isnull=True)
                | (~models.Q(status="received") & models.Q(handled_at__isnull=False)),
                name="data_request_handled_when_answered",
                violation_error_message=_("An answered request says when it was handled."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person} · {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.RECEIVED
