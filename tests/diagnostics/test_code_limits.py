"""The access codes' rate limits, through the core's limiter (communities.ratelimits):
per address and from every address together, the same refusal for a good code
and a bad one, nothing kept from a refused request, and the pages still working
when the cache is down."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from diagnostics.models import AccessCode, Audience, hash_code
from diagnostics.services import issue_codes, questionnaire
from tests import unreachable_cache

pytestmark = pytest.mark.django_db

START = datetime.fromisoformat("2026-03-02T09:00:00-06:00")  # the start of a window


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.RATE_LIMIT_WINDOW = timedelta(minutes=15)
    settings.RATE_LIMIT_DIAGNOSTIC_CODES_PER_IP = 5
    settings.RATE_LIMIT_DIAGNOSTIC_CODES_ALL = 12


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def code(director, campaign) -> str:
    return issue_codes(actor=director, campaign=campaign, audience=Audience.STUDENTS, count=1)[0]


def _start(code: str, ip: str):
    return reverse("answer:start", args=[code]), {"REMOTE_ADDR": ip}


def _get(client, code, ip="10.0.0.1"):
    url, extra = _start(code, ip)
    return client.get(url, **extra)


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_bad_codes_from_every_address_together_pause_the_codes_for_everyone(client, clock, code):
    for n in range(12):  # three per address: under the limit of each
        assert _get(client, f"AAAA-{n:04d}", ip=f"10.0.{n // 3}.1").status_code == 404
    refused = _get(client, code, ip="10.9.9.9")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "901"
    assert "Espera 15 minutos" in refused.content.decode()
    clock.move_to(START + timedelta(minutes=14))
    assert _get(client, code, ip="10.9.9.9").status_code == 429
    clock.move_to(START + timedelta(minutes=16))
    assert _get(client, code, ip="10.9.9.9").status_code == 200


def test_a_good_and_a_bad_code_get_the_same_refusal(client, clock, code):
    for n in range(5):
        _get(client, f"AAAA-{n:04d}")
    good, bad = _get(client, code), _get(client, "BBBB-BBBB")
    assert (good.status_code, good["Retry-After"]) == (bad.status_code, bad["Retry-After"]) == (429, "901")
    assert _main(good) == _main(bad)  # the footer's language switch names the address itself


def test_a_refused_request_keeps_no_answer(client, clock, code, campaign):
    (first, *_rest) = questionnaire(version_id=campaign.version_id, audience=Audience.STUDENTS)
    for n in range(5):
        _get(client, f"AAAA-{n:04d}")
    answers = {f"item_{item.pk}": "4" for item in first.items}
    response = client.post(reverse("answer:section", args=[code, 1]), answers, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert AccessCode.objects.get(code_hash=hash_code(code)).draft == {}


def test_with_the_cache_down_codes_are_read_without_limits(client, settings, code):
    settings.CACHES = {"default": {"BACKEND": unreachable_cache.PATH}}
    for n in range(8):
        assert _get(client, f"AAAA-{n:04d}").status_code == 404
    assert client.post(reverse("answer:enter"), {"code": "CCCC-CCCC"}).status_code == 400
    assert _get(client, code).status_code == 200
