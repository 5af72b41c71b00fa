"""The diagnostic's pages: who sees them, bad input answered with a message,
the codes downloaded once as PDF slips or a CSV list, and fixed query counts."""

import base64
import csv
import io
import re
import zlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import StaffMembership
from diagnostics.models import AccessCode, Audience, Campaign, hash_code
from diagnostics.services import issue_codes, name_paper_capturer, open_campaign
from diagnostics.slips import SLIPS_PER_PAGE
from tests.diagnostics.conftest import campaign_arguments
from tests.factories import StaffMembershipFactory

pytestmark = pytest.mark.django_db

TOO_BIG = "99999999999999999999"
HUGE_TEXT = "x" * 100_000
NUL = "12\x0034"


def _list(school) -> str:
    return reverse("diagnostics:campaigns", args=[school.pk])


def _create(school) -> str:
    return reverse("diagnostics:campaign_create", args=[school.pk])


def _detail(campaign) -> str:
    return reverse("diagnostics:campaign", args=[campaign.pk])


def _codes(campaign) -> str:
    return reverse("diagnostics:campaign_codes", args=[campaign.pk])


def _form(chosen, **changes) -> dict:
    today = timezone.localdate()
    data = {
        "version": chosen.pk,
        "kind": Campaign.Kind.BASELINE,
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=10)).isoformat(),
        "expected_students": "150",
        "expected_teachers": "20",
    }
    return data | changes


# --- Who sees what ----------------------------------------------------------------------------------


def test_anonymous_visitors_sign_in_first(client, school, campaign):
    for url in (_list(school), _create(school), _detail(campaign), _codes(campaign)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["director", "tutor", "teacher", "admin_user"])
