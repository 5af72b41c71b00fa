"""Pages with personal content are never kept in a shared computer's browser
cache: every page answered to a signed-in person, a downloaded report and a
respondent's diagnostic pages are sent `Cache-Control: private, no-store`;
static files keep their far-future caching."""

import re
from unittest import mock

import pytest
from django.urls import reverse

from communities.models import Reflection
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "route", ["communities:home", "communities:journal", "communities:notifications", "communities:practices"]
)
def test_a_signed_in_persons_pages_are_not_stored(client, teacher, route):
    client.force_login(teacher)
    response = client.get(reverse(route))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_journal_export_is_not_stored(client, cas, teacher):
    client.force_login(teacher)
    response = client.get(reverse("communities:journal_export", args=["md"]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_after_signing_in_through_the_form_the_pages_say_it(client, teacher):
    client.post(reverse("login"), {"username": teacher.email, "password": TEST_PASSWORD})
    assert client.get(reverse("communities:home"))["Cache-Control"] == "private, no-store"


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, cas, teacher, settings):
    client.force_login(teacher)
    with mock.patch("django.core.handlers.wsgi.LimitedStream.read") as read:
        response = client.generic(
            "POST",
            reverse("communities:reflection_create"),
            data=b"x",
            content_type="multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1),
        )
    assert response.status_code == 413
    page = response.content.decode()
    assert re.search(r"10([.,]0)?\s*MB", page) and "no se guardó nada" in page
    assert not read.called  # not a byte of the body was read
    assert not Reflection.objects.exists()
