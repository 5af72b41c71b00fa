"""Registering schools and adding a school's people: one at a time or from a file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import School, StaffMembership
from communities.services.onboarding import Person
from communities.tables import validate_table_file
from communities.validators import normalize_cct


class StaffMemberForm(forms.Form):
    """One person for the school's staff; the roles offered are those the person
    adding may give (from access.grantable_roles)."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role at the school"))

    def __init__(self, *args, roles: tuple[StaffMembership.Role, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
        self.fields["full_name"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["autocomplete"] = "off"


class SchoolForm(forms.ModelForm):
    """A school as the SEP's catalogue describes it, and optionally its director
    and Construye T tutor, named by e-mail."""

    director_name = forms.CharField(label=_("Director's full name"), max_length=150, required=False)
    director_email = forms.EmailField(
        label=_("Director's e-mail address"),
        max_length=254,
        required=False,
        help_text=_("An existing account is tied to the school; a new one gets an e-mail to choose its password."),
    )
    tutor_name = forms.CharField(label=_("Tutor's full name"), max_length=150, required=False)
    tutor_email = forms.EmailField(
        label=_("Tutor's e-mail address"),
        max_length=254,
        required=False,
        help_text=_("A tutor may guide several schools: use the same address for each."),
    )

    class Meta:
        model = School
        fields = ["cct", "name", "state", "municipality", "level", "shift"]

    def clean_cct(self) -> str:
        return normalize_cct(self.cleaned_data["cct"])

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        people = {
            prefix: Person(full_name=data[f"{prefix}_name"], email=data[f"{prefix}_email"])
            if data[f"{prefix}_email"]
            else None
            for prefix in ("director", "tutor")
        }
        return {field: data[field] for field in self.Meta.fields} | people


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        validators=[validate_table_file],
        help_text=_("CSV (comma or semicolon, UTF-8 or Latin-1) or Excel .xlsx, up to 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
        error_messages={"required": _("Choose the file to import."), "empty": _("The file is empty.")},
    )
