"""The bank of practices: sharing one, commenting, and the bank's filters."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from communities.forms.fields import ModelChoiceField, ModelMultipleChoiceField, MultipleFileField, blank_and
from communities.forms.filters import FilterForm
from communities.models import Practice, School, Scope, Skill, User
from communities.models.schools import Level

_OFFERED = {"invalid_choice": _("Choose one of the options offered.")}


class PracticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Practice.Kind.choices, error_messages=_OFFERED)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, error_messages=_OFFERED)
    grade = forms.CharField(label=_("Grade or semester"), max_length=60, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=100, required=False)
    skills = ModelMultipleChoiceField(
        label=capfirst(_("Construye T skills")),
        queryset=Skill.objects.filter(is_active=True).select_related("dimension"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    duration = forms.CharField(label=_("Duration"), max_length=100, required=False)
    steps = forms.CharField(label=_("Steps"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))
    materials = forms.CharField(
        label=_("Materials"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    scope = forms.ChoiceField(
        label=_("Share with"), choices=Scope.choices, widget=forms.RadioSelect, error_messages=_OFFERED
    )
    school = ModelChoiceField(label=_("School"), queryset=School.objects.none())
    files = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("Up to 5 files: PDF, images or office documents, 10 MB each."),
    )

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        schools = School.objects.filter(staff_memberships__user=actor).distinct()
        self.fields["school"].queryset = schools
        if schools.count() == 1:
            self.fields["school"].initial = schools.first().pk
            self.fields["school"].widget = forms.HiddenInput()

    @staticmethod
    def initial_for(practice: Practice) -> dict:
        names = ("kind", "title", "summary", "level", "grade", "subject", "duration", "steps", "materials", "scope")
        return {name: getattr(practice, name) for name in names} | {
            "school": practice.school_id,
            "skills": list(practice.skills.all()),
        }


class FeedbackForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class PracticeFilterForm(FilterForm):
    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Search with at most %(limit_value)d characters.")},
    )
    skill = ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.select_related("dimension"),
        to_field_name="code",
        required=False,
        empty_label=_("All skills"),
    )
    level = forms.ChoiceField(label=_("Level"), choices=blank_and(Level.choices, label=_("All levels")), required=False)
    scope = forms.ChoiceField(
        label=_("Shared with"), choices=blank_and(Scope.choices, label=_("Anyone")), required=False
    )
