"""Answering online with a code, without an account: the whole flow, resuming,
sending once, the same answer for unknown and used codes, the rate limit,
anonymity, bad input on every field and campaigns that do not take answers."""

import hashlib
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diagnostics.models import AccessCode, Answer, Audience, Campaign, Item, Response, hash_code
from diagnostics.services import INVALID_CODE, find_code, issue_codes, open_campaign, questionnaire, submit_answers
from diagnostics.slips import answer_url
from tests.diagnostics.conftest import campaign_arguments

pytestmark = pytest.mark.django_db

HUGE_TEXT = "x" * 100_000


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def code(director, campaign) -> str:
    return issue_codes(actor=director, campaign=campaign, audience=Audience.STUDENTS, count=1)[0]


@pytest.fixture
def sections(campaign):
    return questionnaire(version_id=campaign.version_id, audience=Audience.STUDENTS)


def _start(code: str) -> str:
    return reverse("answer:start", args=[code])


def _section(code: str, number: int) -> str:
    return reverse("answer:section", args=[code, number])


def _review(code: str) -> str:
    return reverse("answer:review", args=[code])


def _answers(section, value: int = 4) -> dict:
    return {f"item_{item.pk}": str(value) for item in section.items}


def _answer_all(client, code, sections, value: int = 4) -> None:
    for section in sections:
        response = client.post(_section(code, section.number), _answers(section, value))
        assert response.status_code == 302, response.content.decode()[:2000]


def _row(code: str) -> AccessCode:
    return AccessCode.objects.get(code_hash=hash_code(code))


# --- The whole flow ------------------------------------------------------------------------------


def test_the_slip_address_is_the_start_page(code):
    assert answer_url(code).endswith(_start(code))


def test_a_respondent_enters_the_code_answers_each_section_resumes_and_sends(client, code, sections, campaign):
    page = client.get(reverse("answer:enter"))
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.content.decode()
    typed = code.lower().replace("-", " ")  # as a person might type it
    response = client.post(reverse("answer:enter"), {"code": typed})
    assert response.status_code == 302 and response["Location"] == _start(code)

    start = client.get(_start(code))
    assert start.status_code == 200
    assert _section(code, 1) in start.content.decode()

    first = client.get(_section(code, 1))
    html = first.content.decode()
    assert first.status_code == 200
    assert f"Section 1 of {len(sections)}" in html or f"Sección 1 de {len(sections)}" in html
    assert html.count("<fieldset") == len(sections[0].items) and html.count("<legend") == len(sections[0].items)
    assert html.count('type="radio"') == 5 * len(sections[0].items)
    assert "<script>" not in html

    # The first two sections, then the respondent leaves and comes back later.
    for section in sections[:2]:
        assert client.post(_section(code, section.number), _answers(section, 5)).status_code == 302
    client.cookies.clear()
    again = client.get(_start(code))
    assert _section(code, 3) in again.content.decode()  # it goes on where they left off
    kept = client.get(_section(code, 1)).content.decode()
    assert kept.count(" checked") == len(sections[0].items)  # the answers given are shown again
    assert len(_row(code).draft) == len(sections[0].items) + len(sections[1].items)

    _answer_all(client, code, sections[2:], 3)
    review = client.get(_review(code))
    assert review.status_code == 200 and "<button" in review.content.decode()
    sent = client.post(_review(code))
    assert sent.status_code == 302 and sent["Location"] == reverse("answer:thanks")
    assert client.get(sent["Location"]).status_code == 200

    response = Response.objects.get()
    assert (response.campaign, response.audience, response.channel) == (campaign, "estudiantes", "online")
    assert response.submitted_on == timezone.localdate()
    items = [item for section in sections for item in section.items]
    assert response.answers.count() == len(items)
    assert set(response.answers.values_list("item_id", flat=True)) == {item.pk for item in items}
    row = _row(code)
    assert row.used_on == timezone.localdate() and row.draft == {}


def test_the_items_shown_are_the_codes_audience(client, director, campaign, version):
    teacher_code = issue_codes(actor=director, campaign=campaign, audience=Audience.TEACHERS, count=1)[0]
    teacher_sections = questionnaire(version_id=version.pk, audience=Audience.TEACHERS)
    html = "".join(client.get(_section(teacher_code, s.number)).content.decode() for s in teacher_sections)
    for item in Item.objects.filter(version=version):
        assert (item.text in html) == item.for_teachers, item.text


def test_a_code_sends_once(client, code, sections):
    _answer_all(client, code, sections)
    assert client.post(_review(code)).status_code == 302
    second = client.post(_review(code))
    assert second.status_code == 404 and str(INVALID_CODE) in second.content.decode()
    assert Response.objects.count() == 1
    assert client.post(_section(code, 1), _answers(sections[0])).status_code == 404
    assert client.post(reverse("answer:enter"), {"code": code}).status_code == 400


def test_sending_with_unanswered_sections_is_refused(client, code, sections):
    _answer_all(client, code, sections[:-1])
    response = client.post(_review(code))
    assert response.status_code == 400
    assert Response.objects.count() == 0 and _row(code).used_on is None


