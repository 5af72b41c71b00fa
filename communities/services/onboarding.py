"""Getting a school's people in.

Platform administrators register schools, one by one or from a file in the
shape of the SEP's catalogue, and name each school's director and Construye T
tutor; a director adds the school's staff, one person at a time or from a
list. Everyone is named by e-mail address: a person new to the platform gets an
account and an activation e-mail (a single-use link to choose a password); a
person who already has one is tied to the school and told.

A file is imported all or nothing, in the background (`process_import`, run by
the `run_import` task): every bad row is reported with its line number and
reason, and nothing is written until the file is clean. Importing the same
file again changes nothing: what is already in place is skipped and counted.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import get_template
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from communities import access, tables
from communities.access import Need
from communities.activation import activation_expires, activation_link
from communities.emails import queue_emails
from communities.models import Event, ImportRun, School, StaffMembership, User
from communities.models.people import normalize_email_address
from communities.models.schools import Level, Shift, State
from communities.services.audit import event_row, record_event, record_events
from communities.tables import Column, plain
from communities.task_queue import enqueue
from communities.validators import normalize_cct, validate_cct

logger = logging.getLogger(__name__)

Role = StaffMembership.Role

# A run whose worker died (a restart mid-file) may be claimed again after this;
# the write is one transaction, so a half-done run left nothing behind.
STALE_AFTER = timedelta(minutes=10)
PROGRESS_EVERY = 250  # rows between two progress updates
MAX_KEPT_ERRORS = 500  # bad rows kept for the page; the count says how many more

NAME_MAX = User._meta.get_field("full_name").max_length
EMAIL_MAX = User._meta.get_field("email").max_length
FORMULA_START = ("=", "+", "-", "@")


def _words(*words: str) -> frozenset[str]:
    return frozenset(plain(word) for word in words)


STAFF_COLUMNS = (
    Column("full_name", "nombre", _words("nombre", "nombre completo", "nombre y apellidos", "name", "full name")),
    Column("email", "correo", _words("correo", "correo electrónico", "email", "e-mail", "mail", "correo-e")),
    Column("role", "rol", _words("rol", "role", "función", "cargo", "puesto"), required=False),
)

SCHOOL_COLUMNS = (
    Column(
        "cct", "CCT", _words("cct", "clave", "clave cct", "clave del centro de trabajo", "clave de centro de trabajo")
    ),
    Column(
        "name",
        "Nombre",
        _words("nombre", "nombre de la escuela", "nombre del centro de trabajo", "nombre ct", "escuela", "plantel"),
    ),
    Column(
        "state",
        "Entidad",
        _words("entidad", "entidad federativa", "estado", "nombre de la entidad", "clave entidad", "state"),
    ),
    Column("municipality", "Municipio", _words("municipio", "nombre del municipio", "alcaldía", "municipality")),
    Column("level", "Nivel", _words("nivel", "nivel educativo", "tipo educativo", "level")),
    Column("shift", "Turno", _words("turno", "shift")),
    Column("director_name", "Director", _words("director", "directora", "nombre del director"), required=False),
    Column(
        "director_email",
        "Correo del director",
        _words("correo del director", "correo director", "correo de la dirección", "director email"),
        required=False,
    ),
    Column("tutor_name", "Tutor", _words("tutor", "tutora", "nombre del tutor", "tutor construye t"), required=False),
    Column(
        "tutor_email",
        "Correo del tutor",
        _words("correo del tutor", "correo tutor", "tutor email"),
        required=False,
    ),
)

ROLE_WORDS: dict[str, str] = {
    **dict.fromkeys(
        _words("", "docente", "maestro", "maestra", "profesor", "profesora", "teacher", Role.TEACHER), Role.TEACHER
    ),
    **dict.fromkeys(
        _words("director", "directora", "directivo", "directiva", "director(a)", Role.DIRECTOR), Role.DIRECTOR
    ),
    **dict.fromkeys(_words("tutor", "tutora", "tutor construye t", "tutora construye t", Role.TUTOR), Role.TUTOR),
}

STATE_WORDS: dict[str, str] = {
    **{plain(state.label): state.value for state in State},
    **{str(int(state.value)): state.value for state in State},
    **{state.value: state.value for state in State},
    # The short names people write.
    **dict.fromkeys(_words("coahuila"), State.COAHUILA),
    **dict.fromkeys(_words("michoacán"), State.MICHOACAN),
    **dict.fromkeys(_words("veracruz"), State.VERACRUZ),
    **dict.fromkeys(_words("cdmx", "distrito federal", "df"), State.CIUDAD_DE_MEXICO),
    **dict.fromkeys(_words("estado de méxico", "edomex", "méxico"), State.MEXICO),
    **dict.fromkeys(_words("querétaro de arteaga"), State.QUERETARO),
}

LEVEL_WORDS: dict[str, str] = {
    **dict.fromkeys(
        _words(
            "básica",
            "educación básica",
            "preescolar",
            "primaria",
            "secundaria",
            "telesecundaria",
            "basic education",
            Level.BASICA,
        ),
        Level.BASICA,
    ),
    **dict.fromkeys(
        _words(
            "media superior",
            "educación media superior",
            "bachillerato",
            "bachillerato general",
            "bachillerato tecnológico",
            "preparatoria",
            "profesional técnico",
            "profesional técnico bachiller",
            "upper secondary education",
            Level.MEDIA_SUPERIOR,
        ),
        Level.MEDIA_SUPERIOR,
    ),
}

SHIFT_WORDS: dict[str, str] = {
    **dict.fromkeys(_words("matutino", "morning", Shift.MATUTINO), Shift.MATUTINO),
    **dict.fromkeys(_words("vespertino", "afternoon", Shift.VESPERTINO), Shift.VESPERTINO),
    **dict.fromkeys(_words("nocturno", "night", Shift.NOCTURNO), Shift.NOCTURNO),
    **dict.fromkeys(_words("discontinuo", "split", Shift.DISCONTINUO), Shift.DISCONTINUO),
    **dict.fromkeys(
        _words("tiempo completo", "continuo", "continuo (tiempo completo)", "jornada ampliada", "full time"),
        Shift.TIEMPO_COMPLETO,
    ),
    Shift.TIEMPO_COMPLETO: Shift.TIEMPO_COMPLETO,
}


@dataclass(frozen=True)
class Person:
    """Someone named by e-mail; the name is needed only for a new account."""

    full_name: str
    email: str


@dataclass(frozen=True)
class Tie:
    """A person to tie to a school in a role; `line` is the file's (0: a form)."""

    school_key: str  # the school's CCT
    full_name: str
    email: str
    role: str
    line: int = 0


