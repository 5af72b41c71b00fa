"""Form fields and helpers shared by the app's forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from communities.converters import MAX_ID
from communities.models import Community, Meeting, Skill, User
from communities.uploads import validate_evidence_file


class NativeDateInput(forms.DateInput):
    """The phone's own date picker; it reads and writes ISO dates whatever the
    language, so the value is always rendered as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each validated (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("validators", [validate_evidence_file])
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


# A number bigger than the widest id a column holds is refused as a choice that
# does not exist, before any query: SQLite's driver would overflow on it.


def _fits_an_id(value) -> bool:
    try:
        return 0 <= int(str(value).strip()) <= MAX_ID
    except (TypeError, ValueError):
        return True  # not a number: Django's own validation answers


class _IdRangeMixin:
    def _check_key(self, value) -> None:
        if self.to_field_name in (None, "pk", "id") and not _fits_an_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


CHOOSE = _("Choose an option")
CHOOSE_A_MEMBER = _("Choose a member")


class _ChoicesIterator(forms.models.ModelChoiceIterator):
    """Django reads a select's options with `.iterator()`, which on PostgreSQL
    declares a server-side cursor (three round trips and a cursor kept WITH
    HOLD) for what here is always a short list: one plain query instead, kept
    for a second rendering of the same form."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(_IdRangeMixin, forms.ModelChoiceField):
    """Django's field, refusing ids no database column can hold. Its first
    choice says what to choose (`empty_label`), never "---------"."""

    iterator = _ChoicesIterator

    def __init__(self, *args, empty_label=CHOOSE, **kwargs):
        super().__init__(*args, empty_label=empty_label, **kwargs)

    def to_python(self, value):
        if value not in self.empty_values:
            self._check_key(value)
        return super().to_python(value)


class _RowsIterator(_ChoicesIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.field.rows():
            yield self.choice(row)

    def __len__(self):
        return len(self.field.rows()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.rows())


class CatalogueChoiceField(ModelChoiceField):
    """A choice among the rows of one of the platform's catalogues, which
    `rows()` gives already loaded (from the cache, `selectors.catalogue`):
    offering and checking the choice cost no query, where a filter box of
    several such selects would ask for each list on every page."""

    iterator = _RowsIterator

    def __init__(self, *args, rows, **kwargs):
        self.rows = rows
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        for row in self.rows():
            if str(getattr(row, key)) == str(value):
                return row
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class ModelMultipleChoiceField(_IdRangeMixin, forms.ModelMultipleChoiceField):
    """Django's field, refusing ids no database column can hold; its messages do
    not quote back what was sent."""

    iterator = _ChoicesIterator

    default_error_messages = {
        **forms.ModelMultipleChoiceField.default_error_messages,
        "invalid_choice": _("Choose among the options offered."),
        "invalid_pk_value": _("Choose among the options offered."),
    }

    def _check_values(self, value):
        if isinstance(value, list | tuple):
            for key in value:
                self._check_key(key)
        return super()._check_values(value)


def blank_and(choices, *, label) -> list:
    """The choices of a select, after a first choice that says what to choose
    (never Django's "---------")."""
    return [("", label), *choices]


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names (or on top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class PersonChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})"


class MemberChoiceField(forms.ChoiceField):
    """A choice among people already loaded by the page, so that several of
    these selects cost no query each; cleans to the User."""

    default_error_messages = {"invalid_choice": _("Choose a member of this CAS from the list.")}

    def __init__(self, *, people, empty_label=CHOOSE_A_MEMBER, **kwargs):
        self.people = {str(person.pk): person for person in people}
        choices = [("", empty_label), *((pk, person.full_name) for pk, person in self.people.items())]
        super().__init__(choices=choices, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.people.get(str(value)) if value else None


class MeetingChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{date_format(timezone.localtime(obj.starts_at), 'SHORT_DATE_FORMAT')} · {obj.purpose}"


class SkillChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Skill) -> str:
        return f"{obj.dimension.name} · {obj.name}"


class CommunityChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Community) -> str:
        return f"CAS {obj.school_year} · {obj.school.name}"
