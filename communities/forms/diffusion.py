"""The Difusión summary's form: the director's own words and the agreements
kept to feature."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.forms.fields import ModelMultipleChoiceField
from communities.models import Agreement, DiffusionSummary
from communities.models.diffusion import HEADLINE_MAX, MESSAGE_MAX, validate_plain_text
from communities.services.diffusion import kept_agreements


class KeptAgreementsField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Agreement) -> str:
        return f"{obj.text} ({obj.owner.full_name})"


class SummaryForm(forms.Form):
    headline = forms.CharField(
        label=_("Headline"),
        max_length=HEADLINE_MAX,
        validators=[validate_plain_text],
        help_text=_("What the CAS wants the school to remember, in one line. It is the poster's title."),
    )
    message = forms.CharField(
        label=_("Message to the school's teachers"),
        max_length=MESSAGE_MAX,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What the CAS learnt and what it asks of its colleagues. Plain text; a blank line starts a paragraph."
        ),
    )
    agreements = KeptAgreementsField(
        label=_("Agreements kept to feature"),
        queryset=Agreement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave them all unticked to show every agreement the CAS kept."),
    )

    def __init__(self, *args, summary: DiffusionSummary, **kwargs):
        if summary.is_written:
            kwargs.setdefault(
                "initial",
                {
                    "headline": summary.headline,
                    "message": summary.message,
                    "agreements": [agreement.pk for agreement in summary.featured_agreements.all()],
                },
            )
        super().__init__(*args, **kwargs)
        kept = kept_agreements(summary.community).select_related("owner")
        if kept.exists():
            self.fields["agreements"].queryset = kept
        else:
            # Nothing kept yet, nothing to choose (and an empty list of boxes would show no error).
            del self.fields["agreements"]
