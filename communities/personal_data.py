"""What the app holds about a person (LGPDPPSO), part by part: the core's
parts, registered as `extensions.PersonalData` from `CommunitiesConfig.ready()`
like the satellites' ones, and the helpers they share.

- `collect(person)` gathers every part's records for the person's download
  (JSON and PDF, `views.privacy`); each part asks a fixed number of queries.
- Each part's `anonymise(user, pseudonym)` runs inside
  `services.privacy.anonymise_person`: it deletes what is only the person's
  and serves nobody else (their private journal entries, their notices, their
  sessions and sign-in records), and leaves what other people's work or the
  counts rest on, which then points to the pseudonymous account. Copies of the
  person's name and address in text are replaced by the service afterwards,
  across every table a part names.
"""

import base64
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db.models import Model, Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities import extensions
from communities.models import (
    AgendaItem,
    Agreement,
    Attendance,
    CalendarFeed,
    Community,
    ConditionCheck,
    DataRequest,
    DiffusionSummary,
    DigestItem,
    Event,
    Goal,
    ImportRun,
    Invitation,
    Meeting,
    Membership,
    Milestone,
    MinutesApproval,
    NoticePreference,
    Notification,
    OutgoingEmail,
    PhaseReview,
    Practice,
    PracticeFeedback,
    PracticeFile,
    PracticeUse,
    ProgressUpdate,
    Proposal,
    ProposalVote,
    Reflection,
    ReflectionComment,
    Reminder,
    Report,
    SessionRole,
    StaffMembership,
    StrategyAnalysis,
    User,
    Visibility,
)

# --- Who answers for the data ------------------------------------------------------------------------


@dataclass(frozen=True)
class Controller:
    """The public body responsible for the data, as the notices name it."""

    name: str
    address: str
    email: str
    updated: date


def controller() -> Controller:
    return Controller(
        name=settings.PRIVACY_CONTROLLER_NAME,
        address=settings.PRIVACY_CONTROLLER_ADDRESS,
        email=settings.PRIVACY_CONTROLLER_EMAIL,
        updated=settings.PRIVACY_NOTICE_UPDATED,
    )


# --- The pseudonym -----------------------------------------------------------------------------------


def pseudonym_code(user: User) -> str:
    """Six letters and digits derived from the account (an HMAC of its id with
    the site's key): the same person always gets the same code, and nobody can
    go back from the code to the person."""
    digest = salted_hmac("communities.personal_data.pseudonym", str(user.pk)).digest()
    return base64.b32encode(digest).decode()[:6]


def pseudonym_for(user: User) -> str:
    """«Persona anónima 7F3K2Q», in the site's language: it is stored once, as
    the person's name, and read by everyone."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Anonymous person %(code)s") % {"code": pseudonym_code(user)}


def anonymous_address(user: User) -> str:
    """An address no mail reaches (the .invalid domain is reserved, RFC 2606),
    unique to the account, in lower case as every address here."""
    return f"persona-{pseudonym_code(user).lower()}-{user.pk}@anonimizada.invalid"


# --- Records -----------------------------------------------------------------------------------------

KIND = gettext_lazy("Record")  # the first key of every record: what it is


def plain(value) -> str | int | float | bool | None:
    """A value as JSON holds it and a person reads it: dates in ISO form (local
    time), files by their name, anything else as text."""
    match value:
        case None | bool() | int() | float():
            return value
        case Decimal():
            return str(value)
        case datetime():
            return timezone.localtime(value).isoformat(timespec="minutes")
        case date():
            return value.isoformat()
        case FieldFile():
            return value.name.rsplit("/", 1)[-1] if value else ""
        case _:
            return str(value)


Column = str | tuple[str, Callable[[Model], object]]


def records(kind: str, rows: Iterable[Model], columns: Sequence[Column]) -> list[dict]:
    """Each row as a record: `kind`, then each column by its label. A column is
    a field's name (labelled with its verbose name, choices read in words) or
    (label, function of the row)."""
    rows = list(rows)
    if not rows:
        return []
    meta = rows[0]._meta
    getters = []
    for column in columns:
        if isinstance(column, tuple):
            getters.append(column)
            continue
        field = meta.get_field(column)
        display = f"get_{column}_display"
        if field.choices and hasattr(rows[0], display):
            getters.append((capfirst(field.verbose_name), lambda row, display=display: getattr(row, display)()))
        else:
            getters.append((capfirst(field.verbose_name), lambda row, column=column: getattr(row, column)))
    return [{str(KIND): str(kind), **{str(label): plain(get(row)) for label, get in getters}} for row in rows]


def collect(person: User) -> list[dict]:
    """Every part of the person's data: [{code, title, records}], in order."""
    return [
        {"code": part.code, "title": str(part.label), "records": part.export(person)}
        for part in extensions.personal_data_parts()
    ]


