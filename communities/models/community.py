import hashlib
import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models.base import TimeStampedModel
from communities.models.schools import School, choice_label

DEFAULT_TEACHER_CAP = 5  # "Participan cinco docentes del plantel"
_SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def validate_school_year(value: str) -> None:
    match = _SCHOOL_YEAR.fullmatch(value or "")
    if not match or int(match.group(2)) != int(match.group(1)) + 1 or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationError(
            _("Write the school year as two consecutive years, for example 2025-2026."), code="invalid_school_year"
        )


def majority_of(member_count: int) -> int:
    """How many members make a decision of the CAS: norms, proposals, minutes."""
    return member_count // 2 + 1


def current_school_year(today: date | None = None) -> str:
    """Mexican school years start in late August."""
    today = today or timezone.localdate()
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"


class Phase(models.TextChoices):
    INTEGRATION = "integration", pgettext_lazy("CAS phase", "Integration")
    DEVELOPMENT = "development", pgettext_lazy("CAS phase", "Development and implementation")
    DISSEMINATION = "dissemination", pgettext_lazy("CAS phase", "Dissemination")
    CONCLUDED = "concluded", pgettext_lazy("CAS phase", "Concluded")

    @property
    def next(self) -> "Phase | None":
        order = list(Phase)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None

    @property
    def number(self) -> int:
        return list(Phase).index(self) + 1


def is_current(prefix: str = "") -> Q:
    """The one definition of a current membership: the teacher joined and has not
    left. `prefix` reaches it from another model (`"memberships__"`)."""
    return Q(**{f"{prefix}left_at__isnull": True})


class CommunityQuerySet(models.QuerySet):
    def active(self) -> "CommunityQuerySet":
        return self.filter(closed_at__isnull=True)

    def guided_by(self, user) -> "CommunityQuerySet":
        return self.filter(tutor=user)

    def directed_by(self, user) -> "CommunityQuerySet":
        return self.filter(director=user)

    def with_teacher(self, user) -> "CommunityQuerySet":
        """Communities where the person is a current teacher."""
        return self.filter(pk__in=Membership.objects.current().filter(teacher=user).values("community_id"))

    def with_member(self, user) -> "CommunityQuerySet":
        """Communities where the person is a current member: the director, the
        tutor or a current teacher (the same rule as `Community.members`)."""
        # A UNION of three indexed lookups, not an OR: the planner cannot use an
        # index for `director OR tutor OR pk IN (…)` and scans every community,
        # and then every meeting or proposal of the ones it guessed.
        directing = self.model.objects.filter(director=user).order_by().values("pk")
        guiding = self.model.objects.filter(tutor=user).order_by().values("pk")
        teaching = Membership.objects.current().filter(teacher=user).order_by().values("community_id")
        return self.filter(pk__in=directing.union(guiding, teaching))


class Community(TimeStampedModel):
    """A Comunidad de Aprendizaje Socioemocional (CAS): one school, one school
    year, a director, a Tutor Construye T and up to `teacher_cap` teachers."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="communities", verbose_name=_("school"))
    school_year = models.CharField(
        _("school year"), max_length=9, validators=[validate_school_year], help_text=_("For example 2025-2026.")
    )
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="directed_communities",
        verbose_name=_("director"),
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="guided_communities",
        verbose_name=_("Construye T tutor"),
    )
    teacher_cap = models.PositiveSmallIntegerField(
        _("maximum number of teachers"),
        default=DEFAULT_TEACHER_CAP,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.INTEGRATION)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning community")
        verbose_name_plural = _("learning communities")
        ordering = ["-school_year", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"],
                condition=Q(closed_at__isnull=True),
                name="one_active_community_per_school_year",
                violation_error_message=_("This school already has an active CAS for that school year."),
            ),
            models.CheckConstraint(
                condition=Q(teacher_cap__gte=1),
                name="community_teacher_cap_positive",
                violation_error_message=_("The CAS needs room for at least one teacher."),
            ),
        ]

    def __str__(self) -> str:
        return f"CAS {self.school_year} · {self.school.name}"

    def get_phase_display(self) -> str:
        return choice_label(Phase, self.phase)

    @property
    def current_phase(self) -> Phase:
        return Phase(self.phase)

    @property
    def is_active(self) -> bool:
        return self.closed_at is None

    @property
    def is_concluded(self) -> bool:
        return self.phase == Phase.CONCLUDED

    @property
    def accepts_members(self) -> bool:
        """Teachers join an open CAS that has not concluded its phases."""
        return self.is_active and not self.is_concluded

    def members(self) -> models.QuerySet:
        """The people who take part in the CAS's decisions now: the director, the
        tutor and the current teachers, by name (the same rule as
        `Community.objects.with_member`)."""
        from communities.models.people import User

        teachers = self.memberships.current().values("teacher_id")
        return User.objects.filter(Q(pk=self.director_id) | Q(pk=self.tutor_id) | Q(pk__in=teachers)).order_by(
            "full_name"
        )

    def member_ids(self) -> set[int]:
        """The ids of `members()`: who votes, approves the minutes, is counted."""
        return set(self.members().values_list("pk", flat=True))

    def current_teacher_count(self) -> int:
        return self.memberships.current().count()


class MembershipQuerySet(models.QuerySet):
    def current(self) -> "MembershipQuerySet":
        return self.filter(is_current())

    def former(self) -> "MembershipQuerySet":
        return self.exclude(is_current())


class Membership(models.Model):
    """A teacher's voluntary participation in a CAS, from joining to leaving."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("community")
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cas_memberships",
        verbose_name=_("teacher"),
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("CAS member")
        verbose_name_plural = _("CAS members")
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "teacher"],
                condition=is_current(),
                name="one_active_membership_per_teacher",
                violation_error_message=_("This teacher already belongs to the CAS."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} · {self.community}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("invitation", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
    DECLINED = "declined", pgettext_lazy("invitation", "Declined")
    REVOKED = "revoked", pgettext_lazy("invitation", "Withdrawn")
    EXPIRED = "expired", pgettext_lazy("invitation", "Expired")


class InvitationQuerySet(models.QuerySet):
    def pending(self, now=None) -> "InvitationQuerySet":
        return self.filter(status=InvitationStatus.PENDING, expires_at__gt=now or timezone.now())

    def lapsed(self, now=None) -> "InvitationQuerySet":
        """Pending on paper but past their date: the beat job marks them expired."""
        return self.filter(status=InvitationStatus.PENDING, expires_at__lte=now or timezone.now())


class Invitation(models.Model):
    """The director's invitation to one teacher. The e-mailed link carries a
    random token whose hash alone is stored."""

    Status = InvitationStatus

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("community")
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cas_invitations", verbose_name=_("teacher")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    message = models.TextField(_("personal message"), blank=True, max_length=1000)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "invitee"],
                condition=Q(status=InvitationStatus.PENDING),
                name="one_pending_invitation_per_teacher",
                violation_error_message=_("This teacher already has a pending invitation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitee} → {self.community} ({self.get_status_display()})"

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.EXPIRED or (
            self.status == self.Status.PENDING and self.expires_at <= timezone.now()
        )

    @property
    def is_pending(self) -> bool:
        """Still waiting for the teacher's answer, and not past its date."""
        return self.status == self.Status.PENDING and not self.is_expired

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def is_declined(self) -> bool:
        return self.status == self.Status.DECLINED

    @property
    def is_revoked(self) -> bool:
        return self.status == self.Status.REVOKED

    @property
    def display_status(self) -> str:
        return self.Status.EXPIRED.label if self.is_expired else self.get_status_display()
