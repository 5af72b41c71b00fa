"""What an edit on the administration site changed, as audit rows.

`admin.AuditedAdmin` calls these around every save and delete of its pages
(the form, its inlines, the list's editable columns, the delete action). A
person's account and a school's staff read in their own words (deactivated,
made a platform administrator, a role changed at a school); any other record
reads as "changed in the administration site", one row per field, with the
value before and after. Texts are written in the site's default language, as
the rest of the trail is; secrets (password hashes, token hashes) are never
written, only that they changed.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation

from communities.models import Community, Event, School, StaffMembership, User
from communities.models.events import YesNo
from communities.services.audit import event_row, record_event, record_events

SECRET_FIELDS = frozenset({"password", "token_hash", "code_hash"})
# Kept by the platform itself, not edited: a change of theirs is no one's act.
UNTRACKED_FIELDS = frozenset({"last_login", "date_joined", "created_at", "updated_at", "revision"})


@dataclass(frozen=True)
class Before:
    """A record as it stood in the database before the admin saved it."""

    instance: models.Model
    values: dict[str, str]


def before_saving(obj: models.Model) -> Before | None:
    """The stored row of `obj` (whose form already holds the new values), or
    None for a row not saved yet."""
    if obj.pk is None:
        return None
    stored = type(obj)._base_manager.filter(pk=obj.pk).first()
    return None if stored is None else Before(stored, _values(stored))


def record_saved(*, actor: User, obj: models.Model, before: Before | None) -> list[Event]:
    """The audit rows of one record added (`before` None) or changed in the admin."""
    with translation.override(settings.LANGUAGE_CODE):
        if before is None:
            rows = _added(actor, obj)
        else:
            changed = _changed_fields(obj, before.values, _values(obj))
            rows = _changed(actor, obj, before.instance, changed) if changed else []
    return record_events(rows)


def record_deleted(*, actor: User, obj: models.Model) -> list[Event]:
    """The audit row of a record about to be deleted in the admin; it names
    what is left (the school, the person), never the row that goes."""
    with translation.override(settings.LANGUAGE_CODE):
        rows = _deleted(actor, obj)
    return record_events(rows)


def record_password_set(*, actor: User, person: User) -> Event:
    """An administrator set a person's password on the admin's password page."""
    return record_event(person=person, actor=actor, verb=Event.Verb.ACCOUNT_CHANGED, subject="password")


# --- Values -------------------------------------------------------------------------------------


def _tracked(obj: models.Model):
    for field in obj._meta.concrete_fields:
        if field.editable and not field.primary_key and field.name not in UNTRACKED_FIELDS:
            yield field


def _values(obj: models.Model) -> dict[str, str]:
    values = {field.name: _shown(obj, field) for field in _tracked(obj)}
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            values[field.name] = ", ".join(sorted(str(related) for related in getattr(obj, field.name).all()))
    return values


def _shown(obj: models.Model, field: models.Field) -> str:
    """A field's value as it reads: a choice's label, a related record's name,
    yes or no. A secret keeps its raw value here only to tell that it changed."""
    value = getattr(obj, field.attname)
    if value is None:
        return ""
    if isinstance(field, models.ForeignKey):
        return str(getattr(obj, field.name))
    if isinstance(field, models.BooleanField):
        return YesNo.YES if value else YesNo.NO
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _changed_fields(obj: models.Model, before: dict[str, str], after: dict[str, str]) -> list[tuple[str, str, str]]:
    return [(name, before.get(name, ""), value) for name, value in after.items() if before.get(name, "") != value]


def _label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _record_name(obj: models.Model) -> str:
    return f"{str(obj._meta.verbose_name).capitalize()}: {obj}"


def _place(obj: models.Model) -> dict:
    """Where a record's event goes: its community or its school, when it has
    one; none for the platform's own catalogue."""
    for name, model in (("community", Community), ("school", School)):
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.ForeignKey) and field.related_model is model:
            return {name: getattr(obj, name)}
    return {}


# --- Rows, by kind of record -------------------------------------------------------------------


def _added(actor: User, obj: models.Model) -> list[Event]:
    match obj:
        case User():
            return [event_row(person=obj, actor=actor, verb=Event.Verb.ACCOUNT_CREATED, subject=obj.full_name)]
        case StaffMembership():
            return [_staff_row(actor, obj, Event.Verb.STAFF_ADDED, new=obj.role)]
        case School():
            return [event_row(school=obj, actor=actor, verb=Event.Verb.SCHOOL_REGISTERED, subject=str(obj))]
    return [event_row(**_place(obj), actor=actor, verb=Event.Verb.ADMIN_ADDED, subject=_record_name(obj))]


def _changed(actor: User, obj: models.Model, before: models.Model, changed: list) -> list[Event]:
    match obj:
        case User():
            return [_account_row(actor, obj, name, old, new) for name, old, new in changed if name not in SECRET_FIELDS]
        case StaffMembership():
            if (before.user_id, before.school_id) != (obj.user_id, obj.school_id):  # moved: out of one, into another
                return [
                    _staff_row(actor, before, Event.Verb.STAFF_REMOVED, old=before.role),
                    _staff_row(actor, obj, Event.Verb.STAFF_ADDED, new=obj.role),
                ]
            return [_staff_row(actor, obj, Event.Verb.STAFF_ROLE_CHANGED, old=before.role, new=obj.role)]
    place = {"school": obj} if isinstance(obj, School) else _place(obj)
    return [
        event_row(
            **place,
            actor=actor,
            verb=Event.Verb.ADMIN_CHANGED,
            subject=f"{_record_name(obj)} · {_label(type(obj), name)}",
            old="" if name in SECRET_FIELDS else old,
            new="" if name in SECRET_FIELDS else new,
        )
        for name, old, new in changed
    ]


def _deleted(actor: User, obj: models.Model) -> list[Event]:
    if isinstance(obj, StaffMembership):
        return [_staff_row(actor, obj, Event.Verb.STAFF_REMOVED, old=obj.role)]
    place = {} if isinstance(obj, User | School) else _place(obj)
    return [event_row(**place, actor=actor, verb=Event.Verb.ADMIN_DELETED, subject=_record_name(obj))]


# What a yes/no field of an account turning on or off reads as.
ACCOUNT_SWITCHES = {
    "is_active": (Event.Verb.ACCOUNT_REACTIVATED, Event.Verb.ACCOUNT_DEACTIVATED),
    "is_staff": (Event.Verb.PLATFORM_ADMIN_GRANTED, Event.Verb.PLATFORM_ADMIN_REVOKED),
}


def _account_row(actor: User, person: User, name: str, old: str, new: str) -> Event:
    if name in ACCOUNT_SWITCHES:
        on, off = ACCOUNT_SWITCHES[name]
        return event_row(person=person, actor=actor, verb=on if new == YesNo.YES else off, subject=person.full_name)
    return event_row(person=person, actor=actor, verb=Event.Verb.ACCOUNT_CHANGED, subject=name, old=old, new=new)


def _staff_row(actor: User, tie: StaffMembership, verb: Event.Verb, old: str = "", new: str = "") -> Event:
    return event_row(
        school=tie.school, person=tie.user, actor=actor, verb=verb, subject=tie.user.full_name, old=old, new=new
    )