# --- The account --------------------------------------------------------------------------------------


def second_factor_models() -> list[type[Model]]:
    """The tables of django-otp's devices (authenticator apps, recovery codes),
    whichever of its plugins are installed."""
    if not apps.is_installed("django_otp"):
        return []
    from django_otp.models import Device

    return [model for model in apps.get_models() if issubclass(model, Device)]


def sign_in_models() -> list[type[Model]]:
    """django-axes' records of sign-in attempts, which name the address typed."""
    if not apps.is_installed("axes"):
        return []
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return [AccessAttempt, AccessFailureLog, AccessLog]


def sessions_of(user: User) -> QuerySet:
    """The person's open sessions (database sessions keep the id encoded)."""
    from django.contrib.auth import SESSION_KEY

    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk)
    ]
    return Session.objects.filter(session_key__in=keys)


def _account_export(user: User) -> list[dict]:
    profile = records(
        _("Profile"),
        [user],
        ["full_name", "email", "language", "digest_hour", "date_joined", "last_login", "is_active", "is_staff"],
    )
    out = profile + records(_("Notice setting"), NoticePreference.objects.filter(user=user), ["kind", "channel"])
    out += records(
        _("Calendar address"),
        CalendarFeed.objects.filter(user=user),
        [(_("Created or last reset"), lambda feed: feed.created_at)],
    )
    for model in second_factor_models():
        out += records(
            _("Second factor"),
            model.objects.filter(user=user),
            ["name", "confirmed", (_("Kind"), lambda device: device._meta.verbose_name)],
        )
    for model in sign_in_models():
        columns = ["attempt_time", "ip_address", "user_agent"]
        out += records(capfirst(model._meta.verbose_name), model.objects.filter(username=user.email), columns)
    out += records(
        _("Change in the administration"),
        LogEntry.objects.filter(user=user).select_related("content_type"),
        ["action_time", "object_repr", ("change", lambda entry: entry.get_change_message())],
    )
    out += records(
        _("Personal-data request"),
        DataRequest.objects.of_person(user),
        ["kind", "details", "status", "created_at", "handled_at", "resolution"],
    )
    return out


def _account_anonymise(user: User, pseudonym: str) -> None:
    NoticePreference.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()  # its address would still show the person's calendar
    for model in second_factor_models():
        model.objects.filter(user=user).delete()
    for model in sign_in_models():
        model.objects.filter(username=user.email).delete()
    sessions_of(user).delete()


# --- Schools and communities -----------------------------------------------------------------------


def _schools_export(user: User) -> list[dict]:
    out = records(
        _("Place on a school's staff"),
        StaffMembership.objects.filter(user=user).select_related("school"),
        ["school", "role", "created_at"],
    )
    led = Community.objects.filter(Q(director=user) | Q(tutor=user) | Q(created_by=user)).select_related(
        "school", "director", "tutor"
    )
    out += records(
        _("Community you lead or set up"), led, ["school", "school_year", "phase", "director", "tutor", "created_at"]
    )
    out += records(
        _("Membership of a CAS"),
        Membership.objects.filter(teacher=user).select_related("community__school"),
        ["community", "joined_at", "left_at"],
    )
    out += records(
        _("Invitation"),
        Invitation.objects.filter(Q(invitee=user) | Q(invited_by=user)).select_related(
            "community__school", "invitee", "invited_by"
        ),
        ["community", "invitee", "invited_by", "message", "status", "created_at", "responded_at"],
    )
    out += records(
        _("Condition you updated"),
        ConditionCheck.objects.filter(updated_by=user).select_related("community__school"),
        ["community", "kind", "is_met", "note", "updated_at"],
    )
    return out


# --- Meetings ----------------------------------------------------------------------------------------


def _meetings_export(user: User) -> list[dict]:
    meeting = [(_("Session"), lambda row: row.meeting)]
    out = records(
        _("Session you scheduled or whose minutes you wrote"),
        Meeting.objects.filter(Q(scheduled_by=user) | Q(minutes_written_by=user)).select_related("community__school"),
        ["community", "purpose", "starts_at", "place", "status", "minutes", "cancel_reason"],
    )
    out += records(
        _("Topic you added to an agenda"),
        AgendaItem.objects.filter(added_by=user).select_related("meeting"),
        [*meeting, "title", "created_at"],
    )
    out += records(
        _("Session role"), SessionRole.objects.filter(person=user).select_related("meeting"), [*meeting, "kind"]
    )
    out += records(
        _("Attendance"),
        Attendance.objects.filter(person=user).select_related("meeting"),
        [*meeting, "status", "recorded_at"],
    )
    out += records(
        _("Minutes you approved"),
        MinutesApproval.objects.filter(person=user).select_related("meeting"),
        [*meeting, (_("Approved"), lambda row: row.approved_at)],
    )
    out += records(
        _("Agreement"),
        Agreement.objects.filter(Q(owner=user) | Q(created_by=user)).select_related("community__school", "owner"),
        ["community", "text", "owner", "due_date", "status", "created_at", "closed_at"],
    )
    return out


