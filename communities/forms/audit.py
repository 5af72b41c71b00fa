"""The filters of the audit trail's pages (the platform's and a school's)."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from communities.forms.fields import ModelChoiceField, NativeDateInput, blank_and
from communities.forms.filters import FilterForm
from communities.models import Community, School
from communities.models.events import event_verbs

# The trail begins with the platform; a day outside these years is a mistake
# (and 10^30 would not fit a date at all).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
_TEXT_ERRORS = {"max_length": _("Search with at most %(limit_value)d characters.")}


def _text(label) -> forms.CharField:
    return forms.CharField(label=label, max_length=200, required=False, error_messages=_TEXT_ERRORS)


def _day(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=NativeDateInput(),
        error_messages={"invalid": _("Write the date as YYYY-MM-DD, for example 2026-01-08.")},
    )


class TrailFilterForm(FilterForm):
    """What happened, who acted, whom it concerned, and between which days."""

    verb = forms.ChoiceField(label=_("What"), required=False)
    actor = _text(_("Who acted (name or e-mail)"))
    person = _text(_("Person concerned (name or e-mail)"))
    since = _day(_("From"))
    until = _day(_("To"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Satellites register their verbs when the apps are ready: read them now.
        verbs = sorted(event_verbs(), key=lambda choice: str(choice[1]))
        self.fields["verb"].choices = blank_and(verbs, label=_("Everything"))

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in ("since", "until"):
            day = cleaned.get(name)
            if day is not None and not FIRST_DAY <= day <= LAST_DAY:
                self.add_error(name, _("Choose a day between 2000 and 2100."))
                cleaned.pop(name, None)
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", ValidationError(_("The last day cannot come before the first.")))
        return cleaned


class PlatformTrailFilterForm(TrailFilterForm):
    """The platform administrators' filters add a school (CCT or name) and one
    CAS, reached from a line of the trail (its id travels in the address)."""

    school = _text(_("School (CCT or name)"))
    community = ModelChoiceField(queryset=Community.objects.all(), required=False, widget=forms.HiddenInput)

    field_order = ["verb", "actor", "person", "school", "since", "until", "community"]

    def pinned(self) -> list:
        """The hidden filter in effect (one CAS), shown above the boxes."""
        community = self.cleaned_data.get("community") if self.is_valid() else None
        return [community] if community else []


class SchoolTrailFilterForm(TrailFilterForm):
    """A school's director filters by one of the school's CAS."""

    community = ModelChoiceField(label=_("CAS"), queryset=Community.objects.none(), required=False)

    field_order = ["verb", "community", "actor", "person", "since", "until"]

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["community"]
        field.queryset = school.communities.order_by("-school_year")
        field.empty_label = _("The school and all its CAS")
        field.label_from_instance = lambda community: f"CAS {community.school_year}"
