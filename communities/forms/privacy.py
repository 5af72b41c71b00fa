"""The request a person makes about their personal data."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import DataRequest
from communities.models.privacy import DETAILS_LENGTH

Kind = DataRequest.Kind

# Access is the download on the same page; a request of it comes by letter and
# an administrator types it in the admin.
OFFERED = (
    (Kind.RECTIFICATION, _("Rectification: correct something I cannot change myself")),
    (Kind.CANCELLATION, _("Cancellation: delete my data and close my account")),
    (Kind.OPPOSITION, _("Opposition: stop a use of my data")),
)


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you ask for?"),
        choices=OFFERED,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what you ask for."),
            "invalid_choice": _("Choose one of the rights offered."),
        },
    )
    details = forms.CharField(
        label=_("Details"),
        max_length=DETAILS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For a correction, say what is wrong and how it should read (your name on the school's staff, "
            "your school, your role). For an opposition, which use you object to and why."
        ),
        error_messages={
            "required": _("Tell us what you ask for."),
            "max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d)."),
            "null_characters_not_allowed": _("The text contains a character that cannot be stored. Remove it."),
        },
    )
