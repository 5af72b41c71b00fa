"""Personal-data rights (derechos ARCO, LGPDPPSO): a person asks, a platform
administrator answers, and a cancellation is carried out by anonymising the
person everywhere (`anonymise_person`)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from communities import access, extensions
from communities.models import DataRequest, Event, Notification, User
from communities.personal_data import anonymous_address, pseudonym_for
from communities.services import audit, notices
from communities.services.audit import record_event

NOTICE_ANSWER_LENGTH = 160  # of the answer quoted in the person's notice

Kind = DataRequest.Kind
Status = DataRequest.Status


def _request_key(data_request: DataRequest) -> str:
    return f"data_request:{data_request.pk}"


# --- Requests ----------------------------------------------------------------------------------------


@transaction.atomic
def request_data_change(*, actor: User, kind: str, details: str) -> DataRequest:
    """The person asks to access, rectify, cancel or oppose (one open request
    per right at a time); the platform's administrators get a notice."""
    return _file_request(actor=actor, person=actor, kind=kind, details=details)


@transaction.atomic
def record_data_request(*, actor: User, person: User, kind: str, details: str) -> DataRequest:
    """A platform administrator types in a request that came by letter or
    e-mail, for the person who sent it."""
    access.require_platform_staff(actor)
    return _file_request(actor=actor, person=person, kind=kind, details=details)


def _file_request(*, actor: User, person: User, kind: str, details: str) -> DataRequest:
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose one of the rights offered.")})
    details = details.strip()
    if not details:
        raise ValidationError({"details": _("Tell us what you ask for.")})
    User.objects.select_for_update().filter(pk=person.pk).first()  # two quick posts make one request
    if DataRequest.objects.of_person(person).open().filter(kind=kind).exists():
        raise ValidationError({"kind": _("You already have a request of this kind waiting for an answer.")})
    data_request = DataRequest.objects.create(person=person, kind=kind, details=details)
    record_event(person=person, actor=actor, verb=Event.Verb.DATA_REQUESTED, subject=data_request.get_kind_display())
    notices.notify_all(
        recipients=access.platform_administrators(),
        kind=Notification.Kind.DATA_REQUEST,
        key=_request_key(data_request),
        message=lambda: (
            _("New personal-data request (%(right)s): answer it within 20 working days.") % {"right": Kind(kind).label}
        ),
        url=reverse("admin:communities_datarequest_change", args=[data_request.pk]),
        actor=actor,
    )
    return data_request


def _lock_open_request(actor: User, data_request: DataRequest) -> DataRequest:
    access.require_platform_staff(actor)
    data_request = DataRequest.objects.select_for_update().select_related("person").get(pk=data_request.pk)
    if not data_request.is_open:
        raise ValidationError(_("This request was already answered."))
    return data_request


def _close(actor: User, data_request: DataRequest, *, status: str, resolution: str) -> None:
    data_request.status = status
    data_request.resolution = resolution
    data_request.handled_by = actor
    data_request.handled_at = timezone.now()
    data_request.save(update_fields=["status", "resolution", "handled_by", "handled_at", "updated_at"])
    record_event(
        person=data_request.person,
        actor=actor,
        verb=Event.Verb.DATA_REQUEST_ANSWERED,
        subject=data_request.get_kind_display(),
        old=Status.RECEIVED.label,
        new=data_request.get_status_display(),
    )
    notices.resolve(keys=[_request_key(data_request)])


def answer_problems(data_request: DataRequest, *, status: str, resolution: str) -> dict[str, str]:
    """Why this answer cannot be given, per field (none: it can)."""
    problems = {}
    if status not in (Status.DONE, Status.REFUSED):
        problems["status"] = _("Choose «Done» or «Not granted».")
    elif data_request.kind == Kind.CANCELLATION and status == Status.DONE:
        problems["status"] = _(
            "A cancellation is carried out with the action «Anonymise the person», which also answers it."
        )
    if not resolution.strip():
        problems["resolution"] = _("Write the answer the person will read.")
    return problems


@transaction.atomic
def answer_data_request(*, actor: User, data_request: DataRequest, status: str, resolution: str) -> DataRequest:
    """A platform administrator answers: done (after correcting, say, the name in
    the admin) or not granted, with the answer the person reads on «Mis datos»
    and in their notice. A cancellation is done with `carry_out_cancellation`."""
    data_request = _lock_open_request(actor, data_request)
    resolution = resolution.strip()
    if problems := answer_problems(data_request, status=status, resolution=resolution):
        raise ValidationError(problems)
    _close(actor, data_request, status=status, resolution=resolution)
    person, kind_label = data_request.person, Kind(data_request.kind).label
    notices.notify(
        recipient=person,
        kind=Notification.Kind.DATA_REQUEST,
        key=f"data_request_answer:{data_request.pk}",
        message=lambda: (
            _("Your request (%(right)s) was answered: %(status)s. %(answer)s")
            % {
                "right": kind_label,
                "status": Status(status).label,
                "answer": Truncator(resolution).chars(NOTICE_ANSWER_LENGTH),
            }
        ),
        url=reverse("my_data"),
    )
    return data_request


