"""Forming the CAS, invitations, proposals, milestones, phases, conditions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.forms.fields import MeetingChoiceField, PersonChoiceField
from communities.models import (
    Community,
    Meeting,
    Phase,
    Proposal,
    ProposalVote,
    School,
    StaffMembership,
    User,
)
from communities.uploads import validate_evidence_file


class CommunityForm(forms.Form):
    """Form a CAS at one school. Directors lead the CAS they form; an
    administrator also names the director."""

    school_year = forms.CharField(label=_("School year"), max_length=9, help_text=_("For example 2025-2026."))
    tutor = PersonChoiceField(label=_("Construye T tutor"), queryset=User.objects.none())
    director = PersonChoiceField(label=_("Director"), queryset=User.objects.none())

    def __init__(self, *args, school: School, actor: User, **kwargs):
        super().__init__(*args, **kwargs)

        def staff_in(role):
            return User.objects.filter(staff_memberships__school=school, staff_memberships__role=role).order_by(
                "full_name"
            )

        self.fields["tutor"].queryset = staff_in(StaffMembership.Role.TUTOR)
        directors = staff_in(StaffMembership.Role.DIRECTOR)
        if directors.filter(pk=actor.pk).exists():
            del self.fields["director"]
        else:
            self.fields["director"].queryset = directors


class InvitationForm(forms.Form):
    teacher = PersonChoiceField(
        label=_("Teacher"),
        queryset=User.objects.none(),
        to_field_name="email",
        error_messages={
            "invalid_choice": _("That person is not a teacher at this school, or already belongs to the CAS."),
        },
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Participation is voluntary: say why you are inviting them."),
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        in_cas = community.memberships.filter(left_at__isnull=True).values("teacher_id")
        self.fields["teacher"].queryset = (
            User.objects.filter(
                staff_memberships__school_id=community.school_id,
                staff_memberships__role=StaffMembership.Role.TEACHER,
            )
            .exclude(pk__in=in_cas)
            .order_by("full_name")
        )


class ProposalForm(forms.Form):
    text = forms.CharField(
        label=_("Proposal"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: We start and end our meetings on time."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Proposal.Kind.choices, initial=Proposal.Kind.NORM)


class VoteForm(forms.Form):
    choice = forms.ChoiceField(choices=ProposalVote.Choice.choices)
    comment = forms.CharField(required=False, max_length=300)


class MilestoneEvidenceForm(forms.Form):
    meeting = MeetingChoiceField(
        label=_("A meeting that proves it"),
        queryset=Meeting.objects.none(),
        required=False,
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
        self.fields["meeting"].queryset = (
            community.meetings.past()
            .exclude(minutes="")
            .filter(agreements__isnull=False)
            .distinct()
            .order_by("-starts_at")
        )

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
    DECISIONS = [("approve", _("Approve the phase change")), ("return", _("Return it with comments"))]

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return it: say what is missing."),
    )


class ConditionForm(forms.Form):
    is_met = forms.BooleanField(required=False)
    note = forms.CharField(required=False, max_length=500)


class TutorFilterForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none(), required=False)
    phase = forms.ChoiceField(label=_("Phase"), required=False)

    def __init__(self, *args, tutor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(communities__tutor=tutor).distinct().order_by("name")
        self.fields["phase"].choices = [("", _("All phases")), *Phase.choices]
