"""Meetings: scheduling, agenda, session roles, attendance, minutes, agreements."""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.forms.fields import MemberChoiceField, NativeDateInput
from communities.models import Agreement, Attendance, Meeting, SessionRole, User


class MeetingForm(forms.Form):
    """Date and times are read in the school's time zone (America/Mexico_City)."""

    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    date = forms.DateField(label=_("Date"), widget=NativeDateInput())
    starts = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online link"), max_length=500, required=False, assume_scheme="https")

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        return {
            "purpose": meeting.purpose,
            "date": starts.date(),
            "starts": starts.time(),
            "ends": ends.time(),
            "place": meeting.place,
            "online_url": meeting.online_url,
        }

    def clean(self):
        data = super().clean()
        if {"date", "starts", "ends"} <= data.keys():
            zone = timezone.get_current_timezone()
            data["starts_at"] = datetime.combine(data["date"], data["starts"], tzinfo=zone)
            data["ends_at"] = datetime.combine(data["date"], data["ends"], tzinfo=zone)
        return data

    def service_arguments(self) -> dict:
        keys = ("purpose", "starts_at", "ends_at", "place", "online_url")
        return {key: self.cleaned_data[key] for key in keys}


class CancelMeetingForm(forms.Form):
    # The field refuses NUL characters and more than the column holds, which
    # PostgreSQL would otherwise refuse with an error.
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300, required=False)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=300)


class SessionRolesForm(forms.Form):
    def __init__(self, *args, members: list[User], current: dict[str, int], **kwargs):
        # The "minutes" role shares its name with the minutes form on the same
        # page; its own ids keep each label on its own field.
        kwargs.setdefault("auto_id", "id_role_%s")
        super().__init__(*args, **kwargs)
        for kind, label in SessionRole.Kind.choices:
            self.fields[kind] = MemberChoiceField(
                label=label, people=members, required=False, initial=current.get(kind), empty_label=_("Nobody yet")
            )


class AttendanceForm(forms.Form):
    """One choice per member; the field name carries the member's id."""

    def __init__(self, *args, members, recorded: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        for person in members:
            self.fields[f"person_{person.pk}"] = forms.ChoiceField(
                label=person.full_name,
                choices=Attendance.Status.choices,
                initial=recorded.get(person.pk, Attendance.Status.PRESENT),
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose present, absent or excused.")},
            )

    def statuses(self) -> dict[int, str]:
        return {int(name.removeprefix("person_")): value for name, value in self.cleaned_data.items()}


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))


class AgreementForm(forms.Form):
    ON_A_DATE = "date"
    DUE_CHOICES = [("15", _("In 15 days")), ("30", _("In 30 days")), (ON_A_DATE, _("On a date"))]

    text = forms.CharField(label=_("Agreement"), max_length=500)
    due = forms.ChoiceField(
        label=_("Due"),
        choices=DUE_CHOICES,
        initial="15",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the options offered.")},
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=NativeDateInput())

    field_order = ["text", "owner", "due", "due_date"]

    def __init__(self, *args, members: list[User], meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["owner"] = MemberChoiceField(
            label=_("Owner"), people=members, empty_label=_("Choose who is responsible")
        )
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        due = data.get("due")
        if due in {"15", "30"}:
            # Continuity agreements at 15 and 30 days, counted from the meeting.
            data["due_date"] = timezone.localtime(self.meeting.starts_at).date() + timedelta(days=int(due))
        elif due == self.ON_A_DATE and not data.get("due_date"):
            self.add_error("due_date", _("Choose the date."))
        return data


class AgreementStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=Agreement.Status.choices, error_messages={"invalid_choice": _("Choose pending, done or cancelled.")}
    )