# --- Phases, proposals, goals, strategies, dissemination -------------------------------------------


def _work_export(user: User) -> list[dict]:
    out = records(
        _("Milestone you completed"),
        Milestone.objects.filter(completed_by=user).select_related("community__school"),
        ["community", "kind", "completed_at", "evidence_text", "evidence_url", "evidence_file_name"],
    )
    out += records(
        _("Phase change"),
        PhaseReview.objects.filter(Q(requested_by=user) | Q(reviewed_by=user)).select_related("community__school"),
        ["community", "from_phase", "to_phase", "status", "requested_at", "request_comment", "review_comment"],
    )
    out += records(
        _("Proposal"),
        Proposal.objects.filter(proposed_by=user).select_related("community__school"),
        ["community", "kind", "text", "status", "created_at"],
    )
    out += records(
        _("Your opinion on a proposal"),
        ProposalVote.objects.filter(voter=user).select_related("proposal"),
        [(_("Proposal"), lambda vote: vote.proposal.text), "choice", "comment", "voted_at"],
    )
    out += records(
        _("Goal"),
        Goal.objects.filter(Q(owner=user) | Q(created_by=user)).select_related("community__school"),
        ["community", "statement", "indicator", "baseline", "target", "due_date"],
    )
    out += records(
        _("Progress you recorded"),
        ProgressUpdate.objects.filter(recorded_by=user).select_related("goal"),
        [(_("Goal"), lambda update: update.goal.statement), "value", "note", "recorded_on"],
    )
    out += records(
        _("Strategy analysis"),
        StrategyAnalysis.objects.filter(author=user).select_related("strategy"),
        [(_("Strategy"), lambda row: row.strategy.title), "group", "analysis", "adaptation", "created_at"],
    )
    out += records(
        _("Dissemination summary"),
        DiffusionSummary.objects.filter(Q(published_by=user) | Q(updated_by=user)).select_related("community__school"),
        ["community", "headline", "message", "status", "published_at"],
    )
    return out


# --- The journal and the notices -------------------------------------------------------------------


def _journal_export(user: User) -> list[dict]:
    out = records(
        _("Journal entry"),
        Reflection.objects.filter(author=user).select_related("community__school"),
        ["community", "title", "body", "written_on", "visibility"],
    )
    out += records(
        _("Your comment on an entry"),
        ReflectionComment.objects.filter(author=user).select_related("reflection"),
        [(_("Entry"), lambda comment: comment.reflection.title), "body", "created_at"],
    )
    out += records(
        _("Notification"), Notification.objects.for_recipient(user), ["kind", "message", "created_at", "read_at"]
    )
    out += records(_("Line of your daily digest"), DigestItem.objects.filter(recipient=user), ["message", "created_at"])
    out += records(_("Reminder sent"), Reminder.objects.filter(recipient=user), ["kind", "channel", "created_at"])
    return out


def _journal_anonymise(user: User, pseudonym: str) -> None:
    # A private entry was written for its author alone: nobody else's work
    # rests on it. Shared entries stay with the CAS (others commented on them).
    Reflection.objects.filter(author=user, visibility=Visibility.PRIVATE).delete()
    Notification.objects.filter(recipient=user).delete()
    DigestItem.objects.filter(recipient=user).delete()


# --- The practice bank -------------------------------------------------------------------------------


def _practices_export(user: User) -> list[dict]:
    out = records(
        _("Practice you shared"),
        Practice.objects.filter(author=user).select_related("school"),
        ["school", "kind", "title", "summary", "steps", "materials", "scope", "created_at"],
    )
    out += records(
        _("File of your practice"),
        PracticeFile.objects.filter(practice__author=user).select_related("practice"),
        [(_("Practice"), lambda row: row.practice.title), "original_name", "size", "uploaded_at"],
    )
    out += records(
        _("Practice you used"),
        PracticeUse.objects.filter(user=user).select_related("practice"),
        [(_("Practice"), lambda row: row.practice.title), (_("When"), lambda row: row.created_at)],
    )
    out += records(
        _("Your comment on a practice"),
        PracticeFeedback.objects.filter(author=user).select_related("practice"),
        [(_("Practice"), lambda row: row.practice.title), "body", "created_at"],
    )
    return out


# --- The activity, the reports, the imports and the e-mails ----------------------------------------


