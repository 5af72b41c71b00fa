"""What the diagnostic holds about a person (`extensions.PersonalData`): the
campaigns they opened and who typed in paper sheets. The answers themselves
hold nobody (no person, no code, no time of day): there is nothing of a
respondent to export or to anonymise."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities import extensions
from communities.personal_data import records
from diagnostics.models import Campaign, PaperCapturer

SCHOOL = (gettext_lazy("School"), lambda row: row.school.name)


def export(user) -> list[dict]:
    out = records(
        _("Diagnostic campaign you opened"),
        Campaign.objects.filter(created_by=user).select_related("school"),
        [SCHOOL, "kind", "opens_on", "closes_on", "status"],
    )
    out += records(
        _("Typing in paper sheets"),
        PaperCapturer.objects.filter(Q(person=user) | Q(named_by=user)).select_related(
            "campaign__school", "person", "named_by"
        ),
        [(_("Campaign"), lambda row: f"{row.campaign.school.name} · {row.campaign}"), "person", "named_by"],
    )
    return out


def anonymise(user, pseudonym: str) -> None:
    # Naming a closed account to type in sheets grants nothing any more.
    PaperCapturer.objects.filter(person=user).delete()


def register() -> None:
    extensions.register(
        extensions.PersonalData(
            code="diagnostic",
            label=gettext_lazy("School-climate diagnostic"),
            export=export,
            anonymise=anonymise,
            models=(Campaign, PaperCapturer),
            order=70,
        )
    )
