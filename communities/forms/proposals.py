"""Norms and activities, and the members' votes on them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Proposal, ProposalVote


class ProposalForm(forms.Form):
    text = forms.CharField(
        label=_("Proposal"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: We start and end our meetings on time."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Proposal.Kind.choices,
        initial=Proposal.Kind.NORM,
        error_messages={"invalid_choice": _("Choose one of the options offered.")},
    )


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        choices=ProposalVote.Choice.choices, error_messages={"invalid_choice": _("Choose one of the options offered.")}
    )
    comment = forms.CharField(required=False, max_length=300)
