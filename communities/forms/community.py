"""Forming the CAS and the director's conditions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities import access
from communities.forms.fields import PersonChoiceField
from communities.models import School, StaffMembership, User


class CommunityForm(forms.Form):
    """Form a CAS at one school. Directors lead the CAS they form; an
    administrator also names the director."""

    school_year = forms.CharField(label=_("School year"), max_length=9, help_text=_("For example 2025-2026."))
    tutor = PersonChoiceField(
        label=_("Construye T tutor"), queryset=User.objects.none(), empty_label=_("Choose the tutor")
    )
    director = PersonChoiceField(
        label=_("Director"), queryset=User.objects.none(), empty_label=_("Choose the director")
    )

    def __init__(self, *args, school: School, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tutor"].queryset = access.staff_with_role(school, StaffMembership.Role.TUTOR)
        if access.directs(actor, school):
            del self.fields["director"]
        else:
            self.fields["director"].queryset = access.staff_with_role(school, StaffMembership.Role.DIRECTOR)


class ConditionForm(forms.Form):
    is_met = forms.BooleanField(required=False)
    note = forms.CharField(required=False, max_length=500)