@dataclass
class Written:
    """What a write did: ties made, accounts created, ties already in place."""

    added: int = 0
    new_accounts: int = 0
    skipped: int = 0
    resent: int = 0  # activation links sent again to people who never used theirs
    users: dict[str, User] = field(default_factory=dict)


# --- Checking one value ---------------------------------------------------------------------


def _quoted(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "…"


def name_problem(name: str) -> str | None:
    """Why this is not a person's name, or None."""
    if not name:
        return _("The name is empty.")
    if len(name) > NAME_MAX:
        return _("The name is longer than %(max)s characters.") % {"max": NAME_MAX}
    if name.startswith(FORMULA_START):
        return _("The name looks like a spreadsheet formula: write the name itself.")
    letters, digits = sum(char.isalpha() for char in name), sum(char.isdigit() for char in name)
    if letters < 2 or digits >= letters:
        return _("This does not look like a name: write the person's name and surnames.")
    return None


def email_problem(email: str) -> str | None:
    """Why this is not an e-mail address we can write to, or None."""
    if not email:
        return _("The e-mail address is empty.")
    if len(email) > EMAIL_MAX:
        return _("The e-mail address is too long.")
    try:
        validate_email(email)
    except ValidationError:
        return _("«%(email)s» is not a valid e-mail address.") % {"email": _quoted(email)}
    return None


def _role_from(value: str) -> str | None:
    return ROLE_WORDS.get(plain(value))


def _clean_name(value: str) -> str:
    return " ".join(str(value).split())


# --- Writing ties: the one path for a form and for a file --------------------------------------


def _write_ties(*, actor: User, ties: list[Tie], schools: dict[str, School]) -> Written:
    """Create the accounts that do not exist, tie everyone to their school in
    their role, mail each person once (an activation link to the new, a note to
    the others) and leave an audit row per new tie. No query per tie: one read
    of the accounts and one of the ties in place, then bulk inserts (in batches
    on SQLite); the caller holds the transaction."""
    written = Written()
    if not ties:
        return written
    emails = {tie.email for tie in ties}
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    names = {}
    for tie in ties:
        if tie.full_name:
            names.setdefault(tie.email, tie.full_name)
    new_users = [
        User(email=email, full_name=names.get(email, ""), password=make_password(None))
        for email in sorted(emails - users.keys())
    ]
    if new_users:
        User.objects.bulk_create(new_users)
        if any(user.pk is None for user in new_users):  # a backend that returns no ids
            new_users = list(User.objects.filter(email__in=[user.email for user in new_users]))
        users |= {user.email: user for user in new_users}
    created = {user.email for user in new_users}

    in_place = set(
        StaffMembership.objects.filter(
            school__in=[school.pk for school in schools.values()], user__email__in=emails
        ).values_list("user__email", "school_id", "role")
    )
    memberships, events, places = [], [], defaultdict(list)
    for tie in ties:
        school, user = schools[tie.school_key], users[tie.email]
        key = (tie.email, school.pk, tie.role)
        if key in in_place:
            written.skipped += 1
            continue
        in_place.add(key)
        memberships.append(StaffMembership(user=user, school=school, role=tie.role))
        events.append(
            event_row(
                school=school,
                person=user,
                actor=actor,
                verb=Event.Verb.STAFF_ADDED,
                subject=user.full_name,
                new=tie.role,
            )
        )
        places[tie.email].append((school, Role(tie.role).label))
    StaffMembership.objects.bulk_create(memberships)
    record_events(events)
    _mail_people(actor=actor, users=users, places=places, created=created)
    written.added, written.new_accounts, written.users = len(memberships), len(created), users
    return written


def _mail_people(*, actor: User, users: dict[str, User], places: dict, created: set[str]) -> None:
    """One e-mail per person, in Spanish whatever the language of the person who
    added them: an activation link for new accounts, a note for the others."""
    if not places:
        return
    with translation.override(settings.LANGUAGE_CODE):
        templates = {
            new: (get_template(f"communities/email/{name}_subject.txt"), get_template(f"communities/email/{name}.txt"))
            for new, name in ((True, "activation"), (False, "added_to_school"))
        }
        expires = formats.date_format(timezone.localtime(activation_expires()), "DATE_FORMAT")
        login = settings.SITE_URL + reverse("login")
        messages = []
        for email, held in places.items():
            user, new = users[email], email in created
            context = {
                "person": user,
                "actor": actor,
                "places": [{"school": school, "role": str(role)} for school, role in held],
                "link": activation_link(user) if new else login,
                "expires": expires,
            }
            subject, body = templates[new]
            messages.append(
                {"to": email, "subject": " ".join(subject.render(context).split()), "body": body.render(context)}
            )
    queue_emails(messages)


# --- One at a time -------------------------------------------------------------------------


def _existing_account_problem(user: User | None) -> str | None:
    if user is not None and not user.is_active:
        return _("The account with this e-mail address is deactivated. Ask the platform administrators.")
    return None


@transaction.atomic
def add_staff_member(*, actor: User, school: School, full_name: str, email: str, role: str) -> Written:
    """Tie one person to the school's staff in `role` (a new account gets an
    activation e-mail; an existing one is told). Directors add teachers and
    directors; platform admins also name tutors."""
    school = School.objects.select_for_update().get(pk=school.pk)
    access.require(actor, school, Need.STAFF)
    full_name, email = _clean_name(full_name), normalize_email_address(email)
    errors = {}
    if not access.grants_role(actor, school, role):
        errors["role"] = access.refusal_to_grant(role)
    if problem := email_problem(email):
        errors["email"] = problem
    user = User.objects.filter(email=email).first() if "email" not in errors else None
    if problem := _existing_account_problem(user):
        errors["email"] = problem
    elif user is None and (problem := name_problem(full_name)):
        errors["full_name"] = problem
    if errors:
        raise ValidationError(errors)
    if StaffMembership.objects.filter(user=user, school=school, role=role).exists():
        if user.awaits_activation:
            # The way to a new link for someone whose e-mail was lost or expired:
            # the password-reset form ignores accounts without a password.
            places = {email: [(school, Role(role).label)]}
            _mail_people(actor=actor, users={email: user}, places=places, created={email})
            return Written(skipped=1, resent=1, users={email: user})
        raise ValidationError(
            {
                "email": _("%(name)s is already on this school's staff as %(role)s.")
                % {"name": user, "role": Role(role).label}
            }
        )
    tie = Tie(school_key=school.cct, full_name=full_name, email=email, role=role)
    return _write_ties(actor=actor, ties=[tie], schools={school.cct: school})


@transaction.atomic
def create_school(
    *,
    actor: User,
    cct: str,
    name: str,
    state: str,
    municipality: str,
    level: str,
    shift: str,
    director: Person | None = None,
    tutor: Person | None = None,
) -> School:
    """Register a school (platform admins), and name its director and its
    Construye T tutor when given: by e-mail, with a name for a new account."""
    access.require_platform_staff(actor)
    school = School(
        cct=normalize_cct(cct),
        name=_clean_name(name),
        state=state,
        municipality=_clean_name(municipality),
        level=level,
        shift=shift,
    )
    school.full_clean()
    ties, errors = [], {}
    people = {"director": (director, Role.DIRECTOR), "tutor": (tutor, Role.TUTOR)}
    known = {
        user.email: user
        for user in User.objects.filter(email__in=[normalize_email_address(p.email) for p, _r in people.values() if p])
    }
    for prefix, (person, role) in people.items():
        if person is None:
            continue
        email, full_name = normalize_email_address(person.email), _clean_name(person.full_name)
        if problem := email_problem(email) or _existing_account_problem(known.get(email)):
            errors[f"{prefix}_email"] = problem
        elif email not in known and (problem := name_problem(full_name)):
            errors[f"{prefix}_name"] = _("No account has this e-mail address yet. %(problem)s") % {"problem": problem}
        ties.append(Tie(school_key=school.cct, full_name=full_name, email=email, role=role))
    if errors:
        raise ValidationError(errors)
    school.save()
    record_event(school=school, actor=actor, verb=Event.Verb.SCHOOL_REGISTERED, subject=str(school))
    _write_ties(actor=actor, ties=ties, schools={school.cct: school})
    return school


# --- Files ----------------------------------------------------------------------------------


@transaction.atomic
def start_staff_import(*, actor: User, school: School, upload) -> ImportRun:
    """Store a list of the school's staff and hand it to the worker."""
    access.require(actor, school, Need.STAFF)
    return _queue(ImportRun(kind=ImportRun.Kind.STAFF, school=school, uploaded_by=actor), upload)


@transaction.atomic
def start_school_import(*, actor: User, upload) -> ImportRun:
    """Store a list of schools (platform admins) and hand it to the worker."""
    access.require_platform_staff(actor)
    return _queue(ImportRun(kind=ImportRun.Kind.SCHOOLS, uploaded_by=actor), upload)


def _queue(run: ImportRun, upload) -> ImportRun:
    try:
        tables.validate_table_file(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    run.original_name = PurePath(upload.name or "").name[:200]
    run.file = upload
    run.save()
    from communities.tasks import run_import  # the tasks module imports this one

    enqueue(run_import, run.pk, dedup_key=f"import:{run.pk}")
    return run


def process_import(*, run_id: int) -> ImportRun | None:
    """Claim a queued import (or one whose worker died), check every row and,
    if all are good, write them in one transaction. None when another worker
    holds it or it is finished. The stored file is deleted once read."""
    now = timezone.now()
    running = [ImportRun.Status.CHECKING, ImportRun.Status.SAVING]
    claimable = Q(status=ImportRun.Status.QUEUED) | Q(status__in=running, started_at__lt=now - STALE_AFTER)
    claimed = ImportRun.objects.filter(claimable, pk=run_id).update(
        status=ImportRun.Status.CHECKING, started_at=now, processed=0
    )
    if not claimed:
        return None
    run = ImportRun.objects.select_related("school", "uploaded_by").get(pk=run_id)
    outcome: dict = {"status": ImportRun.Status.FAILED}
    # The reasons are kept as text, in the platform's language.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            outcome = _import(run)
        except PermissionDenied as refusal:
            outcome["errors"] = [{"line": 0, "reason": str(refusal)}]
        except Exception:
            logger.exception("Import %s failed", run_id)
            outcome["errors"] = [{"line": 0, "reason": _("Something went wrong on our side. Upload the file again.")}]
        finally:
            if run.file:
                run.file.delete(save=False)
    errors = outcome.pop("errors", [])
    ImportRun.objects.filter(pk=run_id).update(
        **outcome, errors=errors[:MAX_KEPT_ERRORS], error_count=len(errors), file="", finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def _import(run: ImportRun) -> dict:
    actor = run.uploaded_by
    if actor is None:
        reason = _("The account that uploaded this file no longer exists.")
        return {"status": ImportRun.Status.FAILED, "errors": [{"line": 0, "reason": reason}]}
    with run.file.open("rb") as stored:
        data = stored.read()
    columns = SCHOOL_COLUMNS if run.is_for_schools else STAFF_COLUMNS
    try:
        table = tables.read_table(data, run.original_name or run.file.name, columns)
    except tables.TableError as error:
        return {"status": ImportRun.Status.REJECTED, "errors": [{"line": error.line, "reason": error.message}]}
    ImportRun.objects.filter(pk=run.pk).update(total=len(table.rows))
    checked = _check_schools(run, table, actor) if run.is_for_schools else _check_staff(run, table, actor)
    if checked.errors:
        errors = sorted(checked.errors, key=lambda error: error["line"])
        return {"status": ImportRun.Status.REJECTED, "errors": errors, "processed": len(table.rows)}
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.SAVING, processed=len(table.rows))
    written = _write_checked(run, checked, actor)
    return {
        "status": ImportRun.Status.DONE,
        "processed": len(table.rows),
        "added": written.added,
        "new_accounts": written.new_accounts,
        "skipped": written.skipped,
    }


@dataclass
class _Checked:
    ties: list[Tie] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)  # to register
    known_schools: dict[str, School] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    already: int = 0  # rows of schools already registered with the same data

    def error(self, line: int, reason: str) -> None:
        self.errors.append({"line": line, "reason": reason})


def _progress(run: ImportRun, done: int) -> None:
    if done % PROGRESS_EVERY == 0:
        ImportRun.objects.filter(pk=run.pk).update(processed=done)


def _check_accounts(checked: _Checked) -> None:
    """One query for the accounts the file names: deactivated ones are refused;
    a new one needs a name on one of its rows (a tutor of several schools may
    be named once)."""
    users = {user.email: user for user in User.objects.filter(email__in=[tie.email for tie in checked.ties])}
    named = {tie.email for tie in checked.ties if tie.full_name}
    for tie in checked.ties:
        user = users.get(tie.email)
        if problem := _existing_account_problem(user):
            checked.error(tie.line, problem)
        elif user is None and tie.email not in named:
            checked.error(
                tie.line,
                _("No account has the e-mail address %(email)s yet. %(problem)s")
                % {"email": _quoted(tie.email), "problem": name_problem("")},
            )


def _check_staff(run: ImportRun, table: tables.Table, actor: User) -> _Checked:
    school = run.school
    access.require(actor, school, Need.STAFF)  # asked again: the upload may be a while ago
    checked = _Checked(known_schools={school.cct: school})
    granted = access.grantable_roles(actor, school)
    first_line: dict[str, int] = {}
    for done, row in enumerate(table.rows, start=1):
        problems = []
        full_name = _clean_name(row.values["full_name"])
        email = normalize_email_address(row.values["email"])
        role = _role_from(row.values.get("role", ""))
        if problem := name_problem(full_name):
            problems.append(problem)
        if problem := email_problem(email):
            problems.append(problem)
        elif email in first_line:
            problems.append(
                _("The e-mail address %(email)s is also on line %(line)s.")
                % {"email": _quoted(email), "line": first_line[email]}
            )
        else:
            first_line[email] = row.line
        if role is None:
            problems.append(
                _("Unknown role «%(role)s»: write docente or director.") % {"role": _quoted(row.values.get("role", ""))}
            )
        elif not access.grants_role(actor, school, role, granted=granted):
            problems.append(access.refusal_to_grant(role))
        for problem in problems:
            checked.error(row.line, problem)
        if not problems:
            checked.ties.append(Tie(school_key=school.cct, full_name=full_name, email=email, role=role, line=row.line))
        _progress(run, done)
    _check_accounts(checked)
    return checked


def _choice(words: dict[str, str], value: str) -> str | None:
    return words.get(plain(value))


def _check_school_row(row: tables.Row, checked: _Checked, first_line: dict[str, int]) -> School | None:
    values, problems = row.values, []
    cct = normalize_cct(values["cct"])[:20]
    try:
        validate_cct(cct)
    except ValidationError as error:
        problems.append(_("The CCT «%(cct)s» is not valid. %(why)s") % {"cct": _quoted(cct), "why": error.messages[0]})
        cct = ""
    state = _choice(STATE_WORDS, values["state"])
    if state is None:
        problems.append(
            _("Unknown state «%(state)s»: write its name or its INEGI code.") % {"state": _quoted(values["state"])}
        )
    elif cct and not cct.startswith(state):
        problems.append(
            _("The CCT %(cct)s begins with %(code)s, but %(state)s's code is %(state_code)s.")
            % {"cct": cct, "code": cct[:2], "state": State(state).label, "state_code": state}
        )
    name, municipality = _clean_name(values["name"]), _clean_name(values["municipality"])
    for value, empty, limit in (
        (name, _("The school's name is empty."), School._meta.get_field("name").max_length),
        (municipality, _("The municipality is empty."), School._meta.get_field("municipality").max_length),
    ):
        if not value:
            problems.append(empty)
        elif len(value) > limit:
            problems.append(
                _("«%(value)s» is longer than %(max)s characters.") % {"value": _quoted(value), "max": limit}
            )
    level, shift = _choice(LEVEL_WORDS, values["level"]), _choice(SHIFT_WORDS, values["shift"])
    if level is None:
        problems.append(
            _("Unknown level «%(level)s»: write básica or media superior.") % {"level": _quoted(values["level"])}
        )
    if shift is None:
        problems.append(
            _("Unknown shift «%(shift)s»: write matutino, vespertino, nocturno, discontinuo or tiempo completo.")
            % {"shift": _quoted(values["shift"])}
        )
    if cct and cct in first_line:
        problems.append(_("The CCT %(cct)s is also on line %(line)s.") % {"cct": cct, "line": first_line[cct]})
    elif cct:
        first_line[cct] = row.line
    for problem in problems:
        checked.error(row.line, problem)
    if problems:
        return None
    return School(cct=cct, name=name, state=state, municipality=municipality, level=level, shift=shift)


def _check_leaders(row: tables.Row, school: School, checked: _Checked) -> None:
    for prefix, role, without_email in (
        ("director", Role.DIRECTOR, _("Write the director's e-mail address too.")),
        ("tutor", Role.TUTOR, _("Write the tutor's e-mail address too.")),
    ):
        email = normalize_email_address(row.values.get(f"{prefix}_email", ""))
        full_name = _clean_name(row.values.get(f"{prefix}_name", ""))
        if not email:
            if full_name:
                checked.error(row.line, without_email)
            continue
        if problem := email_problem(email):
            checked.error(row.line, problem)
            continue
        if full_name and (problem := name_problem(full_name)):
            checked.error(row.line, problem)
            continue
        checked.ties.append(Tie(school_key=school.cct, full_name=full_name, email=email, role=role, line=row.line))


SAME_DATA = ("name", "state", "municipality", "level", "shift")


def _check_schools(run: ImportRun, table: tables.Table, actor: User) -> _Checked:
    access.require_platform_staff(actor)
    checked, first_line, candidates = _Checked(), {}, []
    for done, row in enumerate(table.rows, start=1):
        school = _check_school_row(row, checked, first_line)
        if school is not None:
            candidates.append((row, school))
            _check_leaders(row, school, checked)
        _progress(run, done)
    registered = {school.cct: school for school in School.objects.filter(cct__in=[s.cct for _r, s in candidates])}
    for row, school in candidates:
        known = registered.get(school.cct)
        if known is None:
            checked.schools.append(school)
            continue
        different = [
            str(School._meta.get_field(name).verbose_name)
            for name in SAME_DATA
            if plain(getattr(known, name)) != plain(getattr(school, name))
        ]
        if different:
            checked.error(
                row.line,
                _("A school with the CCT %(cct)s is already registered with a different %(fields)s.")
                % {"cct": school.cct, "fields": ", ".join(different)},
            )
        else:
            checked.already += 1
            checked.known_schools[school.cct] = known
    _check_accounts(checked)
    return checked


@transaction.atomic
def _write_checked(run: ImportRun, checked: _Checked, actor: User) -> Written:
    if run.is_for_schools:
        access.require_platform_staff(actor)
        schools = dict(checked.known_schools)
        if checked.schools:
            School.objects.bulk_create(checked.schools)
            if any(school.pk is None for school in checked.schools):
                checked.schools = list(School.objects.filter(cct__in=[school.cct for school in checked.schools]))
            schools |= {school.cct: school for school in checked.schools}
            record_events(
                event_row(school=school, actor=actor, verb=Event.Verb.SCHOOL_REGISTERED, subject=str(school))
                for school in checked.schools
            )
        written = _write_ties(actor=actor, ties=checked.ties, schools=schools)
        # Counted by school: a row is added when its school is new, skipped when
        # it was registered with the same data.
        return Written(added=len(checked.schools), new_accounts=written.new_accounts, skipped=checked.already)
    school = School.objects.select_for_update().get(pk=run.school_id)
    access.require(actor, school, Need.STAFF)
    return _write_ties(actor=actor, ties=checked.ties, schools={school.cct: school})
