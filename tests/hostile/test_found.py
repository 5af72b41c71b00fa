"""What the hostile suite found, one test per case, written as the request
that used to fail (a 500 on PostgreSQL, which refuses NUL in text) and the
answer it gets now: a Spanish message next to the field, nothing written."""

import pytest
from django.urls import reverse

from tests.communities.test_role_matrix import fingerprint
from tests.hostile.harness import sign_in

pytestmark = pytest.mark.django_db


def test_a_nul_in_the_reason_for_cancelling_is_refused_next_to_the_field(client, scene, sessions):
    sign_in(client, sessions, scene.people["director"])
    before = fingerprint()
    response = client.post(scene.url("communities:meeting_cancel"), {"reason": "Lluvia\x00"})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<div id="cancel-reason-error" class="invalid-feedback">Caracteres nulos no están permitidos.</div>' in html
    assert fingerprint() == before


def test_a_reason_for_cancelling_longer_than_its_column_is_refused(client, scene, sessions):
    sign_in(client, sessions, scene.people["director"])
    before = fingerprint()
    response = client.post(scene.url("communities:meeting_cancel"), {"reason": "x" * 301})
    assert response.status_code == 400
    assert 'id="cancel-reason-error"' in response.content.decode()
    assert fingerprint() == before


def test_a_meeting_is_still_cancelled_with_its_reason(client, scene, sessions):
    sign_in(client, sessions, scene.people["director"])
    response = client.post(scene.url("communities:meeting_cancel"), {"reason": "  Suspensión   de clases "})
    assert response.status_code == 302
    upcoming = scene["upcoming"]
    upcoming.refresh_from_db()
    assert upcoming.is_cancelled and upcoming.cancel_reason == "Suspensión de clases"
    assert response["Location"] == reverse("communities:meeting", args=[upcoming.community_id, upcoming.pk])
