"""Detail pages take a fixed number of queries, however much the demo data holds."""

import pytest
from django.urls import reverse

from communities.models import (
    Community,
    Goal,
    Invitation,
    Meeting,
    Practice,
    Reflection,
    User,
    Visibility,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_data):
    return Community.objects.get(school__cct="14DCT0038K")


def _pages(cas):
    reflection = Reflection.objects.filter(community=cas, visibility=Visibility.COMMUNITY).first()
    practice = Practice.objects.filter(scope="all").first()
    meeting = Meeting.objects.filter(community=cas).exclude(minutes="").first()
    invitation = Invitation.objects.filter(status="pending").first()
    # Each page +1 for the unread notices counted in the navigation.
    return [
        # +1 the diagnostic's panel: the school's latest campaign; +1 the workshop's: its latest run's spaces;
        # +1 the reports: the latest of each (who may ask for the school's is read with the community)
        ("director@escuela-a.demo", reverse("communities:detail", args=[cas.pk]), 12),
        # +1 the work space's label, +1 whether the reader is a member (who may comment)
        ("docente1@escuela-a.demo", reverse("communities:reflection", args=[reflection.pk]), 10),
        ("docente1@escuela-a.demo", reverse("communities:practice", args=[practice.pk]), 10),
        ("docente1@escuela-a.demo", reverse("communities:strategies", args=[cas.pk]), 9),
        # +1 the diagnostic's panel: whether the goal came from a dimension
        ("docente1@escuela-a.demo", reverse("communities:goal", args=[cas.pk, Goal.objects.first().pk]), 9),
        ("director@escuela-a.demo", reverse("communities:meeting", args=[cas.pk, meeting.pk]), 12),
        (
            "director@escuela-a.demo",
            reverse("communities:milestone_complete", args=[cas.pk, cas.milestones.get(kind="collaboration").pk]),
            9,
        ),
        ("docente1@escuela-a.demo", reverse("communities:calendar"), 7),
        ("docente1@escuela-a.demo", reverse("communities:notifications"), 4),
        (invitation.invitee.email, reverse("communities:invitation_detail", args=[invitation.pk]), 4),
    ]


def test_detail_pages_have_fixed_query_counts(client, demo, django_assert_max_num_queries):
    for email, url, limit in _pages(demo):
        client.force_login(User.objects.get(email=email))
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url
