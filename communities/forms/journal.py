"""The journal, the bank of practices and strategy analyses."""

from datetime import timedelta

from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from communities.forms.fields import CommunityChoiceField, MeetingChoiceField, MultipleFileField, NativeDateInput
from communities.models import (
    Community,
    Goal,
    Meeting,
    Practice,
    School,
    Scope,
    Skill,
    Strategy,
    TeachingDimension,
    User,
    Visibility,
    WorkSpace,
)
from communities.models.schools import Level

RELATED_MEETINGS_DAYS = 120


class ReflectionForm(forms.Form):
    community = CommunityChoiceField(label=_("CAS"), queryset=Community.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("What I want to remember"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("You can use Markdown: **bold**, *italics*, lists with -."),
    )
    written_on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=NativeDateInput())
    visibility = forms.ChoiceField(
        label=_("Who can read it"),
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the options offered.")},
    )
    dimensions = forms.ModelMultipleChoiceField(
        label=_("Dimensions of my practice"),
        queryset=TeachingDimension.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.ModelMultipleChoiceField(
        label=capfirst(_("Construye T skills")),
        queryset=Skill.objects.filter(is_active=True).select_related("dimension"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    meeting = MeetingChoiceField(label=_("Related meeting"), queryset=Meeting.objects.none(), required=False)
    goal = forms.ModelChoiceField(label=_("Related goal"), queryset=Goal.objects.none(), required=False)
    workspace = forms.ChoiceField(
        label=_("Workshop work space"),
        choices=[*BLANK_CHOICE_DASH, *WorkSpace.choices],
        required=False,
        help_text=_("If the entry belongs to a work space of the workshop «Ser y hacer en comunidad de aprendizaje»."),
        error_messages={"invalid_choice": _("Choose one of the options offered.")},
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        communities = list(communities)
        self.fields["community"].queryset = Community.objects.filter(pk__in=[c.pk for c in communities]).select_related(
            "school"
        )
        if len(communities) == 1:
            self.fields["community"].initial = communities[0].pk
            self.fields["community"].widget = forms.HiddenInput()
        ids = [c.pk for c in communities]
        # Recent and upcoming meetings. A slice would break validation: Django
        # looks the chosen one up in this queryset.
        since = timezone.now() - timedelta(days=RELATED_MEETINGS_DAYS)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            community_id__in=ids, starts_at__gte=since, status=Meeting.Status.SCHEDULED
        ).order_by("-starts_at")
        self.fields["goal"].queryset = Goal.objects.filter(community_id__in=ids)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class JournalFilterForm(forms.Form):
    """Filters of the journal and the practice bank. A value that does not exist
    is a form error, shown as such; nothing is echoed unescaped."""

    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Search with at most %(limit_value)d characters.")},
    )
    dimension = forms.ModelChoiceField(
        label=_("Dimension"), queryset=TeachingDimension.objects.all(), to_field_name="code", required=False
    )
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=Skill.objects.select_related("dimension"), to_field_name="code", required=False
    )
    author = forms.ModelChoiceField(label=_("Author"), queryset=User.objects.none(), required=False)
    workspace = forms.ChoiceField(
        label=_("Work space"), choices=[*BLANK_CHOICE_DASH, *WorkSpace.choices], required=False
    )
    since = forms.DateField(label=_("From"), required=False, widget=NativeDateInput())
    until = forms.DateField(label=_("To"), required=False, widget=NativeDateInput())

    def __init__(self, *args, authors=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                # A plain choice's message quotes the value sent; a list's filter
                # must not show back whatever was put in its URL.
                field.error_messages["invalid_choice"] = forms.ModelChoiceField.default_error_messages["invalid_choice"]
        if authors is None:
            del self.fields["author"]
        else:
            self.fields["author"].queryset = authors

    def full_clean(self):
        super().full_clean()
        # Do not send a rejected value back (a 20,000-character search, say).
        if self.is_bound and self._errors:
            data = self.data.copy()
            for name in self._errors:
                if name in data:
                    data[name] = ""
            self.data = data

    def __iter__(self):
        # Compact Bootstrap controls, set when rendering so that subclasses'
        # fields get them too.
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )
        return super().__iter__()


class PracticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Practice.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    grade = forms.CharField(label=_("Grade or semester"), max_length=60, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=100, required=False)
    skills = forms.ModelMultipleChoiceField(
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
    scope = forms.ChoiceField(label=_("Share with"), choices=Scope.choices, widget=forms.RadioSelect)
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none())
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


class FeedbackForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class StrategyAnalysisForm(forms.Form):
    strategy = forms.ModelChoiceField(
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


class PracticeFilterForm(JournalFilterForm):
    level = forms.ChoiceField(label=_("Level"), choices=[*BLANK_CHOICE_DASH, *Level.choices], required=False)
    scope = forms.ChoiceField(label=_("Shared with"), choices=[*BLANK_CHOICE_DASH, *Scope.choices], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("dimension", "workspace", "since", "until"):
            del self.fields[name]
