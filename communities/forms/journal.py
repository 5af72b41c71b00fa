"""The journal (bitácora): entries, comments and the journal's filters."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from communities import extensions, selectors
from communities.forms.fields import (
    CatalogueChoiceField,
    CommunityChoiceField,
    MeetingChoiceField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    NativeDateInput,
)
from communities.forms.filters import FilterForm
from communities.models import Community, Goal, Meeting, Skill, TeachingDimension, User, Visibility

RELATED_MEETINGS_DAYS = 120


class ReflectionForm(forms.Form):
    """An entry. Satellites add their own fields (communities.extensions); their
    values reach the service as `extras`."""

    community = CommunityChoiceField(label=_("CAS"), queryset=Community.objects.none(), empty_label=_("Choose a CAS"))
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("What I want to remember"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("To format: **bold**, *italics*, and a list by starting each line with «- »."),
    )
    written_on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=NativeDateInput())
    visibility = forms.ChoiceField(
        label=_("Who can read it"),
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the options offered.")},
    )
    dimensions = ModelMultipleChoiceField(
        label=_("Dimensions of my practice"),
        queryset=TeachingDimension.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = ModelMultipleChoiceField(
        label=capfirst(_("Construye T skills")),
        queryset=Skill.objects.filter(is_active=True).select_related("dimension"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    meeting = MeetingChoiceField(
        label=_("Related meeting"), queryset=Meeting.objects.none(), required=False, empty_label=_("No meeting")
    )
    goal = ModelChoiceField(
        label=_("Related goal"), queryset=Goal.objects.none(), required=False, empty_label=_("No goal")
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        communities = list(communities)
        ids = [c.pk for c in communities]
        self.fields["community"].queryset = Community.objects.filter(pk__in=ids).select_related("school")
        if len(communities) == 1:
            self.fields["community"].initial = communities[0].pk
            self.fields["community"].widget = forms.HiddenInput()
        # Recent and upcoming meetings. A slice would break validation: Django
        # looks the chosen one up in this queryset.
        since = timezone.now() - timedelta(days=RELATED_MEETINGS_DAYS)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            community_id__in=ids, starts_at__gte=since, status=Meeting.Status.SCHEDULED
        ).order_by("-starts_at")
        self.fields["goal"].queryset = Goal.objects.filter(community_id__in=ids)
        for name, entry_field in extensions.registry.entry_fields.items():
            self.fields[name] = entry_field.form_field()

    def service_arguments(self) -> dict:
        """The cleaned data as the journal services take it."""
        data = dict(self.cleaned_data)
        data["extras"] = {name: data.pop(name) for name in extensions.registry.entry_fields}
        return data


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class JournalFilterForm(FilterForm):
    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Search with at most %(limit_value)d characters.")},
    )
    dimension = CatalogueChoiceField(
        label=_("Dimension"),
        queryset=TeachingDimension.objects.all(),
        rows=selectors.teaching_dimensions,
        to_field_name="code",
        required=False,
        empty_label=_("All dimensions"),
    )
    skill = CatalogueChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.select_related("dimension"),
        rows=selectors.catalogue_skills,
        to_field_name="code",
        required=False,
        empty_label=_("All skills"),
    )
    author = ModelChoiceField(
        label=_("Author"), queryset=User.objects.none(), required=False, empty_label=_("All authors")
    )
    since = forms.DateField(label=_("From"), required=False, widget=NativeDateInput())
    until = forms.DateField(label=_("To"), required=False, widget=NativeDateInput())

    def __init__(self, *args, authors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = authors
        for name, entry_field in extensions.registry.entry_fields.items():
            self.fields[name] = entry_field.filter_field()
        self.order_fields(["q", "dimension", "skill", "author", *extensions.registry.entry_fields, "since", "until"])