# --- Unknown and used codes, the rate limit -------------------------------------------------------


def test_unknown_and_used_codes_get_the_same_answer(client, director, campaign, code, sections):
    used = issue_codes(actor=director, campaign=campaign, audience=Audience.STUDENTS, count=1)[0]
    _answer_all(client, used, sections)
    client.post(_review(used))
    unknown = "ZZZZ-ZZZZ" if code != "ZZZZ-ZZZZ" else "YYYY-YYYY"

    def answer(text, url):
        response = client.get(url(text))
        body = response.content.decode().replace(text, "<code>")
        return response.status_code, re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)

    for url in (_start, _review, lambda c: _section(c, 1)):
        assert answer(used, url) == answer(unknown, url)
        assert answer(used, url)[0] == 404
    posted = [client.post(reverse("answer:enter"), {"code": text}) for text in (used, unknown)]
    assert [p.status_code for p in posted] == [400, 400]
    assert all(str(INVALID_CODE) in p.content.decode() for p in posted)


def test_the_lookup_costs_one_query_whether_the_code_is_unknown_or_used(client, director, campaign, sections):
    used = issue_codes(actor=director, campaign=campaign, audience=Audience.STUDENTS, count=1)[0]
    _answer_all(client, used, sections)
    client.post(_review(used))
    shapes = []
    for text in (used, "QQQQ-QQQQ"):
        with CaptureQueriesContext(connection) as queries:
            client.get(_start(text))
        shapes.append([q["sql"].split("WHERE")[0] for q in queries.captured_queries])
    assert shapes[0] == shapes[1] and len(shapes[0]) == 1


