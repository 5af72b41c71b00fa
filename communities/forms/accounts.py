"""Sign-in, password reset and the admin's forms for people and schools."""

from urllib.parse import urlsplit

from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
    UserChangeForm,
)
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communities import ratelimits, task_queue
from communities.emails import queue_email
from communities.models import (
    School,
    User,
)
from communities.models.delivery import Channel
from communities.models.people import normalize_email_address
from communities.services import account_alerts, delivery
from communities.validators import normalize_cct


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, asking for an e-mail address."""

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is not correct. Check both and try again."),
    }

    def clean_username(self) -> str:
        return normalize_email_address(self.cleaned_data["username"])

    def clean(self):
        # The limits per IP and per account across IPs (communities.ratelimits):
        # refused before any password is checked, counted on each failure
        # whether the account exists or not. `limit_sign_in` on the route turns
        # the refusal into the 429 page; here it holds for any view of the form.
        if self.request is None:
            return super().clean()
        address = self.cleaned_data.get("username", "")
        refused = ratelimits.sign_in_refusal(self.request, address)
        if refused:
            raise forms.ValidationError(_paused(refused.minutes), code="rate_limited")
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login" and ratelimits.count_sign_in_failure(self.request, address):
                account_alerts.tell_of_paused_sign_in(
                    address=address, minutes=ratelimits.SIGN_IN_PER_ACCOUNT.seconds // 60
                )
            raise


def _paused(minutes: int) -> str:
    return ngettext(
        "Too many attempts to sign in. Wait %(minutes)s minute and try again.",
        "Too many attempts to sign in. Wait %(minutes)s minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


class LiftingSetPasswordForm(SetPasswordForm):
    """The new password of a reset link: whoever opened it reads the account's
    mail, so sign-in pauses on the account (ours and django-axes') end."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        ratelimits.forget_sign_in_failures(user.email)
        axes_reset(username=user.email)
        return user


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset link through the outbox and the Celery e-mail task.

    The request does the same work whatever the address: one lookup and one
    queued `send_password_reset` with the account's id, or none for an address
    without an account. The worker makes the link and mails it (`mail_link`),
    so the answer's timing does not tell whether the account exists."""

    def save(self, **kwargs) -> None:
        from communities.tasks import send_password_reset  # tasks → services → this module

        person = next(iter(self.get_users(self.cleaned_data["email"])), None)
        task_queue.enqueue(send_password_reset, person.pk if person else None)

    def mail_link(self) -> None:
        """Django's own reset e-mail, for the site's address (SITE_URL)."""
        site = urlsplit(settings.SITE_URL)
        super().save(domain_override=site.netloc, use_https=site.scheme == "https")

    def get_users(self, email):
        # Django skips accounts without a password; a person a school added who
        # lost or let expire the activation e-mail chooses one here instead.
        users = User.objects.filter(email=normalize_email_address(email), is_active=True)
        return (user for user in users if user.has_usable_password() or user.awaits_activation)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        html_body = render_to_string(html_email_template_name, context) if html_email_template_name else ""
        queue_email(to=to_email, subject=subject, body=body, html_body=html_body)


class _EmailFormMixin:
    def clean_email(self) -> str:
        email = normalize_email_address(self.cleaned_data["email"])
        others = User.objects.filter(email=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."), code="unique")
        return email


class UserAdminCreationForm(_EmailFormMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserAdminChangeForm(_EmailFormMixin, UserChangeForm):
    class Meta:
        model = User
        fields = [
            "email",
            "full_name",
            "password",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        ]


class SchoolAdminForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["name", "cct", "state", "municipality", "level", "shift"]

    def clean_cct(self) -> str:
        return normalize_cct(self.cleaned_data["cct"])


class NoticePreferencesForm(forms.Form):
    """A channel for each kind of notice, and the hour of the daily digest."""

    digest_hour = forms.TypedChoiceField(
        label=_("Hour of my daily digest"),
        coerce=int,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        help_text=_("Central Mexico time. The digest comes only on days with something in it."),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = delivery.preference_kinds()
        current = delivery.channels_for([person.pk], [kind for kind, _label in kinds])
        self.kinds = kinds
        for kind, label in kinds:
            self.fields[f"kind_{kind}"] = forms.ChoiceField(
                label=label, choices=Channel.choices, initial=current[(person.pk, kind)]
            )
        self.fields["digest_hour"].initial = person.digest_hour

    def channels(self) -> dict[str, str]:
        return {kind: self.cleaned_data[f"kind_{kind}"] for kind, _label in self.kinds}
