"""Every table of the project that holds a person is covered by a
`extensions.PersonalData` part (so it is in the person's download and is
cleared by their anonymisation), or is listed here with the reason it is not.

A table holds a person when it refers to a user (a foreign key, one-to-one or
many-to-many to AUTH_USER_MODEL), has an e-mail column, or has free text (a
text or JSON column, a character column without choices): what people type
is personal data unless it is shown here not to be. A new model with any of
these fails `test_every_table_with_a_person_is_covered` until a part names it
or it is listed below."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from communities import extensions
from communities.models import Event
from communities.personal_data import pseudonym_for
from communities.services import audit
from communities.services.audit import record_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Text that is nobody's personal data: catalogues, configuration, the platform's own.
NOT_PERSONAL = {
    "auth.Permission": "Django's permission names",
    "auth.Group": "names of groups of permissions",
    "contenttypes.ContentType": "names of the project's tables",
    "django_celery_beat.CrontabSchedule": "when periodic jobs run",
    "django_celery_beat.PeriodicTask": "the jobs beat runs and their arguments (ids, never people)",
    "communities.School": "a school's official data (name, CCT, municipality), public",
    "communities.SkillDimension": "the Construye T catalogue",
    "communities.Skill": "the Construye T catalogue",
    "communities.TeachingDimension": "the catalogue of dimensions of teaching practice",
    "communities.ReflectionPrompt": "the journal's questions, written by the platform",
    "communities.Strategy": "the Construye T strategies catalogue",
    "communities.QueuedTask": "a task's name and ids of the work, and a broker's error",
    "diagnostics.Instrument": "the diagnostic's instrument",
    "diagnostics.Dimension": "the instrument's dimensions",
    "diagnostics.Item": "the instrument's statements",
    "workshops.WorkshopTemplate": "the SEP workshop's template",
    "workshops.TemplateSpace": "the template's work spaces",
    "workshops.Moment": "the template's moments",
    "workshops.AssessmentAxis": "the template's self-assessment axes",
    "workshops.WorkshopSession": "the title of a session of the workshop's programme",
}

# Personal, and handled without a part of its own.
EXEMPT = {
    "diagnostics.AccessCode": "anonymous by design: a hash and the answers in progress, tied to no person",
    "otp_static.StaticToken": "a recovery code: deleted with its device (otp_static.StaticDevice, in the account part)",
}


def _user_references(model) -> list[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        field.name
        for field in [*model._meta.concrete_fields, *model._meta.local_many_to_many]
        if field.is_relation and field.related_model is user_model
    ]


def _free_text(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField | models.JSONField | models.EmailField)
        or (isinstance(field, models.CharField) and not field.choices and not isinstance(field, models.SlugField))
    ]


def _covered() -> dict[type, list[str]]:
    parts: dict[type, list[str]] = {}
    for part in extensions.personal_data_parts():
        for model in part.models:
            parts.setdefault(model, []).append(part.code)
    return parts


def test_every_table_with_a_person_is_covered():
    covered = _covered()
    missing = []
    for model in apps.get_models():
        label = model._meta.label
        if model in covered or label in EXEMPT:
            continue
        if _user_references(model):
            missing.append(f"{label}: refers to a person ({', '.join(_user_references(model))})")
        elif _free_text(model) and label not in NOT_PERSONAL:
            missing.append(f"{label}: free text ({', '.join(_free_text(model))})")
    assert missing == [], "Add these to a PersonalData part, or say here why they hold no one:\n" + "\n".join(missing)


def test_the_lists_name_tables_that_exist_and_are_not_covered_twice():
    labels = {model._meta.label for model in apps.get_models()}
    covered = {model._meta.label for model in _covered()}
    assert set(NOT_PERSONAL) <= labels and set(EXEMPT) <= labels
    assert not covered & (set(NOT_PERSONAL) | set(EXEMPT))
    for model in _covered():
        assert model._meta.label in labels, f"{model._meta.label} is named by a part but not installed"
    assert all(not _user_references(apps.get_model(label)) for label in NOT_PERSONAL)


def test_the_third_party_tables_and_the_account_events_are_covered():
    """The second factor's devices, the sign-in records, sessions, the admin's
    log, and Event.person (what was done to a person's account)."""
    account = {model._meta.label for model in extensions.registry.personal_data["account"].models}
    assert {
        "otp_totp.TOTPDevice",
        "otp_static.StaticDevice",
        "axes.AccessAttempt",
        "axes.AccessLog",
        "axes.AccessFailureLog",
        "sessions.Session",
        "admin.LogEntry",
        "communities.User",
    } <= account
    assert "person" in _user_references(Event) and Event in _covered()


def test_every_part_exports_and_anonymises_a_person():
    """Each part gives records for a person and clears them, core and satellites."""
    person = UserFactory(email="parte@escuela.test", full_name="Paula Parte Prueba")
    TOTPDevice.objects.create(user=person, name="Teléfono", confirmed=True)
    StaticDevice.objects.create(user=person, name="Códigos", confirmed=True)
    record_event(person=person, actor=person, verb=Event.Verb.PASSWORD_CHANGED)
    parts = extensions.personal_data_parts()
    assert {"account", "schools", "meetings", "work", "journal", "practices", "activity", "diagnostic", "workshop"} <= {
        part.code for part in parts
    }
    exported = {part.code: part.export(person) for part in parts}
    assert all(isinstance(records, list) for records in exported.values())
    kinds = {record["Registro"] for record in exported["account"]}
    assert {"Perfil", "Segundo factor"} <= kinds
    assert any(record["Qué"] == "cambió la contraseña" for record in exported["activity"])
    with transaction.atomic(), audit.anonymising():
        for part in parts:
            part.anonymise(person, pseudonym_for(person))
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticDevice.objects.filter(user=person).exists()