def test_the_schools_staff_and_admins_read_the_campaigns(client, request, school, campaign, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get(_list(school))
    assert page.status_code == 200
    assert _detail(campaign) in page.content.decode()
    assert client.get(_detail(campaign)).status_code == 200


def test_the_outsider_gets_404_everywhere_and_learns_nothing(client, outsider, school, campaign, version):
    client.force_login(outsider)
    for url in (_list(school), _create(school), _detail(campaign), _codes(campaign)):
        response = client.get(url)
        assert response.status_code == 404
        assert school.name not in response.content.decode()
    assert client.post(_create(school), _form(version)).status_code == 404
    assert client.post(_codes(campaign), {"audience": "estudiantes", "count": 2, "format": "pdf"}).status_code == 404
    assert Campaign.objects.count() == 1 and not AccessCode.objects.exists()


@pytest.mark.parametrize("who", ["teacher", "admin_user"])
def test_teachers_and_admins_do_not_write(client, request, school, campaign, version, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_create(school)).status_code == 403
    assert client.get(_codes(campaign)).status_code == 403
    assert client.post(_create(school), _form(version)).status_code == 403
    assert client.post(_codes(campaign), {"audience": "estudiantes", "count": 2, "format": "pdf"}).status_code == 403
    page = client.get(_detail(campaign)).content.decode()
    assert _codes(campaign) not in page and _create(school) not in client.get(_list(school)).content.decode()
    assert Campaign.objects.count() == 1 and not AccessCode.objects.exists()


def test_an_unknown_or_huge_campaign_id_is_404(client, director):
    client.force_login(director)
    assert client.get(reverse("diagnostics:campaign", args=[987654])).status_code == 404
    assert client.get(f"/diagnostico/aplicaciones/{TOO_BIG}/").status_code == 404
    assert client.get(f"/diagnostico/escuelas/{TOO_BIG}/").status_code == 404


# --- Opening a campaign -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["director", "tutor"])
def test_the_director_or_the_tutor_opens_a_campaign(client, request, school, version, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_create(school)).status_code == 200
    response = client.post(_create(school), _form(version))
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(campaign)
    assert dict(campaign.audiences.values_list("audience", "expected")) == {"estudiantes": 150, "docentes": 20}


def test_closing_before_opening_is_answered_next_to_the_date(client, director, school, version):
    client.force_login(director)
    today = timezone.localdate()
    response = client.post(_create(school), _form(version, closes_on=today.isoformat()))
    assert response.status_code == 200
    assert response.context["form"].errors["closes_on"]
    assert not Campaign.objects.exists()


def test_no_audience_is_answered_with_a_message(client, director, school, version):
    client.force_login(director)
    response = client.post(_create(school), _form(version, expected_students="", expected_teachers=""))
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Campaign.objects.exists()


BAD_VALUES = [TOO_BIG, "-" + TOO_BIG, NUL, HUGE_TEXT, "0", "5001", "abc", "\x00"]
FIELDS = ["version", "kind", "opens_on", "closes_on", "expected_students", "expected_teachers", "expected_families"]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize(
    "value", BAD_VALUES, ids=["too-big", "too-small", "nul", "100k", "0", "5001", "abc", "nul-only"]
)
def test_bad_input_in_every_field_is_answered_with_a_message(client, director, school, version, field, value):
    client.force_login(director)
    response = client.post(_create(school), _form(version, **{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Campaign.objects.exists()


# --- Codes --------------------------------------------------------------------------------------------


def _page_texts(pdf: bytes) -> str:
    """The drawing instructions of every page, inflated."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\n?endstream", pdf, re.S)
    out = []
    for stream in streams:
        try:
            data = zlib.decompressobj().decompress(stream)
        except zlib.error:  # ReportLab's page streams are ASCII85, then deflated
            raw = b"".join(stream.split()).removesuffix(b"~>")
            data = zlib.decompressobj().decompress(base64.a85decode(raw))
        out.append(data.decode("latin-1"))
    return "\n".join(out)


def test_the_codes_come_as_a_pdf_of_slips_once(client, director, campaign):
    client.force_login(director)
    response = client.post(_codes(campaign), {"audience": "estudiantes", "count": 23, "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    texts = _page_texts(pdf)
    printed = re.findall(r"\(([A-Z2-9]{4}-[A-Z2-9]{4})\) Tj", texts)
    assert len(printed) == len(set(printed)) == 23
    assert len(re.findall(rb"/Type /Page\b", pdf)) == -(-23 // SLIPS_PER_PAGE)
    stored = set(AccessCode.objects.filter(campaign=campaign).values_list("code_hash", flat=True))
    assert stored == {hash_code(code) for code in printed}
    # The short address is printed on each slip; the QR codes it.
    assert texts.count("/d/") >= 23
    # Nowhere can they be listed again.
    for url in (_detail(campaign), _codes(campaign)):
        assert not any(code in client.get(url).content.decode() for code in printed)


def test_the_codes_come_as_a_csv_list(client, tutor, campaign, settings):
    settings.SITE_URL = "https://cas.example.mx"
    client.force_login(tutor)
    response = client.post(_codes(campaign), {"audience": "docentes", "count": 7, "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, body = rows[0], rows[1:]
    assert len(header) == 3 and len(body) == 7
    for code, url, _audience in body:
        assert url == f"https://cas.example.mx/d/{code}/"
        assert AccessCode.objects.filter(code_hash=hash_code(code), audience="docentes").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("count", TOO_BIG),
        ("count", "0"),
        ("count", "501"),
        ("count", NUL),
        ("count", HUGE_TEXT),
        ("audience", "familias"),
        ("audience", HUGE_TEXT),
        ("audience", NUL),
        ("format", "docx"),
        ("format", HUGE_TEXT),
    ],
)
def test_bad_input_when_issuing_codes_is_answered_with_a_message(client, director, campaign, field, value):
    client.force_login(director)
    data = {"audience": "estudiantes", "count": "5", "format": "pdf"} | {field: value}
    response = client.post(_codes(campaign), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not AccessCode.objects.exists()


def test_a_closed_campaign_offers_no_codes(client, director, campaign):
    from diagnostics.services import close_campaign

    close_campaign(actor=director, campaign=campaign)
    client.force_login(director)
    assert _codes(campaign) not in client.get(_detail(campaign)).content.decode()
    response = client.post(_codes(campaign), {"audience": "estudiantes", "count": 5, "format": "pdf"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not AccessCode.objects.exists()


# --- Query counts --------------------------------------------------------------------------------------


def _more_campaigns(director, school, version, n: int) -> None:
    for i in range(n):
        today = timezone.localdate() - timedelta(days=40 * (i + 1))
        arguments = campaign_arguments(version, opens_on=today, closes_on=today + timedelta(days=10))
        campaign = open_campaign(actor=director, school=school, **arguments)
        issue_codes(actor=director, campaign=campaign, audience=Audience.STUDENTS, count=3)


def test_the_list_answers_in_a_fixed_number_of_queries(
    client, director, school, campaign, version, django_assert_max_num_queries
):
    client.force_login(director)
    client.get(_list(school))
    with django_assert_max_num_queries(10) as one:
        assert client.get(_list(school)).status_code == 200
    _more_campaigns(director, school, version, 6)
    with django_assert_max_num_queries(10) as seven:
        assert client.get(_list(school)).status_code == 200
    assert len(seven) == len(one)


def test_the_campaign_page_answers_in_a_fixed_number_of_queries(
    client, director, campaign, django_assert_max_num_queries
):
    client.force_login(director)
    client.get(_detail(campaign))
    with django_assert_max_num_queries(12) as before:
        assert client.get(_detail(campaign)).status_code == 200
    issue_codes(actor=director, campaign=campaign, audience=Audience.STUDENTS, count=50)
    capturers = [
        StaffMembershipFactory(school=campaign.school, role=StaffMembership.Role.TEACHER).user for _ in range(3)
    ]
    for person in capturers:
        name_paper_capturer(actor=director, campaign=campaign, person=person)
    with django_assert_max_num_queries(12) as after:
        assert client.get(_detail(campaign)).status_code == 200
    assert len(after) == len(before)


def test_issuing_codes_takes_a_fixed_number_of_queries(client, director, campaign, django_assert_max_num_queries):
    client.force_login(director)
    with django_assert_max_num_queries(16) as few:
        client.post(_codes(campaign), {"audience": "estudiantes", "count": 2, "format": "csv"})
    with django_assert_max_num_queries(16) as many:
        client.post(_codes(campaign), {"audience": "estudiantes", "count": 100, "format": "csv"})
    assert len(many) == len(few)
