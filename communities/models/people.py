from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


def normalize_email_address(email: str) -> str:
    # Schools type addresses in every capitalisation; one person, one account.
    return (email or "").strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalize_email_address(email), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email=normalize_email_address(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address. What they do at each school
    is held by StaffMembership, not here."""

    email = models.EmailField(
        _("e-mail address"),
        unique=True,
        error_messages={"unique": _("An account with this e-mail address already exists.")},
    )
    full_name = models.CharField(_("full name"), max_length=150)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Unselect this instead of deleting the account."),
    )
    is_staff = models.BooleanField(
        _("platform administrator"),
        default=False,
        help_text=_("Can sign in to the administration site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    anonymised_at = models.DateTimeField(
        _("anonymised"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the person's data was cancelled: the account keeps only a pseudonym."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the site and of the e-mails the person gets."),
    )
    session_epoch = models.PositiveIntegerField(
        _("session generation"),
        default=0,
        editable=False,
        help_text=_(
            "Raised to end every session of the person at once (sign-out everywhere, a second factor changed)."
        ),
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("hour of the daily digest"),
        default=7,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
        help_text=_("Central Mexico time."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        # The admin's list of people is read in this order, a page at a time.
        indexes = [models.Index(fields=["full_name", "email"], name="user_name_email_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")),
                name="user_email_lowercase",
                violation_error_message=_("The e-mail address must be written in lower case."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email_address(self.email)
        self.full_name = " ".join(self.full_name.split())
        if not self.full_name:
            raise ValidationError({"full_name": _("Write the person's full name.")})

    @property
    def awaits_activation(self) -> bool:
        """Added by a school, and has not chosen a password yet."""
        return self.last_login is None and not self.has_usable_password()

    def _get_session_auth_hash(self, secret=None) -> str:
        # Django drops a session whose stored hash no longer matches this one:
        # raising `session_epoch` ends every session of the person on its next
        # request, as a new password does. Generation 0 hashes as Django does,
        # so the sessions open before generations existed stay valid.
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)
        key_salt = "communities.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_epoch}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email
