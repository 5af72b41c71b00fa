"""Analyses of the Construye T strategies."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.forms.fields import ModelChoiceField
from communities.models import Strategy


class StrategyAnalysisForm(forms.Form):
    strategy = ModelChoiceField(
        label=_("Strategy"), queryset=Strategy.objects.filter(is_active=True).select_related("skill")
    )
    group = forms.CharField(label=_("Group"), max_length=60, required=False)
    analysis = forms.CharField(
        label=_("Analysis"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What does it aim at, what worked, what did not?"),
    )
    adaptation = forms.CharField(
        label=_("How I adapted it to my group"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
