"""The platform's state and national figures: the counts on a small known data
set, small groups not shown, who sees the page, bad input, a fixed number of
queries, and the CSV and XLSX built in the background (once while building,
with every section, formulas neutralised, a failure shown with its reason)."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from communities import extensions, figures_export
from communities.figures import SUPPRESSED, figures
from communities.models import Attendance, Community, Meeting, Phase, Reflection, Report, Visibility
from communities.models.schools import State
from communities.services.communities import create_community
from communities.services.meetings import record_attendance
from communities.services.reports import request_report
from tests.conftest import held, join, schedule
from tests.factories import SchoolFactory, StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "communities:staff_figures"
EXPORT = "communities:staff_figures_export"


def _staff(school, role):
    person = UserFactory()
    StaffMembershipFactory(user=person, school=school, role=role)
    return person


def _cas_in(state: State, *, teachers: int, cct: str, phase: Phase = Phase.INTEGRATION) -> Community:
    """A school of the state with its CAS and `teachers` members."""
    school = SchoolFactory(state=state, cct=cct)
    director, tutor = _staff(school, "director"), _staff(school, "tutor")
    community = create_community(actor=director, school=school, school_year="2026-2027", tutor=tutor)
    for _n in range(teachers):
        join(community, _staff(school, "teacher"))
    if phase != Phase.INTEGRATION:
        Community.objects.filter(pk=community.pk).update(phase=phase)
    return community


def _wrote(community, author, *, days_ago: int, visibility=Visibility.PRIVATE) -> Reflection:
    return Reflection.objects.create(
        community=community,
        author=author,
        title="Lo que vi hoy",
        body="Texto",
        written_on=timezone.localdate() - timedelta(days=days_ago),
        visibility=visibility,
    )


@pytest.fixture
def oaxaca():
    """Oaxaca: a CAS in Desarrollo with five teachers, three of whom wrote in
    the last 30 days (one privately), one 40 days ago; a session held two days
    ago (five of seven present), one 40 days ago, a cancelled and an upcoming one."""
    community = _cas_in(State.OAXACA, teachers=5, cct="20DST0001A", phase=Phase.DEVELOPMENT)
    teachers = [membership.teacher for membership in community.memberships.select_related("teacher")]
    _wrote(community, teachers[0], days_ago=0, visibility=Visibility.COMMUNITY)
    _wrote(community, teachers[0], days_ago=3)
    _wrote(community, teachers[1], days_ago=29)
    _wrote(community, teachers[2], days_ago=10, visibility=Visibility.TUTOR)
    _wrote(community, teachers[3], days_ago=40)
    recent = held(schedule(community, purpose="Sesión reciente"), days_ago=2)
    statuses = {person.pk: Attendance.Status.PRESENT for person in teachers[:4]}
    statuses |= {
        teachers[4].pk: Attendance.Status.EXCUSED,
        community.director_id: Attendance.Status.PRESENT,
        community.tutor_id: Attendance.Status.ABSENT,
    }
    record_attendance(actor=community.director, meeting=recent, statuses=statuses)
    old = held(schedule(community, purpose="Sesión antigua"), days_ago=40)
    record_attendance(actor=community.director, meeting=old, statuses={community.director_id: "present"})
    cancelled = held(schedule(community, purpose="Sesión cancelada"), days_ago=5)
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
    schedule(community, purpose="Sesión próxima")
    return community


def _row(data, state: State):
    return next(row for row in data.rows if row.state == state)


# --- The figures --------------------------------------------------------------------------------


def test_communities_are_counted_per_state_and_phase(cas, oaxaca):
    closed = _cas_in(State.OAXACA, teachers=0, cct="20DST0002B")
    Community.objects.filter(pk=closed.pk).update(closed_at=timezone.now())
    data = figures()
    assert [row.state for row in data.rows] == [State.JALISCO, State.OAXACA]  # in the states' order
    assert dict(_row(data, State.JALISCO).counts)[Phase.INTEGRATION] == 1
    assert dict(_row(data, State.OAXACA).counts) == {
        Phase.INTEGRATION: 0,
        Phase.DEVELOPMENT: 1,
        Phase.DISSEMINATION: 0,
        Phase.CONCLUDED: 0,
    }
    assert data.total.total == 2
    assert data.schools == 3 and data.schools_with_cas == 2


def test_participation_counts_the_last_30_days(cas, oaxaca):
    participation = _row(figures(), State.OAXACA).participation
    assert participation.teachers == 5
    assert participation.writers == 3  # private entries count too: counted, never read
    assert participation.writers_share == 60
    assert participation.sessions == 1  # not the old one, the cancelled one nor the upcoming one
    assert (participation.recorded, participation.present) == (7, 5)
    assert participation.attendance_rate == 71


def test_a_share_of_fewer_than_5_is_not_shown(cas, oaxaca):
    _wrote(cas, cas.memberships.get().teacher, days_ago=1)
    jalisco = _row(figures(), State.JALISCO).participation
    assert (jalisco.teachers, jalisco.writers) == (1, 1)
    assert jalisco.writers_share is None and jalisco.writers_shown is None
    assert jalisco.attendance_rate is None
    national = figures().total.participation
    assert national.teachers == 6 and national.writers_share == 67


def test_one_state_s_figures(cas, oaxaca):
    data = figures(State.OAXACA.value)
    assert data.state == State.OAXACA
    assert [row.state for row in data.rows] == [State.OAXACA]
    assert data.total.total == 1 and data.total.participation.teachers == 5
    assert data.schools == 1
    empty = figures(State.YUCATAN.value)
    assert [row.state for row in empty.rows] == [State.YUCATAN]
    assert empty.total.total == 0 and empty.total.participation.teachers == 0


# --- The page ---------------------------------------------------------------------------------


def test_only_platform_administrators_see_the_figures(client, teacher, director, tutor, admin_user, cas):
    url = reverse(PAGE)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for person in (teacher, director, tutor):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(reverse(EXPORT), {"format": "csv", "state": ""}).status_code == 403
    assert not Report.objects.exists()
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_the_page_draws_charts_with_their_tables(client, admin_user, cas, oaxaca):
    client.force_login(admin_user)
    html = client.get(reverse(PAGE)).content.decode()
    assert html.count('role="img"') >= 3  # per phase, who wrote, attendance
    assert 'id="phases-chart-title"' in html and "<title" in html
    assert "Oaxaca" in html and "Jalisco" in html
    assert "60 %" in html and "71 %" in html  # in the charts and the table
    assert str(SUPPRESSED) in html  # Jalisco's one teacher
    assert reverse("communities:staff_figures") in client.get(reverse("communities:staff_overview")).content.decode()


def test_the_page_shows_one_state(client, admin_user, cas, oaxaca):
    client.force_login(admin_user)
    html = client.get(reverse(PAGE), {"state": State.OAXACA.value}).content.decode()
    assert '<th scope="row">Oaxaca</th>' in html
    assert '<th scope="row">Jalisco</th>' not in html
    assert 'name="state" value="20"' in html  # the downloads are of that state


def test_the_satellites_sections_are_drawn(client, admin_user, cas, monkeypatch):
    section = extensions.Section(
        title="Sección de prueba", columns=["Cosa", "Valor"], rows=[["Una", "3"]], note="Nota.", bars=[("Una", 3, 4)]
    )
    added = extensions.ReportSection(document="figures", section=lambda state: section, order=99)
    monkeypatch.setattr(extensions.registry, "report_sections", [*extensions.registry.report_sections, added])
    client.force_login(admin_user)
    html = client.get(reverse(PAGE)).content.decode()
    assert "Sección de prueba" in html and "Nota." in html
    assert 'aria-labelledby="section-chart-' in html


@pytest.mark.parametrize(
    "params",
    [{"state": "99"}, {"state": "<script>alert(1)</script>"}, {"state": "x" * 100_000}, {"state": "nul\x00byte"}],
)
def test_an_unknown_state_gets_a_message_next_to_the_field(client, admin_user, cas, params):
    client.force_login(admin_user)
    response = client.get(reverse(PAGE), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "<script>alert(1)</script>" not in html
    assert 'id="downloads"' not in html  # no figures under a rejected filter


def _more_communities(count: int) -> None:
    for number in range(count):
        state = [State.CHIAPAS, State.OAXACA, State.YUCATAN][number % 3]
        community = _cas_in(state, teachers=2, cct=f"{state.value}DST{number:04d}C")
        for membership in community.memberships.select_related("teacher"):
            _wrote(community, membership.teacher, days_ago=1)
        meeting = held(schedule(community), days_ago=3)
        record_attendance(actor=community.director, meeting=meeting, statuses={community.director_id: "present"})


@pytest.mark.parametrize("params", [{}, {"state": State.OAXACA.value}])
def test_the_page_takes_a_fixed_number_of_queries(client, admin_user, cas, params, django_assert_max_num_queries):
    client.force_login(admin_user)
    request_report(actor=admin_user, kind=figures_export.FIGURES_CSV, subject=figures_export.subject(""))
    # The session and the user, the figures (seven), the diagnostic's section (one
    # without a closed application; three with, tests/diagnostics/test_figures.py),
    # the latest report of each format and the unread notices: 12 here, 14 at most.
    with django_assert_max_num_queries(14):
        assert client.get(reverse(PAGE), params).status_code == 200
    _more_communities(6)
    with django_assert_max_num_queries(14):
        assert client.get(reverse(PAGE), params).status_code == 200


# --- The files --------------------------------------------------------------------------------


def test_the_csv_is_asked_for_once_while_it_builds(client, admin_user, cas):
    client.force_login(admin_user)
    for _n in range(2):  # the build waits for the commit
        response = client.post(reverse(EXPORT), {"format": "csv", "state": ""})
        assert response.status_code == 302
        assert response["Location"] == reverse(PAGE) + "#downloads"
    report = Report.objects.get()
    assert (report.kind, report.subject) == (figures_export.FIGURES_CSV, "figures:national")
    assert report.school_id is None and report.community_id is None
    html = client.get(reverse(PAGE)).content.decode()
    assert reverse("communities:report_status", args=[report.pk]) in html  # htmx follows it
    assert "hx-trigger" in html


def test_the_csv_has_every_table_and_downloads(client, admin_user, cas, oaxaca, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(EXPORT), {"format": "csv", "state": State.OAXACA.value})
    assert response["Location"] == reverse(PAGE) + "?state=20#downloads"
    report = Report.objects.get(subject="figures:20")
    assert report.is_ready and report.filename.startswith("cifras-20-")
    html = client.get(reverse(PAGE), {"state": "20"}).content.decode()
    download = reverse("communities:report_download", args=[report.pk])
    assert download in html
    content = b"".join(client.get(download).streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(content)))
    titles = [line[0] for line in lines if len(line) == 1]
    assert _("Communities per state and phase") in titles
    assert _("Schools") in titles
    assert [] in lines  # the sections are apart
    assert ["Oaxaca", "5", "3", "60", "1", "7", "71"] in lines
    assert not any(line[:1] == ["Jalisco"] for line in lines)


def test_the_xlsx_has_a_sheet_per_table(admin_user, cas, oaxaca, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = request_report(actor=admin_user, kind=figures_export.FIGURES_XLSX, subject="figures:national")
    report.refresh_from_db()
    assert report.is_ready and report.filename.endswith(".xlsx")
    with report.file.open("rb") as file:
        book = load_workbook(io.BytesIO(file.read()))
    assert len(book.sheetnames) >= 3
    assert len(set(book.sheetnames)) == len(book.sheetnames)
    participation = book[book.sheetnames[1]]
    rows = [list(row) for row in participation.iter_rows(values_only=True)]
    assert ["Oaxaca", 5, 3, 60, 1, 7, 71] in rows  # numbers as numbers
    jalisco = next(row for row in rows if row[0] == "Jalisco")
    assert jalisco[2] == str(SUPPRESSED)


def test_cells_that_would_be_formulas_are_neutralised(admin_user, cas, monkeypatch):
    section = extensions.Section(
        title="Peligro", columns=["Nombre", "Valor"], rows=[['=HYPERLINK("http://x")', "-2.5"], ["@SUM(A1)", "+1"]]
    )
    added = extensions.ReportSection(document="figures", section=lambda state: section, order=99)
    monkeypatch.setattr(extensions.registry, "report_sections", [*extensions.registry.report_sections, added])
    lines = list(csv.reader(io.StringIO(figures_export.figures_csv("").decode("utf-8-sig"))))
    assert ['\'=HYPERLINK("http://x")', "-2.5"] in lines
    assert ["'@SUM(A1)", "'+1"] in lines
    book = load_workbook(io.BytesIO(figures_export.figures_xlsx("")))
    rows = [list(row) for row in book["Peligro"].iter_rows(values_only=True)]
    assert ['\'=HYPERLINK("http://x")', -2.5] in rows
    assert all(cell.data_type != "f" for row in book["Peligro"].iter_rows() for cell in row)


def test_a_failed_build_shows_falló_and_why(client, admin_user, cas, monkeypatch, django_capture_on_commit_callbacks):
    def broken(state):
        raise RuntimeError("sin disco")

    monkeypatch.setattr(figures_export, "figures_xlsx", broken)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(EXPORT), {"format": "xlsx", "state": ""})
    report = Report.objects.get()
    assert report.is_failed and "RuntimeError" in report.failure
    html = client.get(reverse(PAGE)).content.decode()
    assert str(Report.Status.FAILED.label) in html
    assert report.failure in html
    # Asked again, it is built anew.
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(EXPORT), {"format": "xlsx", "state": ""})
    assert Report.objects.filter(status=Report.Status.READY).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"format": "pdf", "state": ""},
        {"format": "csv", "state": "99"},
        {"format": "", "state": ""},
        {"state": "14"},
        {"format": "x" * 10_000, "state": "<script>"},
    ],
)
def test_a_bad_export_request_queues_nothing(client, admin_user, cas, data):
    client.force_login(admin_user)
    response = client.post(reverse(EXPORT), data, follow=True)
    assert response.status_code == 200
    assert not Report.objects.exists()
    assert 'role="alert"' in response.content.decode() or response.context["messages"]


def test_the_export_is_post_only(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse(EXPORT)).status_code == 405


def test_a_figures_report_names_its_state(admin_user):
    report = Report(kind=figures_export.FIGURES_CSV, subject="figures:99")
    with pytest.raises(ValueError):
        figures_export.state_of(report)
    assert figures_export.state_of(Report(subject="figures:national")) == ""
    with pytest.raises(ValidationError):
        request_report(actor=admin_user, kind="no-such-kind", subject="figures:national")