def _activity_export(user: User) -> list[dict]:
    out = records(
        _("Activity"),
        Event.objects.filter(Q(actor=user) | Q(person=user)).select_related("community__school", "school", "actor"),
        [
            "created_at",
            (_("Who"), lambda event: event.actor or ""),
            (_("What"), lambda event: event.get_verb_display()),
            (_("About"), lambda event: event.subject_display),
            (_("Change"), lambda event: event.change_display),
            (_("Where"), lambda event: event.community or event.school or ""),
        ],
    )
    out += records(
        _("Report you asked for"), Report.objects.filter(requested_by=user), ["kind", "status", "created_at"]
    )
    out += records(
        _("List you uploaded"),
        ImportRun.objects.filter(uploaded_by=user).select_related("school"),
        ["kind", "school", "original_name", "status", "total", "added", "created_at"],
    )
    out += records(
        _("E-mail sent to you"), OutgoingEmail.objects.filter(to=user.email), ["subject", "created_at", "sent_at"]
    )
    return out


def _activity_anonymise(user: User, pseudonym: str) -> None:
    mail = OutgoingEmail.objects.filter(to=user.email)
    mail.filter(sent_at__isnull=True).delete()  # never sent: it would go to nobody now
    mail.update(to=anonymous_address(user), subject=pseudonym, body="", html_body="")
    # Finished documents of the person's schools and communities name them; they
    # are kept a few days and built again, with the pseudonym, when asked for.
    communities = Community.objects.filter(Q(director=user) | Q(tutor=user) | Q(memberships__teacher=user)).values("pk")
    schools = StaffMembership.objects.filter(user=user).values("school")
    finished = Report.objects.exclude(status__in=[Report.Status.QUEUED, Report.Status.BUILDING]).filter(
        Q(requested_by=user) | Q(community__in=communities) | Q(school__in=schools)
    )
    for report in finished.exclude(file=""):
        report.file.delete(save=False)
    finished.delete()


def _nothing_to_delete(user: User, pseudonym: str) -> None:
    """What these tables hold is the CAS's shared work and its counts (who
    came, who voted, who proposed): it stays, pointing to the pseudonymous
    account; the service replaces the copies of the name in its text."""


def core_parts() -> tuple[extensions.PersonalData, ...]:
    """The core's parts; the account's names the tables of the third-party
    apps it answers for (sign-in records, second-factor devices)."""
    account_models = (User, NoticePreference, CalendarFeed, DataRequest, Session, LogEntry)
    return (
        extensions.PersonalData(
            code="account",
            label=gettext_lazy("Your account"),
            export=_account_export,
            anonymise=_account_anonymise,
            models=(*account_models, *second_factor_models(), *sign_in_models()),
            order=10,
        ),
        *OTHER_CORE_PARTS,
    )


OTHER_CORE_PARTS = (
    extensions.PersonalData(
        code="schools",
        label=gettext_lazy("Schools and communities"),
        export=_schools_export,
        anonymise=_nothing_to_delete,
        models=(StaffMembership, Community, Membership, Invitation, ConditionCheck),
        order=20,
    ),
    extensions.PersonalData(
        code="meetings",
        label=gettext_lazy("Sessions and agreements"),
        export=_meetings_export,
        anonymise=_nothing_to_delete,
        models=(Meeting, AgendaItem, SessionRole, Attendance, MinutesApproval, Agreement),
        order=30,
    ),
    extensions.PersonalData(
        code="work",
        label=gettext_lazy("Phases, proposals, goals and dissemination"),
        export=_work_export,
        anonymise=_nothing_to_delete,
        models=(
            Milestone,
            PhaseReview,
            Proposal,
            ProposalVote,
            Goal,
            ProgressUpdate,
            StrategyAnalysis,
            DiffusionSummary,
        ),
        order=40,
    ),
    extensions.PersonalData(
        code="journal",
        label=gettext_lazy("Journal and notices"),
        export=_journal_export,
        anonymise=_journal_anonymise,
        models=(Reflection, ReflectionComment, Notification, DigestItem, Reminder),
        order=50,
    ),
    extensions.PersonalData(
        code="practices",
        label=gettext_lazy("Practice bank"),
        export=_practices_export,
        anonymise=_nothing_to_delete,
        models=(Practice, PracticeFile, PracticeUse, PracticeFeedback),
        order=60,
    ),
    extensions.PersonalData(
        code="activity",
        label=gettext_lazy("Activity, reports, lists and e-mails"),
        export=_activity_export,
        anonymise=_activity_anonymise,
        models=(Event, Report, ImportRun, OutgoingEmail),
        order=90,
    ),
)


def register() -> None:
    for part in core_parts():
        extensions.register(part)
