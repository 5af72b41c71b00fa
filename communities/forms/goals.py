"""Socio-emotional learning goals and their progress."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.forms.fields import NativeDateInput, PersonChoiceField, SkillChoiceField
from communities.models import Community, Skill, User


class GoalForm(forms.Form):
    statement = forms.CharField(label=_("Goal"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    skill = SkillChoiceField(
        label=_("Construye T skill"),
        queryset=Skill.objects.filter(is_active=True).select_related("dimension"),
        empty_label=_("Choose a skill"),
    )
    indicator = forms.CharField(
        label=_("Indicator"),
        max_length=300,
        help_text=_("What is measured, for example: students who name their emotions before an exam."),
    )
    unit = forms.CharField(label=_("Unit"), max_length=40, help_text=_("For example: %, reports, students."))
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=12, decimal_places=2, min_value=0)
    target = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=2, min_value=0)
    due_date = forms.DateField(label=_("Due date"), widget=NativeDateInput())
    owner = PersonChoiceField(
        label=_("Owner"), queryset=User.objects.none(), empty_label=_("Choose who is responsible")
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = community.members()


class ProgressForm(forms.Form):
    value = forms.DecimalField(
        label=_("Value"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        error_messages={"invalid": _("Write a number, for example 42 or 42.5.")},
    )
    recorded_on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=NativeDateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