def test_a_flood_of_codes_is_rate_limited_per_address(client, code, settings):
    for n in range(settings.RATE_LIMIT_DIAGNOSTIC_CODES_PER_IP):
        assert client.get(_start(f"AAAA-{n:04d}")).status_code == 404
    assert client.get(_start("BBBB-BBBB")).status_code == 429
    assert client.post(reverse("answer:enter"), {"code": "CCCC-CCCC"}).status_code == 429
    assert client.get(_start(code)).status_code == 429  # even a good code, until the window ends
    other = client.get(_start(code), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200
    with time_machine.travel(timezone.now() + settings.RATE_LIMIT_WINDOW + timedelta(minutes=1)):
        assert client.get(_start(code)).status_code == 200


def test_good_codes_do_not_count_towards_the_limit(client, code, sections, settings):
    for _ in range(settings.RATE_LIMIT_DIAGNOSTIC_CODES_PER_IP + 5):
        assert client.get(_start(code)).status_code == 200


def test_the_address_is_only_a_hashed_cache_key(client):
    client.get(_start("AAAA-0000"), REMOTE_ADDR="203.0.113.9")
    keys = list(cache._cache.keys())  # locmem's store
    assert keys and not any("203.0.113.9" in key for key in keys)


# --- Anonymity -----------------------------------------------------------------------------------


def test_nothing_links_a_response_to_its_code_or_a_person(client, code, sections):
    _answer_all(client, code, sections)
    client.post(_review(code))
    response_fields = {f.name for f in Response._meta.concrete_fields}
    assert response_fields == {"id", "campaign", "audience", "channel", "submitted_on"}
    assert {f.name for f in Answer._meta.concrete_fields} == {"id", "response", "item", "value"}
    for model in (Response, Answer):
        for field in model._meta.concrete_fields:
            assert not (field.is_relation and field.related_model in (AccessCode,)), field
            assert field.get_internal_type() not in ("DateTimeField", "GenericIPAddressField", "TimeField"), field
    assert {f.name for f in AccessCode._meta.concrete_fields} == {
        "id",
        "campaign",
        "audience",
        "code_hash",
        "issued_on",
        "used_on",
        "draft",
    }
    row = _row(code)
    assert row.draft == {} and row.used_on == timezone.localdate()


def test_ids_say_nothing_of_the_order_answers_came_in(director, campaign):
    """Ids in submission order could be matched with the times in a web server's log."""
    codes = issue_codes(actor=director, campaign=campaign, audience=Audience.TEACHERS, count=12)
    sections = questionnaire(version_id=campaign.version_id, audience=Audience.TEACHERS)
    submitted = []
    for typed in codes:
        access_code = _row(typed)
        access_code.draft = {str(item.pk): 3 for section in sections for item in section.items}
        access_code.save()
        submitted.append(submit_answers(code=access_code).pk)
    assert submitted != sorted(submitted)
    answer_ids = list(Answer.objects.filter(response_id=submitted[0]).values_list("id", flat=True))
    assert answer_ids != sorted(answer_ids) or len(answer_ids) < 3
    assert all(0 < pk < 2**63 for pk in submitted)


def test_a_copy_of_the_database_alone_does_not_reveal_the_codes(code):
    """Stored keyed with the site's secret: a plain hash of every possible code
    finds nothing."""
    plain = hashlib.sha256(code.replace("-", "").encode()).hexdigest()
    assert not AccessCode.objects.filter(code_hash=plain).exists()
    assert AccessCode.objects.filter(code_hash=hash_code(code)).exists()


def test_printed_codes_survive_a_new_secret_key(client, settings, code):
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-brand-new-secret-key-for-the-site-0123456789"
    assert find_code(code) is None
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert find_code(code) is not None
    assert client.get(_start(code)).status_code == 200
    assert "Sección 1" in client.get(_section(code, 1)).content.decode()


# --- Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "6", "-1", "99999999999999999999", "4\x00", "x" * 100_000, "", "3.5"])
def test_an_answer_off_the_scale_is_refused_next_to_its_question(client, code, sections, value):
    data = _answers(sections[0])
    first = sections[0].items[0]
    data[f"item_{first.pk}"] = value
    response = client.post(_section(code, 1), data)
    assert response.status_code == 400
    assert f'id="id_item_{first.pk}-error"' in response.content.decode()
    assert _row(code).draft == {}


def test_a_missing_question_is_named_and_nothing_is_kept(client, code, sections):
    data = _answers(sections[0])
    missing = sections[0].items[-1]
    del data[f"item_{missing.pk}"]
    response = client.post(_section(code, 1), data)
    assert response.status_code == 400
    assert f'id="id_item_{missing.pk}-error"' in response.content.decode()
    assert _row(code).draft == {}


def test_an_item_of_another_audience_or_section_is_refused(client, code, sections, version):
    teachers_only = Item.objects.filter(version=version, for_teachers=True, for_students=False).first()
    for extra in (teachers_only.pk, sections[1].items[0].pk, 99999999999999999999):
        data = _answers(sections[0]) | {f"item_{extra}": "4"}
        response = client.post(_section(code, 1), data)
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()
    assert _row(code).draft == {}


@pytest.mark.parametrize("typed", [HUGE_TEXT, "ABCD\x00EFGH", "", "99999999999999999999", "ÁÉÍÓ-ÚÑÜ"])
def test_a_bad_code_typed_is_refused_without_error(client, typed):
    assert client.post(reverse("answer:enter"), {"code": typed}).status_code == 400


@pytest.mark.parametrize("path", ["/d/%00/", "/d/" + "A" * 5000 + "/", "/d/ABCD-EFGH/99999999999999999999/"])
def test_a_bad_address_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_a_section_number_beyond_the_questionnaire_is_not_found(client, code, sections):
    assert client.get(_section(code, len(sections) + 1)).status_code == 404
    assert client.get(_section(code, 0)).status_code == 404


def test_a_code_of_another_campaign_answers_that_campaign_only(client, director, school, version, code, sections):
    later = open_campaign(actor=director, school=school, **campaign_arguments(version, kind=Campaign.Kind.FOLLOW_UP))
    other = issue_codes(actor=director, campaign=later, audience=Audience.STUDENTS, count=1)[0]
    _answer_all(client, other, sections)
    client.post(_review(other))
    assert Response.objects.get().campaign == later
    assert _row(code).used_on is None


# --- Campaigns that take no answers ----------------------------------------------------------------


def test_a_closed_campaign_takes_no_answers(client, director, campaign, code, sections):
    _answer_all(client, code, sections)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    for response in (client.get(_start(code)), client.post(_review(code)), client.post(_section(code, 1), {})):
        assert response.status_code == 403
        assert 'role="alert"' in response.content.decode()
    assert Response.objects.count() == 0 and _row(code).used_on is None


def test_after_the_closing_day_no_answers(client, campaign, code, sections):
    _answer_all(client, code, sections)
    with time_machine.travel(timezone.now() + (campaign.closes_on - timezone.localdate()) + timedelta(days=1)):
        assert client.post(_review(code)).status_code == 403
    assert Response.objects.count() == 0


def test_before_the_opening_day_no_answers(client, director, school, version):
    today = timezone.localdate()
    later = open_campaign(
        actor=director,
        school=school,
        **campaign_arguments(version, opens_on=today + timedelta(days=3), closes_on=today + timedelta(days=9)),
    )
    text = issue_codes(actor=director, campaign=later, audience=Audience.STUDENTS, count=1)[0]
    assert client.get(_start(text)).status_code == 403
    assert client.post(_section(text, 1), {}).status_code == 403


def test_the_service_refuses_a_used_code(code, sections, campaign):
    row = _row(code)
    row.draft = {str(item.pk): 4 for section in sections for item in section.items}
    row.save()
    submit_answers(code=row)
    with pytest.raises(ValidationError):
        submit_answers(code=row)
    assert Response.objects.count() == 1


# --- Query counts ---------------------------------------------------------------------------------


def test_each_page_costs_a_fixed_number_of_queries(client, code, sections, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get(_start(code))
    with django_assert_max_num_queries(2):
        client.get(_section(code, 1))
    with django_assert_max_num_queries(8):
        client.post(_section(code, 1), _answers(sections[0]))
    _answer_all(client, code, sections)
    with django_assert_max_num_queries(2):
        client.get(_review(code))
    with django_assert_max_num_queries(12):
        client.post(_review(code))
