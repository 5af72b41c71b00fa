"""The diagnostic's demo: the default instrument published, escuela-a's línea
base applied and closed, escuela-b's open now; seeding again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from communities.models import Event, User
from diagnostics.models import AccessCode, Campaign, InstrumentVersion

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(Campaign.objects.values_list("school__cct", "kind", "status", "opens_on", "closes_on").order_by("pk")),
        InstrumentVersion.objects.count(),
        Event.objects.filter(verb__startswith="diagnostic").count(),
    )


def test_the_demo_has_a_closed_baseline_at_a_and_an_open_one_at_b(client):
    call_command("seed_demo", stdout=StringIO())
    today = timezone.localdate()
    a = Campaign.objects.get(school__cct="14DCT0038K")
    b = Campaign.objects.get(school__cct="20DES0005Q")
    assert (a.kind, a.status) == (Campaign.Kind.BASELINE, Campaign.Status.CLOSED)
    assert a.closes_on < today
    assert (b.kind, b.status) == (Campaign.Kind.BASELINE, Campaign.Status.OPEN) and b.is_accepting_answers
    assert a.version.is_published and a.version == b.version
    assert a.audiences.count() == 4 and b.audiences.count() == 3
    assert not AccessCode.objects.exists()

    director_b = User.objects.get(email="director@escuela-b.demo")
    client.force_login(director_b)
    assert client.get(reverse("diagnostics:campaign", args=[b.pk])).status_code == 200
    assert client.get(reverse("diagnostics:campaign", args=[a.pk])).status_code == 404

    before = _snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert _snapshot() == before
