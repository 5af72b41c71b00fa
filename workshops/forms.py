"""Forms of the workshop's pages. People are chosen among the school's
participants, loaded once by the page (`MemberChoiceField`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.forms.fields import (
    CHOOSE,
    MemberChoiceField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    NativeDateInput,
    blank_and,
)
from communities.models import SessionRole, TeachingDimension
from workshops.models import (
    MAX_VOTES,
    MAX_WORD,
    CommonProblem,
    ContinuityAgreement,
    ExampleChallenge,
    Light,
    PathMilestone,
    Shape,
    Situation,
    WorkshopTemplate,
)

PERSON_ERRORS = {"invalid_choice": _("Choose a teacher or a director of the school from the list.")}
CHOOSE_A_PERSON = _("Choose a person")
MAX_REVISION = 2**31 - 1


def person_field(people, *, label, required=True, empty_label=CHOOSE_A_PERSON, **kwargs) -> MemberChoiceField:
    return MemberChoiceField(
        people=people, label=label, required=required, empty_label=empty_label, error_messages=PERSON_ERRORS, **kwargs
    )


class RevisionField(forms.IntegerField):
    """The revision of a shared text the person started from (hidden)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=MAX_REVISION, **kwargs)


class TemplateChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: WorkshopTemplate) -> str:
        return f"{obj.title} · {obj.edition}"


class WorkshopForm(forms.Form):
    """Setting the workshop up (with the template) or changing it (without)."""

    template = TemplateChoiceField(
        label=_("Workshop"),
        queryset=WorkshopTemplate.objects.filter(status=WorkshopTemplate.Status.PUBLISHED),
    )
    directors_day = forms.DateField(
        label=_("Directors' day"), required=False, widget=NativeDateInput(), help_text=_("The directors' own session.")
    )
    starts_on = forms.DateField(label=_("Teachers' first day"), widget=NativeDateInput())
    ends_on = forms.DateField(label=_("Teachers' last day"), widget=NativeDateInput())
    votes_per_participant = forms.IntegerField(
        label=_("Votes per participant"),
        min_value=1,
        max_value=MAX_VOTES,
        initial=3,
        help_text=_("Dots each participant places to prioritise the common problems."),
    )

    def __init__(self, *args, people, with_template: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"] = person_field(
            people,
            label=_("Facilitator"),
            required=False,
            empty_label=_("The director facilitates"),
            help_text=_("Who opens and concludes each space and runs the vote."),
        )
        if not with_template:
            del self.fields["template"]
        else:
            newest = self.fields["template"].queryset.order_by("-published_at").first()
            if newest is not None and not self.is_bound:
                self.initial.setdefault("template", newest.pk)
                self.initial.setdefault("directors_day", newest.directors_day)
                self.initial.setdefault("starts_on", newest.starts_on)
                self.initial.setdefault("ends_on", newest.ends_on)


class SessionRolesForm(forms.Form):
    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in SessionRole.Kind.choices:
            self.fields[f"role_{kind}"] = person_field(people, label=label, required=False, empty_label=_("Nobody"))

    def people(self) -> dict:
        return {kind: self.cleaned_data[f"role_{kind}"] for kind in SessionRole.Kind.values}


