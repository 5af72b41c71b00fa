"""Paper sheets: the questionnaire to print, and the capture screen where the
director or the tutor types each sheet in (one digit per question)."""

import time

import pytest
from django.urls import reverse

from communities.models import Event
from diagnostics.models import Audience, Campaign, Response
from diagnostics.services import VERB_PAPER_CAPTURED, questionnaire

pytestmark = pytest.mark.django_db


def _capture(campaign, audience=Audience.STUDENTS) -> str:
    return reverse("diagnostics:paper_capture", args=[campaign.pk, audience])


def _pdf(campaign, audience=Audience.STUDENTS) -> str:
    return reverse("diagnostics:paper_questionnaire", args=[campaign.pk, audience])


@pytest.fixture
def items(campaign):
    sections = questionnaire(version_id=campaign.version_id, audience=Audience.STUDENTS)
    return [item for section in sections for item in section.items]


def _sheet(items, pattern="4435215") -> str:
    return (pattern * len(items))[: len(items)]


# --- Who may capture --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["director", "tutor"])
def test_the_director_and_the_tutor_type_sheets_in(client, request, campaign, items, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get(_capture(campaign))
    assert page.status_code == 200
    html = page.content.decode()
    assert "autofocus" in html and 'inputmode="numeric"' in html
    assert all(item.text in html for item in items)
    response = client.post(_capture(campaign), {"marks": _sheet(items)})
    assert response.status_code == 302 and response["Location"] == _capture(campaign)
    saved = Response.objects.get()
    assert (saved.channel, saved.audience) == (Response.Channel.PAPER, Audience.STUDENTS)
    typed = dict(zip([item.pk for item in items], map(int, _sheet(items)), strict=True))
    assert dict(saved.answers.values_list("item_id", "value")) == typed
    assert Event.objects.filter(verb=VERB_PAPER_CAPTURED).count() == 1


def test_a_teacher_may_not_capture(client, teacher, campaign, items):
    client.force_login(teacher)
    assert client.get(_capture(campaign)).status_code == 403
    assert client.post(_capture(campaign), {"marks": _sheet(items)}).status_code == 403
    assert client.get(_pdf(campaign)).status_code == 200  # but may print the questionnaire
    assert Response.objects.count() == 0


def test_another_schools_people_get_404(client, outsider, campaign, items, school):
    client.force_login(outsider)
    for url in (_capture(campaign), _pdf(campaign)):
        response = client.get(url)
        assert response.status_code == 404 and school.name not in response.content.decode()
    assert client.post(_capture(campaign), {"marks": _sheet(items)}).status_code == 404
    assert Response.objects.count() == 0


def test_anonymous_visitors_sign_in_first(client, campaign):
    for url in (_capture(campaign), _pdf(campaign)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_audience_outside_the_campaign_is_not_found(client, director, campaign):
    client.force_login(director)
    for audience in (Audience.FAMILIES, "nobody", "x" * 300):
        assert client.get(_capture(campaign, audience)).status_code == 404
        assert client.get(_pdf(campaign, audience)).status_code == 404


# --- Bad sheets -------------------------------------------------------------------------------------


def test_a_sheet_with_a_blank_is_refused_naming_the_questions(client, director, campaign, items):
    client.force_login(director)
    marks = "0" + _sheet(items)[1:4] + "-" + _sheet(items)[5:]
    response = client.post(_capture(campaign), {"marks": marks})
    assert response.status_code == 400
    html = response.content.decode()
    assert "1, 5" in html and marks in html  # the questions to check, and what was typed
    assert 'value="' + marks not in html  # the box is empty again, for the next sheet
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    "marks",
    [
        "",
        "44",
        "4" * 200,
        "4" * 100_000,
        "abc",
        "4\x004",
        "99999999999999999999",
        "6",
        "4 4,5",
    ],
)
def test_a_wrong_sheet_is_refused(client, director, campaign, items, marks):
    client.force_login(director)
    response = client.post(_capture(campaign), {"marks": marks})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert Response.objects.count() == 0


def test_a_digit_off_the_scale_names_its_question(client, director, campaign, items):
    client.force_login(director)
    marks = _sheet(items)[:-1] + "7"
    response = client.post(_capture(campaign), {"marks": marks})
    assert response.status_code == 400 and str(len(items)) in response.content.decode()
    assert Response.objects.count() == 0


def test_spaces_between_digits_are_ignored(client, director, campaign, items):
    client.force_login(director)
    marks = " ".join(_sheet(items))
    assert client.post(_capture(campaign), {"marks": marks}).status_code == 302
    assert Response.objects.count() == 1


def test_a_closed_campaign_takes_no_sheets(client, director, campaign, items):
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    client.force_login(director)
    assert client.post(_capture(campaign), {"marks": _sheet(items)}).status_code == 400
    assert Response.objects.count() == 0


# --- The questionnaire to print -----------------------------------------------------------------------


def test_the_questionnaire_is_a_pdf_numbering_the_audiences_items(client, director, campaign, items):
    client.force_login(director)
    response = client.get(_pdf(campaign))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_campaign_page_links_to_paper(client, director, campaign):
    client.force_login(director)
    html = client.get(reverse("diagnostics:campaign", args=[campaign.pk])).content.decode()
    assert _capture(campaign) in html and _pdf(campaign) in html


# --- Query counts and the time of one sheet ----------------------------------------------------------


def test_the_capture_screen_costs_a_fixed_number_of_queries(
    client, director, campaign, items, django_assert_max_num_queries
):
    client.force_login(director)
    client.post(_capture(campaign), {"marks": _sheet(items)})
    with django_assert_max_num_queries(14):
        client.get(_capture(campaign))
    with django_assert_max_num_queries(20):
        client.post(_capture(campaign), {"marks": _sheet(items)})


def test_the_server_saves_a_sheet_quickly(client, director, campaign, items):
    """The server's share of one sheet (POST, redirect, next empty page)."""
    client.force_login(director)
    client.get(_capture(campaign))
    started = time.perf_counter()
    for _ in range(10):
        client.post(_capture(campaign), {"marks": _sheet(items)}, follow=True)
    assert (time.perf_counter() - started) / 10 < 1.0
    assert Response.objects.count() == 10


# --- The time to type one 30-item sheet, in a browser (run with -m browser) -----------------------------


def _thirty_item_campaign(director, school, admin_user):
    from django.utils import timezone

    from diagnostics.models import Dimension, Instrument, InstrumentVersion, Item
    from diagnostics.services import open_campaign, publish

    draft = InstrumentVersion.objects.create(instrument=Instrument.objects.create(name="Treinta"), number=1)
    dimension = Dimension.objects.create(version=draft, code="uno", name="Uno", position=1)
    Item.objects.bulk_create(
        Item(version=draft, dimension=dimension, text=f"Afirmación {n}", position=n, for_students=True)
        for n in range(1, 31)
    )
    version = publish(actor=admin_user, version=draft)
    today = timezone.localdate()
    return open_campaign(
        actor=director,
        school=school,
        version=version,
        kind=Campaign.Kind.BASELINE,
        audiences=[Audience.STUDENTS],
        opens_on=today,
        closes_on=today.replace(year=today.year + 1),
        expected={Audience.STUDENTS: 100},
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("delay_ms", [0, 150])
def test_time_to_type_one_30_item_sheet(desktop_page, live_server, client, director, school, admin_user, delay_ms):
    """Keyboard only: 30 digits and Enter, until the empty page for the next sheet
    is back. delay_ms 0 is the machine's share; 150 ms a key is a brisk typist."""
    campaign = _thirty_item_campaign(director, school, admin_user)
    client.force_login(director)
    page = desktop_page
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(_capture(campaign))
    field = page.locator("#id_marks")
    assert field.evaluate("el => el === document.activeElement")  # autofocus: no mouse needed
    timings = []
    for _sheet_number in range(5):
        started = time.perf_counter()
        page.keyboard.type("443521543214532154321453215432", delay=delay_ms)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.locator("#id_marks").wait_for()
        timings.append(time.perf_counter() - started)
        assert page.locator("#id_marks").input_value() == ""
    print(f"\n30-item sheet, {delay_ms} ms a key: " + ", ".join(f"{t:.2f}" for t in timings) + " s")
    assert Response.objects.filter(channel=Response.Channel.PAPER).count() == 5
