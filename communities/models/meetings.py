import base64
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models.community import Community, hash_token, majority_of


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None) -> "MeetingQuerySet":
        return self.filter(status=Meeting.Status.SCHEDULED, ends_at__gte=now or timezone.now())

    def past(self, now=None) -> "MeetingQuerySet":
        return self.filter(status=Meeting.Status.SCHEDULED, ends_at__lt=now or timezone.now())

    def for_member(self, user) -> "MeetingQuerySet":
        return self.filter(community__in=Community.objects.active().with_member(user))

    def proving_work(self, now=None) -> "MeetingQuerySet":
        """Held meetings with minutes and agreements (see `Meeting.proves_work`)."""
        return self.past(now).exclude(minutes="").filter(agreements__isnull=False).distinct()


class Meeting(models.Model):
    """A session of the CAS: when and where, what for, and what came of it."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("meeting", "Scheduled")
        CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("community")
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True, max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("scheduled by")
    )
    # Calendar clients match updates by UID and keep the highest SEQUENCE.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    minutes = models.TextField(_("minutes"), blank=True, max_length=20000)
    minutes_written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes written by"),
    )
    minutes_updated_at = models.DateTimeField(_("minutes updated"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("The meeting must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["community", "starts_at"], name="meeting_community_start_idx")]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.purpose} ({local:%Y-%m-%d %H:%M})"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_held(self) -> bool:
        """Under way or over, and not cancelled: what happened can be recorded."""
        return not self.is_cancelled and self.has_started

    @property
    def is_changeable(self) -> bool:
        """Not started and not cancelled: it can be moved, cancelled, and take topics."""
        return not self.is_cancelled and not self.has_started

    def proves_work(self) -> bool:
        """Held, with minutes and agreements: evidence that the CAS worked together."""
        return self.is_held and bool(self.minutes) and self.agreements.exists()

    def minutes_approved_by(self, approvals: int, members: int) -> bool:
        """The minutes count as approved once a majority of the members approve them."""
        return bool(self.minutes) and approvals >= majority_of(members)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("meeting"))
    title = models.CharField(_("topic"), max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    review_of = models.ForeignKey(
        "Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("agreement to review"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "review_of"],
                condition=Q(review_of__isnull=False),
                name="agreement_reviewed_once_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SessionRole(models.Model):
    """The light roles of the workshop's sessions."""

    class Kind(models.TextChoices):
        MODERATION = "moderation", _("Moderation")
        MINUTES = "minutes", _("Minutes (relatoría)")
        TIMEKEEPING = "timekeeping", _("Timekeeping")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="roles", verbose_name=_("meeting"))
    kind = models.CharField(_("role"), max_length=12, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )

    class Meta:
        verbose_name = _("session role")
        verbose_name_plural = _("session roles")
        constraints = [models.UniqueConstraint(fields=["meeting", "kind"], name="one_person_per_session_role")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", pgettext_lazy("attendance", "Present")
        ABSENT = "absent", pgettext_lazy("attendance", "Absent")
        EXCUSED = "excused", pgettext_lazy("attendance", "Excused")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class MinutesApproval(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_approvals")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minutes approval")
        verbose_name_plural = _("minutes approvals")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_minutes_approval_per_person")]

    def __str__(self) -> str:
        return f"{self.person} ✔ {self.meeting}"


class AgreementQuerySet(models.QuerySet):
    def pending(self) -> "AgreementQuerySet":
        return self.filter(status=Agreement.Status.PENDING)

    def overdue(self, today=None) -> "AgreementQuerySet":
        return self.pending().filter(due_date__lt=today or timezone.localdate())

    def in_active_communities(self) -> "AgreementQuerySet":
        return self.filter(community__closed_at__isnull=True)


class Agreement(models.Model):
    """An acuerdo: what someone will do, by when."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("agreement", "Pending")
        DONE = "done", pgettext_lazy("agreement", "Done")
        CANCELLED = "cancelled", pgettext_lazy("agreement", "Cancelled")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("community")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("meeting"),
        help_text=_("Empty for an agreement made elsewhere (the school's workshop): `origin` says where."),
    )
    origin = models.CharField(_("agreed in"), max_length=200, blank=True)
    text = models.CharField(_("agreement"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cas_agreements", verbose_name=_("owner")
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_overdue(self) -> bool:
        return self.is_pending and self.due_date < timezone.localdate()


def new_feed_token() -> str:
    """A random secret (0003's default for the plain token, and the reverse of 0021)."""
    return secrets.token_urlsafe(24)


FEED_TOKEN_SALT = "communities.CalendarFeed"  # noqa: S105 (an HMAC's salt, not a secret)


def feed_token(nonce: str, secret: str) -> str:
    """The secret in a feed's address: an HMAC of the row's random nonce with a
    SECRET_KEY. The database alone (nonce and hash) cannot rebuild it."""
    digest = salted_hmac(FEED_TOKEN_SALT, nonce, secret=secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class CalendarFeedQuerySet(models.QuerySet):
    def by_token(self, token: str) -> "CalendarFeedQuerySet":
        # Looked up by the hash of what was presented: the database compares
        # hashes, so its timing tells nothing about the secret itself.
        return self.filter(token_hash=hash_token(token))


class CalendarFeed(models.Model):
    """A person's secret calendar address; resetting it kills the old one. The
    address is stored only as a hash (like invitations); the nonce lets the
    person's own page show it again, rebuilt with the key that made it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    nonce = models.CharField(
        _("nonce"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Empty for an address made before addresses were stored hashed: it works, but cannot be shown."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    @staticmethod
    def fresh_secret() -> dict[str, str]:
        """A new nonce and the hash of the address it makes with the current key."""
        nonce = secrets.token_urlsafe(24)
        return {"nonce": nonce, "token_hash": hash_token(feed_token(nonce, settings.SECRET_KEY))}

    @property
    def token(self) -> str | None:
        """The secret of the address, rebuilt from the nonce with the current
        SECRET_KEY or, after a rotation, the former key that made it
        (SECRET_KEY_FALLBACKS). None when it cannot be shown any more: an address
        made before hashing, or with a key since retired (it still works)."""
        if not self.nonce:
            return None
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
            token = feed_token(self.nonce, secret)
            if constant_time_compare(hash_token(token), self.token_hash):
                return token
        return None
