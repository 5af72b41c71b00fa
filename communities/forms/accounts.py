"""Sign-in, password reset and the admin's forms for people and schools."""

from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    PasswordResetForm,
    UserChangeForm,
)
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from communities.emails import queue_email
from communities.models import (
    School,
    User,
)
from communities.models.delivery import Channel
from communities.models.people import normalize_email_address
from communities.services import delivery
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


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset link through the outbox and the Celery e-mail task."""

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
