"""The bench seed (bench/seed.py): its plan keeps the shape the benches lean
on at every size, and its SQL fills a migrated PostgreSQL database with rows
that the pages read like any other (here the `tiny` size, in the test
database's transaction)."""

import pytest
from django.db import connection
from django.urls import reverse

from bench import seed as bench_seed
from bench.seed_plan import SIZES, make_plan
from communities.markdown import render_markdown
from communities.models import Community, Meeting, Reflection, StaffMembership, User
from tests.conftest import require


@pytest.mark.parametrize("size", ["small", "large"])
def test_the_plan_keeps_the_shape_at_each_size(size):
    plan = make_plan(SIZES[size], first_user_id=1)
    guided = dict.fromkeys(plan.tutor_ids, 0)
    for community in plan.communities:
        guided[community.school.tutor_id] += 1
    assert guided[plan.tutor_ids[0]] == 50
    assert plan.schools[0].teachers + 1 == 60
    assert plan.user_count == SIZES[size].users
    assert len(plan.communities) == SIZES[size].communities
    assert sum(c.meetings for c in plan.communities) == SIZES[size].meetings
    assert sum(sum(c.journal) for c in plan.communities) == SIZES[size].journal
    assert plan.communities[0].journal[0] == 400
    assert {c.phase for c in plan.communities} == {"integration", "development", "dissemination"}


def test_it_refuses_a_database_not_named_for_the_bench():
    with pytest.raises(SystemExit):
        bench_seed.check_name("cas")
    assert bench_seed.check_name("cas_bench_large") == "cas_bench_large"


@pytest.fixture
def tiny(db):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    with connection.cursor() as cursor:
        return bench_seed.seed(cursor.cursor, "tiny", log=lambda line: None)


@pytest.mark.postgres
def test_the_tiny_seed_writes_what_its_size_says(tiny):
    size = SIZES["tiny"]
    assert tiny.counts["communities_school"] == size.schools
    assert tiny.counts["communities_user"] == size.users
    assert tiny.counts["communities_community"] == size.communities
    assert tiny.counts["communities_reflection"] == size.journal
    assert tiny.counts["communities_meeting"] == size.meetings
    assert abs(tiny.counts["diagnostics_answer"] - size.answers) < 30
    assert tiny.counts["workshops_workshop"] == size.workshop_schools
    assert set(tiny.people) == {"teacher", "director", "tutor", "admin"}
    assert {"community", "meeting", "school", "campaign", "workshop_run", "workshop_space"} <= set(tiny.ids)


@pytest.mark.postgres
def test_the_plan_counts_the_held_sessions_as_the_sql_writes_them(tiny):
    """The journal links entries to held sessions by the plan's count of
    them (so that it need not wait for the meetings to be written)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM seed_cas s WHERE n_past <> (SELECT count(*) FROM communities_meeting m "
            "WHERE m.community_id = s.community_id AND m.starts_at < statement_timestamp())"
        )
        assert cursor.fetchone()[0] == 0


@pytest.mark.postgres
def test_the_representative_people_hold_their_roles(tiny):
    community = Community.objects.get(pk=tiny.ids["community"])
    teacher = User.objects.get(email=tiny.people["teacher"])
    assert community.director.email == tiny.people["director"]
    assert community.tutor.email == tiny.people["tutor"]
    assert teacher.pk in community.member_ids()
    assert community.school_id == tiny.ids["school"]
    assert StaffMembership.objects.filter(school_id=tiny.ids["school"]).exclude(role="tutor").count() == 12
    assert User.objects.get(email=tiny.people["admin"]).is_superuser
    assert Meeting.objects.get(pk=tiny.ids["meeting"]).minutes
    assert teacher.check_password(bench_seed.PASSWORD)


@pytest.mark.postgres
def test_nothing_is_dated_after_the_seed_ran(tiny):
    from django.utils import timezone

    from communities.models import AgendaItem, Practice, ProgressUpdate, ReflectionComment

    now = timezone.now()
    for model in (Reflection, Meeting, AgendaItem, Practice, ProgressUpdate, ReflectionComment):
        assert not model.objects.filter(created_at__gt=now).exists(), model.__name__


@pytest.mark.postgres
def test_the_stored_html_is_what_the_markdown_renders_to(tiny):
    for entry in Reflection.objects.order_by("pk")[:50]:
        assert entry.body_html == render_markdown(entry.body)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("teacher", "/"),
        ("director", "/"),
        ("tutor", "/"),
        ("teacher", "community"),
        ("teacher", "meeting"),
        ("teacher", "/journal/"),
        ("director", "results"),
        ("teacher", "sala"),
        ("teacher", "space"),
    ],
)
def test_the_seeded_people_open_their_pages(tiny, client, role, page):
    ids = tiny.ids
    url = {
        "community": f"/cas/{ids['community']}/",
        "meeting": f"/cas/{ids['community']}/meetings/{ids['meeting']}/",
        "results": reverse("diagnostics:results", args=[ids["campaign"]]),
        "sala": reverse("workshops:sala", args=[ids["workshop_run"]]),
        "space": reverse("workshops:space", args=[ids["workshop_run"], tiny.workspace]),
    }.get(page, page)
    client.force_login(User.objects.get(email=tiny.people[role]))
    assert client.get(url).status_code == 200


@pytest.mark.postgres
def test_a_broken_reference_fails_the_seed(tiny):
    """The seed's bulk check catches an orphan the way the deferred keys would
    at commit (which a trusted seed skips)."""
    from bench import seed_fill

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO communities_membership (joined_at, community_id, teacher_id) VALUES (now(), 987654321, %s)",
            [User.objects.get(email=tiny.people["teacher"]).pk],
        )
        fill = seed_fill.Fill(cursor.cursor, plan=None, now=None, today="", school_year="", password_hash="")
        with pytest.raises(RuntimeError, match="communities_membership.community_id"):
            seed_fill.check_references(fill)
        # Gone again before the test's end checks the deferred keys.
        cursor.execute("DELETE FROM communities_membership WHERE community_id = 987654321")
