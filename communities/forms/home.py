"""The filters of the tutor's section of the home page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities import selectors
from communities.forms.fields import ModelChoiceField
from communities.models import Phase, School, User


class TutorFilterForm(forms.Form):
    school = ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), required=False, empty_label=_("All schools")
    )
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, error_messages={"invalid_choice": _("Choose one of the options offered.")}
    )

    def __init__(self, *args, tutor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = selectors.tutored_schools(tutor)
        self.fields["phase"].choices = [("", _("All phases")), *Phase.choices]
