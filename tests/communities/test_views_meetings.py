"""Meetings, agreements and participation pages: what people see and do, bad
input on the page, and fixed query counts. Who gets which answer on each page
is in test_role_matrix.py."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Agreement, Meeting, SessionRole
from communities.services import meetings as services
from communities.services.goals import record_progress
from tests.communities.conftest import meeting_url
from tests.conftest import held, join, more_teachers, schedule

pytestmark = pytest.mark.django_db


def test_the_relator_records_even_as_a_teacher(client, scene):
    cas, teacher, past = scene["cas"], scene["teacher"], scene["past"]
    services.assign_session_roles(actor=cas.director, meeting=past, people={SessionRole.Kind.MINUTES: teacher})
    client.force_login(teacher)
    response = client.post(meeting_url("minutes", scene), {"minutes": "Acta de la relatora"})
    assert response.status_code == 302
    past.refresh_from_db()
    assert past.minutes == "Acta de la relatora"


def test_a_meeting_of_another_community_is_404(client, scene, school, director, tutor):
    from communities.services.communities import create_community

    other = create_community(actor=director, school=school, school_year="2031-2032", tutor=tutor)
    client.force_login(director)
    url = reverse("communities:meeting", args=[other.pk, scene["past"].pk])
    assert client.get(url).status_code == 404


# --- Bad input on the page ----------------------------------------------------------


def test_end_before_start_is_shown_next_to_the_field(client, cas):
    client.force_login(cas.director)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("communities:meeting_create", args=[cas.pk]),
        {"purpose": "X", "date": tomorrow, "starts": "14:00", "ends": "13:00", "place": "Aula"},
    )
    assert response.status_code == 200
    assert "La sesión debe terminar después de empezar." in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_meeting_in_the_past_is_refused(client, cas):
    client.force_login(cas.director)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("communities:meeting_create", args=[cas.pk]),
        {"purpose": "X", "date": yesterday, "starts": "13:00", "ends": "14:00", "place": "Aula"},
    )
    assert "La sesión no puede empezar en el pasado." in response.content.decode()
    assert not Meeting.objects.exists()


def test_attendance_for_someone_outside_the_cas_changes_nothing(client, scene, outsider):
    client.force_login(scene["cas"].director)
    response = client.post(meeting_url("attendance", scene), {f"person_{outsider.pk}": "present"})
    # The form only has fields for members: the stranger's value is ignored and
    # members without a value are required.
    assert response.status_code == 400
    assert not scene["past"].attendance.exists()


def test_an_agreement_owner_outside_the_cas_is_refused(client, scene, outsider):
    client.force_login(scene["cas"].director)
    data = {"text": "Algo", "owner": outsider.pk, "due": "30"}
    response = client.post(meeting_url("agreement_add", scene), data)
    assert response.status_code == 400
    assert "Elige a un integrante de esta CAS de la lista." in response.content.decode()
    assert scene["past"].agreements.count() == 1


def test_quick_due_dates_count_15_and_30_days_from_the_meeting(client, scene):
    client.force_login(scene["cas"].director)
    client.post(meeting_url("agreement_add", scene), {"text": "A quince", "owner": scene["teacher"].pk, "due": "15"})
    client.post(meeting_url("agreement_add", scene), {"text": "A treinta", "owner": scene["teacher"].pk, "due": "30"})
    day = timezone.localtime(scene["past"].starts_at).date()
    dates = dict(Agreement.objects.values_list("text", "due_date"))
    assert dates["A quince"] == day + timedelta(days=15)
    assert dates["A treinta"] == day + timedelta(days=30)


def test_agreements_board_puts_overdue_first(client, scene):
    cas, teacher, past = scene["cas"], scene["teacher"], scene["past"]
    day = timezone.localdate()
    services.add_agreement(
        actor=cas.director, meeting=past, text="Para después", owner=teacher, due_date=day + timedelta(9)
    )
    overdue = services.add_agreement(
        actor=cas.director, meeting=past, text="Ya vencido", owner=teacher, due_date=day - timedelta(days=1)
    )
    assert overdue.is_overdue
    client.force_login(teacher)
    html = client.get(meeting_url("agreements", scene)).content.decode()
    assert html.index("Ya vencido") < html.index("Traer evidencias") < html.index("Para después")


def test_participation_counts_attendance_and_agreements(client, scene):
    cas, teacher, past = scene["cas"], scene["teacher"], scene["past"]
    services.record_attendance(
        actor=cas.director,
        meeting=past,
        statuses={cas.director.pk: "present", cas.tutor.pk: "excused", teacher.pk: "absent"},
    )
    services.set_agreement_status(actor=teacher, agreement=scene["agreement"], status=Agreement.Status.DONE)
    client.force_login(cas.tutor)
    response = client.get(meeting_url("participation", scene))
    rows = {row.person: row for row in response.context["rows"]}
    assert (rows[teacher].absent, rows[teacher].agreements_done, rows[teacher].agreements_total) == (1, 1, 1)
    assert rows[cas.tutor].excused == 1


# --- Query counts -----------------------------------------------------------------------


def _grow(cas, school, teacher):
    for extra in more_teachers(school, 3):
        join(cas, extra)
    for n in range(4):
        meeting = held(schedule(cas, purpose=f"Sesión {n}"), days_ago=10 + n)
        for k in range(3):
            services.add_agreement(
                actor=cas.director,
                meeting=meeting,
                text=f"Acuerdo {n}-{k}",
                owner=teacher,
                due_date=timezone.localdate(),
            )
        services.record_attendance(actor=cas.director, meeting=meeting, statuses={teacher.pk: "present"})
    for n in range(3):
        schedule(cas, days=5 + n, purpose=f"Próxima {n}")


@pytest.mark.parametrize(
    ("page", "limit"),
    [("meetings", 7), ("meeting", 14), ("agreements", 7), ("goals", 9), ("goal", 8), ("participation", 8)],
)
def test_pages_take_a_fixed_number_of_queries(client, scene, school, page, limit, django_assert_max_num_queries):
    client.force_login(scene["cas"].director)
    url = meeting_url(page, scene)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
    _grow(scene["cas"], school, scene["teacher"])
    for value in (42, 45, 50):
        record_progress(
            actor=scene["teacher"], goal=scene["goal"], value=Decimal(value), recorded_on=timezone.localdate()
        )
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_the_scheduler_reorders_the_agenda_and_names_the_roles(client, scene):
    cas, teacher, upcoming = scene["cas"], scene["teacher"], scene["upcoming"]
    first = services.add_agenda_item(actor=teacher, meeting=upcoming, title="Primero")
    second = services.add_agenda_item(actor=teacher, meeting=upcoming, title="Segundo")
    client.force_login(cas.director)
    move = reverse("communities:agenda_move", args=[cas.pk, upcoming.pk, second.pk])
    client.post(move, {"direction": "up"})
    order = list(upcoming.agenda.values_list("pk", flat=True))
    assert order.index(second.pk) == order.index(first.pk) - 1
    roles = reverse("communities:roles_assign", args=[cas.pk, upcoming.pk])
    response = client.post(roles, {"moderation": cas.tutor.pk, "minutes": teacher.pk, "timekeeping": ""})
    assert response.status_code == 302
    assert dict(upcoming.roles.values_list("kind", "person_id")) == {"moderation": cas.tutor.pk, "minutes": teacher.pk}
    stranger = client.post(roles, {"moderation": 999999})
    assert "Elige a un integrante de esta CAS de la lista." in stranger.content.decode()
    client.force_login(teacher)
    assert client.post(move, {"direction": "down"}).status_code == 403