@transaction.atomic
def carry_out_cancellation(*, actor: User, data_request: DataRequest) -> "Anonymisation":
    """Anonymise the person who asked for the cancellation and answer the
    request. No e-mail follows: their address is no longer held."""
    data_request = _lock_open_request(actor, data_request)
    if data_request.kind != Kind.CANCELLATION:
        raise ValidationError(_("Only a cancellation request is carried out by anonymising the person."))
    outcome = anonymise_person(actor=actor, person=data_request.person)
    data_request.person = outcome.person
    _close(
        actor,
        data_request,
        status=Status.DONE,
        resolution=_("Your data was cancelled: the account was closed and your name replaced by a pseudonym."),
    )
    return outcome


# --- Anonymisation -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Anonymisation:
    """What `anonymise_person` did. `name_left_in_text`: the name was a single
    word or another account bears it, so copies in free text (which cannot be
    told apart) were left; every copy of the address was replaced."""

    person: User
    pseudonym: str
    texts_changed: int = 0
    already: bool = False
    name_left_in_text: bool = False


def text_fields(model: type[models.Model]) -> list[models.Field]:
    """The columns of `model` that may hold a copy of a name or an address:
    free text and JSON (columns with choices hold codes)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and not field.choices
        and not field.primary_key
    ]


def _replace(value, patterns: list[tuple[re.Pattern, str]]):
    """`value` with every pattern replaced, strings inside JSON included."""
    if isinstance(value, str):
        for pattern, replacement in patterns:
            value = pattern.sub(replacement, value)
        return value
    if isinstance(value, list):
        return [_replace(item, patterns) for item in value]
    if isinstance(value, dict):
        return {_replace(key, patterns): _replace(item, patterns) for key, item in value.items()}
    return value


def replace_in_texts(*, models_: Iterable[type[models.Model]], replacements: dict[str, str]) -> int:
    """Replace each text (case aside, a name only as whole words) by its
    replacement in every text column of `models_`: one query per table to find
    the rows, one UPDATE per row that changes. Returns the rows changed."""
    patterns = []
    for text, replacement in replacements.items():
        edge = r"(?<!\w)" if "@" not in text else ""
        patterns.append((re.compile(edge + re.escape(text) + (r"(?!\w)" if edge else ""), re.IGNORECASE), replacement))
    changed = 0
    for model in models_:
        fields = text_fields(model)
        if not fields:
            continue
        found = Q()
        for field in fields:
            for text in replacements:
                found |= Q(**{f"{field.name}__icontains": text})
                if isinstance(field, models.JSONField):  # SQLite keeps JSON with \u escapes
                    escaped = text.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00")
                    found |= Q(**{f"{field.name}__icontains": escaped})
        names = [field.name for field in fields]
        for row in model._base_manager.filter(found).values("pk", *names):
            update = {}
            for field in fields:
                new = _replace(row[field.name], patterns)
                if new != row[field.name]:
                    update[field.name] = new[: field.max_length] if field.max_length and isinstance(new, str) else new
            if update:
                model._default_manager.filter(pk=row["pk"]).update(**update)
                changed += 1
    return changed


def _name_is_replaceable(person: User) -> bool:
    """A name of one word, or one another account bears, cannot be told apart
    from other people's in free text: replacing it would change their content."""
    name = person.full_name.strip()
    return len(name.split()) > 1 and not User.objects.filter(full_name__iexact=name).exclude(pk=person.pk).exists()


def anonymise_person(*, actor: User, person: User) -> Anonymisation:
    """Carry out a cancellation: every satellite's and the core's part deletes
    what is only the person's; every copy of their name and address in the
    tables the parts name (the audit trail included) becomes the pseudonym;
    the account keeps its row (so counts and other people's content stay)
    with the pseudonym, an address nobody receives, no password, inactive,
    every session ended. Atomic; a second run changes nothing."""
    access.require_platform_staff(actor)
    with audit.anonymising():  # one transaction; the only path by which events' texts change
        person = User.objects.select_for_update().get(pk=person.pk)
        pseudonym = pseudonym_for(person)
        if person.anonymised_at is not None:
            return Anonymisation(person=person, pseudonym=pseudonym, already=True)
        parts = extensions.personal_data_parts()
        for part in parts:
            part.anonymise(person, pseudonym)
        replacements = {person.email: anonymous_address(person)}
        name_replaceable = _name_is_replaceable(person)
        if name_replaceable:
            replacements[person.full_name] = pseudonym
        tables = {model for part in parts for model in part.models if model is not User}
        changed = replace_in_texts(
            models_=sorted(tables, key=lambda model: model._meta.label), replacements=replacements
        )
        User.objects.filter(pk=person.pk).update(
            full_name=pseudonym,
            email=anonymous_address(person),
            password=make_password(None),
            is_active=False,
            is_staff=False,
            is_superuser=False,
            anonymised_at=timezone.now(),
            session_epoch=F("session_epoch") + 1,  # any session left ends on its next request
        )
        person.groups.clear()
        person.user_permissions.clear()
        person.refresh_from_db()
        record_event(person=person, actor=actor, verb=Event.Verb.PERSON_ANONYMISED, subject=pseudonym)
    return Anonymisation(
        person=person, pseudonym=pseudonym, texts_changed=changed, name_left_in_text=not name_replaceable
    )
