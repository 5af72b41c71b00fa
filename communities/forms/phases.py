"""Milestone evidence and the phase change."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.forms.fields import MeetingChoiceField
from communities.models import Community, Meeting
from communities.uploads import validate_evidence_file


class MilestoneEvidenceForm(forms.Form):
    meeting = MeetingChoiceField(
        label=_("A meeting that proves it"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("No meeting"),
        help_text=_("Held meetings with minutes and agreements."),
    )
    text = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(
        label=_("File"),
        required=False,
        validators=[validate_evidence_file],
        help_text=_("PDF, image or office document, up to 10 MB."),
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = community.meetings.proving_work().order_by("-starts_at")

    def clean(self):
        data = super().clean()
        evidence = data.get("text", "").strip() or data.get("url") or data.get("file") or data.get("meeting")
        if not self.errors and not evidence:
            raise forms.ValidationError(
                _("Add the evidence: describe what was done, paste a link or attach a file."), code="no_evidence"
            )
        return data


class PhaseRequestForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the tutor (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PhaseReviewForm(forms.Form):
    APPROVE, RETURN = "approve", "return"
    DECISIONS = [(APPROVE, _("Approve the phase change")), (RETURN, _("Return it with comments"))]

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the options offered.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return it: say what is missing."),
    )

    @property
    def approves(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE
