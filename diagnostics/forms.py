"""Forms of the diagnostic's pages: opening a campaign, issuing codes, entering
a code, answering a section, and typing in a paper sheet."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from communities.forms.fields import CHOOSE, ModelChoiceField, NativeDateInput, blank_and
from diagnostics.models import MAX_EXPECTED, Audience, Campaign, CampaignAudience, InstrumentVersion
from diagnostics.services import MAX_BATCH, MAX_CODE_INPUT, Section

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


# The scale, as respondents read it (and as the paper questionnaire prints it).
LIKERT_CHOICES = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
]
ITEM_PREFIX = "item_"
MAX_SHEET_INPUT = 200  # characters of a typed paper sheet


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your access code"),
        max_length=MAX_CODE_INPUT,
        help_text=_("It is on your slip: eight letters and digits, such as ABCD-2345."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "autofocus": True}
        ),
    )


class SectionForm(forms.Form):
    """One section of the questionnaire: every item required, answered 1–5."""

    def __init__(self, *args, section: Section, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        for item in section.items:
            self.fields[f"{ITEM_PREFIX}{item.pk}"] = forms.TypedChoiceField(
                label=item.text,
                choices=LIKERT_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={
                    "required": _("Choose an answer to this question."),
                    "invalid_choice": _("Choose one of the five answers, from 1 to 5."),
                },
            )

    def clean(self):
        data = super().clean()
        # An answer to a question this page does not ask (another section's,
        # another audience's or another version's) is refused, not ignored.
        if any(key.startswith(ITEM_PREFIX) and key not in self.fields for key in self.data):
            raise ValidationError(_("This page does not ask that question: answer only the questions shown."))
        return data

    def rows(self) -> list[tuple[int, forms.BoundField]]:
        """(number in the questionnaire, field) of each item, in order."""
        return [(number, self[f"{ITEM_PREFIX}{item.pk}"]) for number, item in self.section.numbered_items]

    def values(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"{ITEM_PREFIX}{item.pk}"] for item in self.section.items}


class PaperSheetForm(forms.Form):
    marks = forms.CharField(
        label=_("Answers of this sheet, one digit per question"),
        max_length=MAX_SHEET_INPUT,
        help_text=_("Type 1 to 5 for each question in order, 0 for a blank or double mark, then press Enter."),
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "form-control form-control-lg font-monospace",
            }
        ),
    )


class PersonChoiceField(ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class PaperCapturerForm(forms.Form):
    """Someone of the school's staff to type in the campaign's paper sheets."""

    person = PersonChoiceField(label=_("Person of the school's staff"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
