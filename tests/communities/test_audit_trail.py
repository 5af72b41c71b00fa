"""The audit trail people can read (issue 13, point 3): every change to
memberships, roles, phases, goals, the diagnostic, norms, the workshop's
products and a person's settings leaves a row with who, when, and the value
before and after, through the services and through Django admin; platform
administrators read all of it with filters, a director their school's, each
person what was done to their account; and nobody changes or deletes a row."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from communities.models import Event, School, SessionRole, Skill, StaffMembership, TeachingDimension
from communities.models.delivery import Channel
from communities.models.journal import NoticeKind
from communities.services import audit
from communities.services.delivery import preference_kinds, set_preferences, unsubscribe_token
from communities.services.goals import record_progress, set_goal
from communities.services.meetings import assign_session_roles
from communities.services.membership import leave_community
from communities.services.onboarding import add_staff_member
from communities.services.phases import request_phase_change
from communities.services.proposals import propose, vote_on_proposal
from diagnostics.models import Instrument, InstrumentVersion
from tests.conftest import complete_phase, more_teachers, require, schedule
from tests.factories import StaffMembershipFactory, UserFactory
from tests.workshops.conftest import open_space, template, workshop  # noqa: F401 - fixtures
from workshops.models import WorkSpace
from workshops.services import lupa, runs

pytestmark = pytest.mark.django_db

Verb = Event.Verb
# The teacher's line of joining the CAS as a page shows it (not the filter's option).
JOINED_LINE = "</span> se integró a la CAS: Teresa Docente Ramírez"


def _last(verb, **where) -> Event:
    return Event.objects.filter(verb=verb, **where).latest("pk")


# --- Coverage: through the services ---------------------------------------------------------------


def test_a_cas_formed_names_its_director_and_tutor_on_their_own_trail(cas, director, tutor):
    assert _last(Verb.DIRECTOR_NAMED, community=cas).person == director
    assert _last(Verb.TUTOR_NAMED, community=cas).person == tutor


def test_joining_and_leaving_the_cas_are_on_the_teachers_trail(cas, teacher):
    assert _last(Verb.INVITED, community=cas).person == teacher
    assert _last(Verb.JOINED, community=cas).person == teacher
    leave_community(actor=teacher, community=cas)
    left = _last(Verb.LEFT, community=cas)
    assert (left.person, left.actor, left.subject) == (teacher, teacher, teacher.full_name)


def test_a_person_added_to_the_staff_is_named_with_their_role(school, director):
    add_staff_member(actor=director, school=school, full_name="Nadia Nueva", email="nadia@escuela.test", role="teacher")
    event = _last(Verb.STAFF_ADDED, school=school)
    assert (event.person.email, event.actor, event.change_display) == ("nadia@escuela.test", director, "Docente")


def test_a_session_role_names_the_person_before_and_after(cas, director, teacher):
    meeting = schedule(cas)
    assign_session_roles(actor=director, meeting=meeting, people={SessionRole.Kind.MINUTES: teacher})
    assign_session_roles(actor=director, meeting=meeting, people={SessionRole.Kind.MINUTES: director})
    event = _last(Verb.SESSION_ROLE_ASSIGNED, community=cas)
    assert (event.person, event.change_display) == (director, f"{teacher.full_name} → {director.full_name}")


def test_the_phase_request_reads_from_one_phase_to_the_next(cas, director):
    complete_phase(cas)
    request_phase_change(actor=director, community=cas)
    assert _last(Verb.PHASE_REQUESTED, community=cas).change_display == "Integración → Desarrollo e implementación"


def test_a_norm_adopted_reads_from_open_to_adopted(cas, director, teacher):
    norm = propose(actor=director, community=cas, text="Empezamos a tiempo.")
    vote_on_proposal(actor=teacher, proposal=norm, choice="agree")
    assert _last(Verb.ADOPTED, community=cas).change_display == "Abierta a opiniones → Adoptada"


def test_a_goals_progress_keeps_the_value_before_and_after(cas, director, teacher, skills):
    goal = set_goal(
        actor=director,
        community=cas,
        statement="Más colaboración en 2° A",
        skill=Skill.objects.first(),
        indicator="Sesiones con trabajo en equipo",
        unit="sesiones",
        baseline=Decimal("2"),
        target=Decimal("8"),
        due_date=timezone.localdate() + timedelta(days=90),
        owner=teacher,
    )
    record_progress(actor=teacher, goal=goal, value=Decimal("4"), recorded_on=timezone.localdate())
    assert _last(Verb.GOAL_PROGRESS, community=cas).change_display == "2 → 4"


def test_a_workshop_product_is_audited_at_the_school(school, director, workshop):  # noqa: F811
    run = open_space(workshop, WorkSpace.HUELLA_COLECTIVA, director)
    runs.save_synthesis(actor=director, run=run, text="Una huella compartida.", based_on=run.revision)
    synthesis = Event.objects.filter(school=school, verb="workshop_synthesis").get()
    assert (synthesis.actor, synthesis.change_display) == (director, "Una huella compartida.")
    open_space(workshop, WorkSpace.PRACTICA_BAJO_LA_LUPA, director)
    lupa.add_problem(
        actor=director,
        workshop=workshop,
        title="La participación de las familias",
        description="",
        dimensions=TeachingDimension.objects.all()[:1],
    )
    assert Event.objects.filter(school=school, verb="workshop_problem").get().subject == (
        "La participación de las familias"
    )


# --- Coverage: a person's own settings, through their pages -----------------------------------------


def test_the_language_a_person_chooses_is_on_their_trail(client, teacher):
    client.force_login(teacher)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    event = _last(Verb.ACCOUNT_CHANGED, person=teacher)
    assert (event.subject, event.old_value, event.new_value) == ("language", "es-mx", "en")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert Event.objects.filter(verb=Verb.ACCOUNT_CHANGED, person=teacher).count() == 1  # nothing changed


def test_notice_preferences_leave_a_row_per_change(client, teacher):
    client.force_login(teacher)
    data = {"digest_hour": "18"} | {f"kind_{kind}": Channel.APP for kind, _label in preference_kinds()}
    data[f"kind_{NoticeKind.PROPOSAL}"] = Channel.DIGEST
    assert client.post(reverse("notice_preferences"), data).status_code == 302
    hour = _last(Verb.ACCOUNT_CHANGED, person=teacher, subject="digest_hour")
    assert (hour.subject_display, hour.change_display) == ("Hora del resumen diario", "07:00 → 18:00")
    proposal = _last(Verb.NOTICES_CHANGED, person=teacher, subject=NoticeKind.PROPOSAL)
    assert proposal.subject_display == "Propuesta por votar"
    assert proposal.new_value == Channel.DIGEST


def test_the_unsubscribe_link_is_on_the_trail_of_its_person(client, teacher):
    set_preferences(actor=teacher, channels={NoticeKind.MINUTES: Channel.EMAIL}, digest_hour=7)
    client.get(reverse("unsubscribe", args=[unsubscribe_token(teacher, NoticeKind.MINUTES)]))
    event = _last(Verb.NOTICES_CHANGED, person=teacher)
    assert (event.actor, event.subject, event.new_value) == (teacher, NoticeKind.MINUTES, Channel.APP)


# --- Coverage: Django admin ----------------------------------------------------------------------------


def _admin_data(response) -> dict:
    """What the admin's change page would post back as it stands: the main
    form's values and every inline's management form and rows."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = str(value)
        for row in formset.initial_forms:
            for name in row.fields:
                value = row[name].value()
                if value is not None and not isinstance(value, bool):
                    data[row.add_prefix(name)] = str(value)
                elif value:
                    data[row.add_prefix(name)] = "on"
    return data


