"""The diagnostic's demo: the default instrument published; escuela-a's línea
base answered by every audience (families under 5, suppressed; some sheets on
paper) and closed, its seguimiento open with answers; escuela-b's línea base
open with a few; plausible, varied levels; seeding again changes nothing."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from communities.models import Event, User
from diagnostics.models import AccessCode, Answer, Campaign, InstrumentVersion, Level, Response
from diagnostics.scoring import ALL_AUDIENCES, campaign_scores, compare

pytestmark = pytest.mark.django_db

A, B = "14DCT0038K", "20DES0005Q"


def _snapshot():
    return (
        list(Campaign.objects.values_list("school__cct", "kind", "status", "opens_on", "closes_on").order_by("pk")),
        InstrumentVersion.objects.count(),
        Event.objects.filter(verb__startswith="diagnostic").count(),
        list(Response.objects.values_list("campaign_id", "audience", "channel", "submitted_on").order_by("pk")),
        list(Answer.objects.values_list("item_id", "value").order_by("pk")),
    )


def test_the_demo_has_a_closed_baseline_and_an_open_follow_up_at_a_and_an_open_baseline_at_b(client, demo_data):
    cache.clear()
    today = timezone.localdate()
    a = Campaign.objects.get(school__cct=A, kind=Campaign.Kind.BASELINE)
    follow_up = Campaign.objects.get(school__cct=A, kind=Campaign.Kind.FOLLOW_UP)
    b = Campaign.objects.get(school__cct=B)
    assert (a.kind, a.status) == (Campaign.Kind.BASELINE, Campaign.Status.CLOSED)
    assert a.closes_on < today
    assert follow_up.is_accepting_answers and b.is_accepting_answers
    assert (b.kind, b.status) == (Campaign.Kind.BASELINE, Campaign.Status.OPEN)
    assert a.version.is_published and a.version == b.version == follow_up.version
    assert a.audiences.count() == 4 and b.audiences.count() == 3
    assert not AccessCode.objects.exists()
    assert a.responses.filter(audience="familias").count() == 3
    assert a.responses.filter(channel=Response.Channel.PAPER).exists()
    assert follow_up.responses.exists() and b.responses.exists()
    assert all(a.opens_on <= day <= a.closes_on for day in a.responses.values_list("submitted_on", flat=True))

    director_b = User.objects.get(email="director@escuela-b.demo")
    client.force_login(director_b)
    assert client.get(reverse("diagnostics:campaign", args=[b.pk])).status_code == 200
    assert client.get(reverse("diagnostics:campaign", args=[a.pk])).status_code == 404
    assert client.get(reverse("diagnostics:results", args=[b.pk])).status_code == 200

    before = _snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert _snapshot() == before


def test_the_demo_levels_are_varied_and_tell_the_cas_story(demo_data):
    cache.clear()
    a = Campaign.objects.get(school__cct=A, kind=Campaign.Kind.BASELINE)
    overall = {d.dimension.code: d.overall for d in campaign_scores(a)}
    means = {code: score.mean for code, score in overall.items()}
    assert max(means, key=means.get) == "relacion-docente-estudiante"
    assert sorted(means, key=means.get)[:2] in (
        ["convivencia-seguridad", "sentido-pertenencia"],
        ["sentido-pertenencia", "convivencia-seguridad"],
    )
    assert {score.level for score in overall.values()} == set(Level)
    families = [s for d in campaign_scores(a) for s in d.audiences if s.audience == "familias"]
    assert families and all(s.suppressed for s in families)
    follow_up = Campaign.objects.get(school__cct=A, kind=Campaign.Kind.FOLLOW_UP)
    changes = [c for rows in compare(a, follow_up) for c in rows if c.audience == ALL_AUDIENCES]
    assert any(c.mean and c.mean > 0 for c in changes)


def test_a_teacher_of_a_types_in_the_follow_ups_paper_sheets(client, demo_data):
    follow_up = Campaign.objects.get(school__cct=A, kind=Campaign.Kind.FOLLOW_UP)
    teacher = User.objects.get(email="docente5@escuela-a.demo")
    assert teacher.notifications.unread().filter(key__startswith="diagnostic-capture:").exists()
    client.force_login(teacher)
    page = client.get(reverse("diagnostics:campaign", args=[follow_up.pk])).content.decode()
    assert reverse("diagnostics:paper_capture", args=[follow_up.pk, "estudiantes"]) in page
