"""Forms of the diagnostic's pages: opening a campaign, issuing codes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.forms.fields import CHOOSE, ModelChoiceField, NativeDateInput, blank_and
from diagnostics.models import MAX_EXPECTED, Audience, Campaign, CampaignAudience, InstrumentVersion
from diagnostics.services import MAX_BATCH

# The form field holding each audience's expected respondents.
EXPECTED_FIELDS = {audience: f"expected_{audience.name.lower()}" for audience in Audience}


class VersionChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: InstrumentVersion) -> str:
        return f"{obj.instrument.name} · v{obj.number}"


class CampaignForm(forms.Form):
    """An application of a published version: its kind, its dates and, for each
    audience that takes part, how many people are expected to answer."""

    version = VersionChoiceField(
        label=_("Instrument"),
        queryset=InstrumentVersion.objects.filter(status=InstrumentVersion.Status.PUBLISHED).select_related(
            "instrument"
        ),
    )
    kind = forms.ChoiceField(label=_("Kind of application"), choices=blank_and(Campaign.Kind.choices, label=CHOOSE))
    opens_on = forms.DateField(label=_("Opens on"), widget=NativeDateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=NativeDateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for audience, name in EXPECTED_FIELDS.items():
            self.fields[name] = forms.IntegerField(
                label=_("Expected respondents: %(audience)s") % {"audience": audience.label},
                required=False,
                min_value=1,
                max_value=MAX_EXPECTED,
                help_text=_("Leave it empty if this audience does not take part."),
            )
        newest = self.fields["version"].queryset.order_by("-published_at").first()
        if newest is not None:
            self.fields["version"].initial = newest.pk

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        expected = {audience.value: data[name] for audience, name in EXPECTED_FIELDS.items() if data.get(name)}
        return {
            "version": data["version"],
            "kind": data["kind"],
            "opens_on": data["opens_on"],
            "closes_on": data["closes_on"],
            "audiences": list(expected),
            "expected": expected,
        }


class IssueCodesForm(forms.Form):
    FORMATS = [("pdf", _("PDF of slips to cut out, with QR codes")), ("csv", _("List (CSV) to share"))]

    audience = forms.ChoiceField(label=_("Audience"))
    count = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=MAX_BATCH)
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, initial="pdf", widget=forms.RadioSelect)

    def __init__(self, *args, audiences: list[CampaignAudience], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = blank_and(
            [(row.audience, row.get_audience_display()) for row in audiences], label=CHOOSE
        )