def test_admin_changes_to_an_account_read_in_words(client, admin_user, teacher):
    client.force_login(admin_user)
    url = reverse("admin:communities_user_change", args=[teacher.pk])
    data = _admin_data(client.get(url))
    data |= {"full_name": "Teresa Docente Ramírez López", "is_staff": "on"}
    data.pop("is_active")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    name = _last(Verb.ACCOUNT_CHANGED, person=teacher)
    assert (name.actor, name.subject_display) == (admin_user, "Nombre completo")
    assert name.change_display == "Teresa Docente Ramírez → Teresa Docente Ramírez López"
    assert _last(Verb.ACCOUNT_DEACTIVATED, person=teacher).actor == admin_user
    assert _last(Verb.PLATFORM_ADMIN_GRANTED, person=teacher).actor == admin_user


def test_a_staff_role_changed_and_removed_in_the_admin_is_on_the_trail(client, admin_user, school, teacher):
    tie = teacher.staff_memberships.get()
    client.force_login(admin_user)
    url = reverse("admin:communities_staffmembership_change", args=[tie.pk])
    data = _admin_data(client.get(url)) | {"role": StaffMembership.Role.DIRECTOR}
    assert client.post(url, data).status_code == 302
    changed = _last(Verb.STAFF_ROLE_CHANGED, school=school)
    assert (changed.person, changed.change_display) == (teacher, "Docente → Director(a)")
    delete = reverse("admin:communities_staffmembership_delete", args=[tie.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    removed = _last(Verb.STAFF_REMOVED, school=school)
    assert (removed.person, removed.actor, removed.old_value) == (teacher, admin_user, StaffMembership.Role.DIRECTOR)


def test_a_staff_inline_on_the_persons_page_is_audited(client, admin_user, school, teacher):
    client.force_login(admin_user)
    url = reverse("admin:communities_user_change", args=[teacher.pk])
    data = _admin_data(client.get(url))
    tie = teacher.staff_memberships.get()
    row = next(key for key, value in data.items() if key.endswith("-id") and value == str(tie.pk))
    data[row.replace("-id", "-DELETE")] = "on"
    assert client.post(url, data).status_code == 302
    assert not teacher.staff_memberships.exists()
    assert _last(Verb.STAFF_REMOVED, school=school).person == teacher


def test_a_catalogue_edit_in_the_admin_names_who_made_it(client, admin_user, skills):
    skill = Skill.objects.first()
    client.force_login(admin_user)
    url = reverse("admin:communities_skill_change", args=[skill.pk])
    data = _admin_data(client.get(url)) | {"name": "Autoconocimiento emocional"}
    assert client.post(url, data).status_code == 302
    event = _last(Verb.ADMIN_CHANGED)
    assert (event.actor, event.community, event.school, event.person) == (admin_user, None, None, None)
    assert event.subject.endswith("· nombre")
    assert event.new_value == "Autoconocimiento emocional"


def test_an_instrument_published_from_the_admin_is_on_the_trail(client, admin_user):
    draft = InstrumentVersion.objects.filter(status=InstrumentVersion.Status.DRAFT).first()
    if draft is None:  # the migration installs a published one: draft from it as the admin would
        published = InstrumentVersion.objects.first()
        client.force_login(admin_user)
        changelist = reverse("admin:diagnostics_instrumentversion_changelist")
        client.post(changelist, {"action": "make_new_draft", "_selected_action": [published.pk]})
        draft = InstrumentVersion.objects.get(status=InstrumentVersion.Status.DRAFT)
        assert _last("diagnostic_version_drafted").actor == admin_user
    client.force_login(admin_user)
    changelist = reverse("admin:diagnostics_instrumentversion_changelist")
    client.post(changelist, {"action": "publish_drafts", "_selected_action": [draft.pk]})
    assert _last("diagnostic_version_published").subject == str(InstrumentVersion.objects.get(pk=draft.pk))
    url = reverse("admin:diagnostics_instrument_change", args=[Instrument.objects.first().pk])
    data = _admin_data(client.get(url)) | {"name": "Diagnóstico del Ambiente Escolar (2026)"}
    assert client.post(url, data).status_code == 302
    assert _last(Verb.ADMIN_CHANGED).new_value == "Diagnóstico del Ambiente Escolar (2026)"


# --- Reading: the platform's page ------------------------------------------------------------------


@pytest.fixture
def two_schools(cas, school, director, teacher, outsider, other_school):
    """Events at both schools, and a person-only one (a language change)."""
    StaffMembershipFactory(user=UserFactory(full_name="Ofelia Otra"), school=other_school, role="director")
    add_staff_member(actor=director, school=school, full_name="Nadia Nueva", email="nadia@escuela.test", role="teacher")
    audit.record_event(
        person=teacher, actor=teacher, verb=Verb.ACCOUNT_CHANGED, subject="language", old="es-mx", new="en"
    )
    audit.record_event(school=other_school, actor=outsider, verb=Verb.SCHOOL_REGISTERED, subject=str(other_school))
    return cas


def test_platform_admins_read_the_whole_trail_in_words(client, admin_user, two_schools, teacher):
    client.force_login(admin_user)
    html = client.get(reverse("communities:staff_audit")).content.decode()
    assert "Telesecundaria Benito Juárez" in html
    assert "cambió la cuenta: Idioma" in html
    assert "Español (México) → Inglés" in html
    assert JOINED_LINE in html


@pytest.mark.parametrize(
    "query, seen, unseen",
    [
        ({"verb": Verb.STAFF_ADDED}, "Nadia Nueva", "Teresa Docente Ramírez"),
        ({"actor": "oscar@otra"}, "Telesecundaria", "Nadia Nueva"),
        ({"person": "Teresa"}, JOINED_LINE, "Nadia Nueva"),
        ({"school": "14ETV0042B"}, "Telesecundaria", "Nadia Nueva"),
        ({"school": "técnica no. 118"}, "Nadia Nueva", "Telesecundaria"),
    ],
)
def test_the_platforms_filters_select_the_lines(client, admin_user, two_schools, query, seen, unseen):
    client.force_login(admin_user)
    response = client.get(reverse("communities:staff_audit"), query)
    html = response.content.decode()
    assert response.status_code == 200
    assert seen in html
    assert unseen not in html


def test_the_date_filter_takes_whole_days_in_central_mexico(client, admin_user, two_schools):
    client.force_login(admin_user)
    today = timezone.localdate().isoformat()
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.get(reverse("communities:staff_audit"), {"since": today, "until": today})
    assert "Nadia Nueva" in response.content.decode()
    response = client.get(reverse("communities:staff_audit"), {"until": yesterday})
    assert "Ninguna entrada coincide con estos filtros." in response.content.decode()


def test_the_community_filter_keeps_one_cas(client, admin_user, two_schools):
    client.force_login(admin_user)
    html = client.get(reverse("communities:staff_audit"), {"community": two_schools.pk}).content.decode()
    assert JOINED_LINE in html
    assert "Nadia Nueva" not in html
    # The filter travels with the next search and says which CAS it keeps.
    assert f'type="hidden" name="community" value="{two_schools.pk}"' in html
    assert f'<span class="badge text-bg-light border">{two_schools}</span>' in html


@pytest.mark.parametrize(
    "query, message",
    [
        ({"since": "1" + "0" * 30}, "Escribe la fecha como AAAA-MM-DD, por ejemplo 2026-01-08."),
        ({"since": "9999-12-31"}, "Elige un día entre 2000 y 2100."),
        ({"since": "2026-02-01", "until": "2026-01-01"}, "El último día no puede ser anterior al primero."),
        ({"verb": "deleted_everything"}, "Seleccione una opción válida."),
        ({"actor": "ana\x00"}, "Caracteres nulos no están permitidos."),
        ({"person": "x" * 201}, "Busca con un máximo de 200 caracteres."),
        ({"community": "9" * 30}, "Seleccione una opción válida."),
    ],
)
def test_bad_filters_answer_400_with_a_message_and_no_rows(client, admin_user, two_schools, query, message):
    client.force_login(admin_user)
    response = client.get(reverse("communities:staff_audit"), query)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Nadia Nueva" not in html


# --- Reading: a school's director ---------------------------------------------------------------------


def test_a_director_reads_their_schools_trail_and_not_what_is_only_a_persons(client, director, two_schools, school):
    client.force_login(director)
    html = client.get(reverse("communities:school_audit", args=[school.pk])).content.decode()
    assert "Nadia Nueva" in html  # the school's staff
    assert JOINED_LINE in html  # its CAS
    assert "Telesecundaria" not in html  # another school
    assert "Idioma" not in html  # a teacher's own setting


def test_a_director_filters_by_one_of_the_schools_cas(client, director, two_schools, school):
    client.force_login(director)
    url = reverse("communities:school_audit", args=[school.pk])
    html = client.get(url, {"community": two_schools.pk}).content.decode()
    assert JOINED_LINE in html
    assert "Nadia Nueva" not in html
    other_cas = client.get(url, {"community": "999999"})
    assert other_cas.status_code == 400


@pytest.mark.parametrize("who, status", [("teacher", 403), ("tutor", 403), ("outsider", 404)])
def test_the_schools_trail_is_its_directors(client, request, school, two_schools, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("communities:school_audit", args=[school.pk])).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, school):
    for url in (
        reverse("communities:staff_audit"),
        reverse("communities:school_audit", args=[school.pk]),
        reverse("account_activity"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_platforms_trail_is_closed_to_school_staff(client, director):
    client.force_login(director)
    assert client.get(reverse("communities:staff_audit")).status_code == 403


# --- Reading: a person's own account --------------------------------------------------------------


def test_each_person_reads_what_was_done_to_their_account(client, teacher, director, two_schools):
    client.force_login(teacher)
    html = client.get(reverse("account_activity")).content.decode()
    assert "invitó a un docente" in html  # the director's invitation, about them
    assert "cambió la cuenta: Idioma" in html
    assert "Nadia Nueva" not in html  # someone else's
    client.force_login(director)
    assert "Idioma" not in client.get(reverse("account_activity")).content.decode()


# --- Fixed query counts --------------------------------------------------------------------------------


def _grow_the_trail(school, director, count):
    people = more_teachers(school, count, start=100 + Event.objects.count())
    for person in people:
        audit.record_event(school=school, person=person, actor=director, verb=Verb.STAFF_ADDED, new="teacher")
        audit.record_event(person=person, actor=person, verb=Verb.ACCOUNT_CHANGED, subject="language", new="en")


@pytest.mark.parametrize(
    "who, url",
    [
        ("admin_user", lambda school: reverse("communities:staff_audit") + "?school=118&verb=staff_added"),
        ("director", lambda school: reverse("communities:school_audit", args=[school.pk])),
        ("teacher", lambda school: reverse("account_activity")),
    ],
)
def test_each_trail_page_costs_the_same_queries_at_two_sizes(
    client, request, school, director, teacher, cas, who, url, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(who))
    _grow_the_trail(school, director, 3)
    for person in (teacher,):
        audit.record_event(person=person, actor=director, verb=Verb.ACCOUNT_CHANGED, subject="email", new="x@y.test")
    with django_assert_max_num_queries(12) as small:
        assert client.get(url(school)).status_code == 200
    _grow_the_trail(school, director, 60)
    for _ in range(60):
        audit.record_event(person=teacher, actor=director, verb=Verb.ACCOUNT_CHANGED, subject="email", new="x@y.test")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(school)).status_code == 200


# --- Immutability --------------------------------------------------------------------------------------


def test_the_event_admin_is_read_only_even_for_a_superuser(client, admin_user, cas):
    event = Event.objects.filter(community=cas).first()
    client.force_login(admin_user)
    assert client.get(reverse("admin:communities_event_add")).status_code == 403
    assert client.get(reverse("admin:communities_event_delete", args=[event.pk])).status_code == 403
    change = reverse("admin:communities_event_change", args=[event.pk])
    assert client.post(change, {"subject": "otra cosa"}).status_code == 403
    changelist = reverse("admin:communities_event_changelist")
    response = client.get(changelist)
    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()
    client.post(changelist, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"})
    event.refresh_from_db()
    assert event.subject != "otra cosa"
    request = RequestFactory().get(changelist)
    request.user = admin_user
    assert "delete_selected" not in admin.site._registry[Event].get_actions(request)


def test_the_model_refuses_to_change_or_delete_an_event(cas):
    event = Event.objects.filter(community=cas).first()
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).update(subject="otra cosa")
    with pytest.raises(TypeError):
        Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(TypeError):
        event.delete()
    event.subject = "otra cosa"
    with pytest.raises(TypeError):
        event.save()
    assert Event.objects.get(pk=event.pk).subject != "otra cosa"


def test_anonymising_rewrites_only_the_texts(cas, teacher):
    event = _last(Verb.JOINED, community=cas)
    with audit.anonymising():
        Event.objects.filter(pk=event.pk).update(subject="Persona 7F3A")
        with pytest.raises(TypeError):
            Event.objects.filter(pk=event.pk).update(verb=Verb.LEFT)
        with pytest.raises(TypeError):
            Event.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert (event.subject, event.verb, event.person) == ("Persona 7F3A", Verb.JOINED, teacher)
    with pytest.raises(TypeError):  # and only inside the block
        Event.objects.filter(pk=event.pk).update(subject="otra cosa")


def test_a_school_or_person_with_a_history_is_not_deleted_in_the_admin(client, admin_user, school, cas, teacher):
    client.force_login(admin_user)
    for url in (
        reverse("admin:communities_school_delete", args=[school.pk]),
        reverse("admin:communities_user_delete", args=[teacher.pk]),
    ):
        response = client.post(url, {"post": "yes"})
        assert response.status_code == 200  # the page listing what protects it
    assert School.objects.filter(pk=school.pk).exists()
    assert Event.objects.filter(community=cas).exists()


# --- PostgreSQL's trigger -----------------------------------------------------------------------------


def _sql(statement: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.postgres
def test_postgresql_refuses_update_and_delete_outside_anonymising(cas, teacher, director):
    require(connection.vendor == "postgresql", "PostgreSQL")
    event = _last(Verb.JOINED, community=cas)
    for statement, params in (
        ("UPDATE communities_event SET subject = %s WHERE id = %s", ["otra cosa", event.pk]),
        ("UPDATE communities_event SET created_at = created_at - interval '1 day' WHERE id = %s", [event.pk]),
        ("DELETE FROM communities_event WHERE id = %s", [event.pk]),
    ):
        with pytest.raises(IntegrityError, match="append-only"):
            _sql(statement, params)
    with audit.anonymising():
        _sql("UPDATE communities_event SET subject = %s WHERE id = %s", ["Persona 7F3A", event.pk])
    with audit.anonymising(), pytest.raises(IntegrityError, match="append-only"):
        _sql("UPDATE communities_event SET actor_id = %s WHERE id = %s", [director.pk, event.pk])
    with audit.anonymising(), pytest.raises(IntegrityError, match="append-only"):
        _sql("DELETE FROM communities_event WHERE id = %s", [event.pk])
    with audit.backdating():
        _sql("UPDATE communities_event SET created_at = created_at - interval '1 day' WHERE id = %s", [event.pk])
    with audit.backdating(), pytest.raises(IntegrityError, match="append-only"):
        _sql("UPDATE communities_event SET subject = %s WHERE id = %s", ["otra cosa", event.pk])
    event.refresh_from_db()
    assert (event.subject, event.actor, event.person) == ("Persona 7F3A", teacher, teacher)
    with pytest.raises(IntegrityError, match="append-only"):  # the setting ended with its block
        _sql("UPDATE communities_event SET subject = %s WHERE id = %s", ["otra cosa", event.pk])