class SynthesisForm(forms.Form):
    prefix = "synthesis"  # its `text` shares the page with other forms' fields of that name

    text = forms.CharField(
        label=_("Synthesis written together"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    revision = RevisionField()


class StateForm(forms.Form):
    action = forms.ChoiceField(choices=[("open", _("Open")), ("conclude", _("Conclude"))])


class PathMilestoneForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), choices=blank_and(PathMilestone.Kind.choices, label=CHOOSE))
    title = forms.CharField(label=_("What happened"), max_length=120)
    meaning = forms.CharField(
        label=_("What it meant for my teaching"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RatingsForm(forms.Form):
    """A traffic light per axis; axes left blank keep the person's earlier light."""

    def __init__(self, *args, axes, **kwargs):
        super().__init__(*args, **kwargs)
        self.axes = list(axes)
        for axis in self.axes:
            self.fields[f"axis_{axis.pk}"] = forms.ChoiceField(
                label=axis.name,
                help_text=axis.description,
                choices=Light.choices,
                required=False,
                widget=forms.RadioSelect,
            )

    def lights(self) -> dict[int, str]:
        return {
            axis.pk: self.cleaned_data[f"axis_{axis.pk}"] for axis in self.axes if self.cleaned_data[f"axis_{axis.pk}"]
        }


class DimensionsField(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class SituationForm(forms.Form):
    description = forms.CharField(
        label=_("A situation or challenge of my practice"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    observed = forms.CharField(label=_("What I observe"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    reasons = forms.CharField(
        label=_("Why I think it happens"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    change = forms.CharField(label=_("What I could change"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    dimensions = DimensionsField(label=_("Dimensions it touches"), queryset=TeachingDimension.objects.none())

    def __init__(self, *args, dimensions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimensions"].queryset = dimensions


class ProblemForm(forms.Form):
    title = forms.CharField(label=_("Common problem"), max_length=200)
    description = forms.CharField(
        label=_("What the situations share"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    dimensions = DimensionsField(label=_("Its dimensions"), queryset=TeachingDimension.objects.none())

    def __init__(self, *args, dimensions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimensions"].queryset = dimensions


class SituationsChoiceField(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Situation) -> str:
        return obj.description[:120]


class GroupForm(forms.Form):
    situations = SituationsChoiceField(label=_("Situations it groups"), queryset=Situation.objects.none())

    def __init__(self, *args, situations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situations"].queryset = situations


class ChoiceActionForm(forms.Form):
    """A button with a `action` value among `actions`."""

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"] = forms.ChoiceField(choices=[(a, a) for a in actions])


class ProblemChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: CommonProblem) -> str:
        return obj.title


class ProposalStartForm(forms.Form):
    title = forms.CharField(label=_("Title of the proposal"), max_length=200)
    problem = ProblemChoiceField(
        label=_("A challenge the group prioritised"),
        queryset=CommonProblem.objects.none(),
        required=False,
        empty_label=_("None of them"),
    )
    example = forms.ChoiceField(
        label=_("Or one of the SEP's examples"),
        choices=blank_and(ExampleChallenge.choices, label=_("None of them")),
        required=False,
    )
    own_challenge = forms.CharField(label=_("Or our own challenge"), max_length=200, required=False)

    def __init__(self, *args, problems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = problems


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    objective = forms.CharField(
        label=_("Objective"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    resources = forms.CharField(
        label=_("Resources"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evaluation = forms.CharField(
        label=_("How we will know it worked"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    revision = RevisionField()


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=300)
    due_on = forms.DateField(label=_("Date"), widget=NativeDateInput())

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = person_field(people, label=_("Owner"))


class ContinuityForm(forms.Form):
    horizon = forms.TypedChoiceField(
        label=_("Follow-up"), choices=ContinuityAgreement.Horizon.choices, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Agreement"), max_length=500)
    due_on = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=NativeDateInput(),
        help_text=_("Empty: 15 or 30 days after the workshop."),
    )
    wants_goal = forms.BooleanField(label=_("Also make it a goal of the CAS"), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = person_field(people, label=_("Owner"))


class ContinuityStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ContinuityAgreement.Status.choices)


class WordsForm(forms.Form):
    text = forms.CharField(
        label=_("Words or short phrases about our community"),
        max_length=MAX_WORD * 10,
        help_text=_("Separate them with commas. You may repeat what others said: repeated words grow."),
    )


class CalligramForm(forms.Form):
    shape = forms.ChoiceField(label=_("Shape"), choices=Shape.choices, widget=forms.RadioSelect)
    commitment = forms.CharField(
        label=_("Our commitment (beneath the calligram)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    revision = RevisionField()


class DirectorsDayForm(forms.Form):
    reflection = forms.CharField(
        label=_("How our school's learning community is formed"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    poster_title = forms.CharField(label=_("Title of the poster"), max_length=120, required=False)


class CommitmentForm(forms.Form):
    text = forms.CharField(label=_("An action I commit to as the community's facilitator"), max_length=300)


class EvidenceForm(forms.Form):
    """A product of a concluded space as the evidence of a milestone of the CAS."""

    def __init__(self, *args, milestones, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"] = forms.ChoiceField(
            label=_("Milestone of the CAS"),
            choices=blank_and([(m.pk, m.get_kind_display()) for m in milestones], label=CHOOSE),
        )
        self.fields["workspace"] = forms.ChoiceField(
            label=_("Product"), choices=blank_and([(r.workspace, r.space.product) for r in spaces], label=CHOOSE)
        )
        self.milestones = {str(m.pk): m for m in milestones}

    def clean_milestone(self):
        return self.milestones[self.cleaned_data["milestone"]]
