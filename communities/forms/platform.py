"""The filters of the platform administrator's lists."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.forms.fields import blank_and
from communities.forms.filters import FilterForm
from communities.models import Phase
from communities.models.schools import State

_SEARCH_ERRORS = {"max_length": _("Search with at most %(limit_value)d characters.")}


class SchoolSearchForm(FilterForm):
    q = forms.CharField(label=_("CCT or school name"), max_length=200, required=False, error_messages=_SEARCH_ERRORS)
    state = forms.ChoiceField(
        label=_("State"),
        choices=blank_and(State.choices, label=_("All states")),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class SchoolFilterForm(SchoolSearchForm):
    without_cas = forms.BooleanField(label=_("Only schools without a CAS"), required=False)


class CommunityFilterForm(SchoolSearchForm):
    phase = forms.ChoiceField(label=_("Phase"), choices=blank_and(Phase.choices, label=_("All phases")), required=False)


class FiguresFilterForm(FilterForm):
    """The state whose figures the page shows; none: the whole country."""

    state = forms.ChoiceField(
        label=_("State"),
        choices=blank_and(State.choices, label=_("The whole country")),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class FiguresExportForm(forms.Form):
    """The file of the figures to prepare, and of which state ("" the whole country)."""

    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    state = forms.ChoiceField(choices=blank_and(State.choices, label=_("The whole country")), required=False)
