"""The second factor's forms: a code at sign-in, the code that confirms a new
app, and what removing the factor asks for."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from communities.models import User
from communities.services import security

CODE_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "spellcheck": "false"}
)


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValidationError(_("Type the code as it is shown."))
    return value


class SignInCodeForm(forms.Form):
    """The second step of signing in: the app's code or a recovery code. A
    valid one is used up here (django-otp's throttling counts each wrong one);
    `device` is the one that accepted it."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=CODE_WIDGET,
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
        error_messages={"required": _("Type the code your app shows.")},
    )

    def __init__(self, *args, person: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.device = None

    def clean_code(self) -> str:
        code = _no_nul(self.cleaned_data["code"])
        self.device = security.verify_code(person=self.person, code=code)
        return code


class EnrolAppForm(forms.Form):
    """The code the newly scanned app shows: the app counts once it is right."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=32,
        widget=CODE_WIDGET,
        error_messages={"required": _("Type the 6 digits your app shows.")},
    )

    def clean_code(self) -> str:
        return _no_nul(self.cleaned_data["code"])


class RemoveFactorForm(forms.Form):
    """Removing the factor asks for the password or a code, so that a session
    left open on a shared computer cannot take it away."""

    secret = forms.CharField(
        label=_("Your password or a code"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Type your password or a code from your app.")},
    )

    def __init__(self, *args, person: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_secret(self) -> str:
        secret = _no_nul(self.cleaned_data["secret"])
        security.check_confirmation(person=self.person, secret=secret)
        return secret
