"""The journal pages: what a member sees and does, bad input, query counts."""

import pytest
from django.urls import reverse

from communities.access import visible_reflections
from communities.markdown import render_markdown
from communities.models import (
    Phase,
    Reflection,
    ReflectionPrompt,
    TeachingDimension,
    Visibility,
)
from communities.services.journal import write_reflection
from tests.conftest import join, more_teachers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("markdown", "absent"),
    [
        ("<script>alert(1)</script>hola", "<script"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ("[clic](javascript:alert(1))", "javascript:"),
        ('<a href="https://x.mx" onclick="robar()">x</a>', "onclick"),
        ("<style>body{display:none}</style>", "<style"),
        ('<p style="color:red">rojo</p>', "style="),
        ("<iframe src=https://malo.example></iframe>", "<iframe"),
        ('<svg onload="alert(1)"></svg>', "<svg"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ],
)
def test_the_sanitiser_drops_anything_that_runs(markdown, absent):
    assert absent not in render_markdown(markdown).lower()


def test_the_sanitiser_keeps_the_markdown_people_write():
    html = render_markdown("**Negritas**, *cursivas* y [SEP](https://www.gob.mx/sep)\n\n- uno\n- dos")
    assert "<strong>Negritas</strong>" in html
    assert "<em>cursivas</em>" in html
    assert '<a href="https://www.gob.mx/sep" rel="noopener noreferrer nofollow">SEP</a>' in html
    assert "<li>uno</li>" in html


def test_html_in_a_title_is_shown_as_text(client, cas, teacher, catalogue):
    entry = write_reflection(
        actor=teacher,
        community=cas,
        title="<b>Hola</b><script>x()</script>",
        body="<script>x()</script>ok",
        visibility=Visibility.COMMUNITY,
    )
    client.force_login(cas.director)
    html = client.get(reverse("communities:reflection", args=[entry.pk])).content.decode()
    assert "&lt;b&gt;Hola&lt;/b&gt;&lt;script&gt;" in html
    assert "<script>x()" not in html


def test_a_teacher_writes_from_a_prompt(client, cas, teacher, catalogue):
    prompt = ReflectionPrompt.objects.filter(phase=Phase.INTEGRATION).first()
    client.force_login(teacher)
    home = client.get(reverse("communities:home")).content.decode()
    assert "Una pregunta para tu bitácora" in home
    url = reverse("communities:reflection_create") + f"?prompt={prompt.pk}"
    assert prompt.text in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "community": cas.pk,
            "title": "Lo que espero",
            "body": "Aprender a escuchar.",
            "written_on": "2026-11-01",
            "visibility": "private",
            "dimensions": [TeachingDimension.objects.get(code="personal").pk],
        },
    )
    entry = Reflection.objects.get()
    assert response["Location"] == reverse("communities:reflection", args=[entry.pk])
    assert (entry.prompt, entry.visibility, entry.body_html) == (prompt, "private", "<p>Aprender a escuchar.</p>")


def test_a_visibility_not_offered_is_refused(client, cas, teacher, catalogue):
    client.force_login(teacher)
    response = client.post(
        reverse("communities:reflection_create"),
        {"community": cas.pk, "title": "T", "body": "B", "written_on": "2026-11-01", "visibility": "everyone"},
    )
    assert "Elige una de las opciones que se ofrecen." in response.content.decode()
    assert not Reflection.objects.exists()


def test_a_community_the_teacher_is_not_in_is_refused(client, cas, teacher, outsider, other_school, catalogue):
    from communities.services.communities import create_community
    from tests.factories import StaffMembershipFactory, UserFactory

    director, tutor = UserFactory(), UserFactory()
    StaffMembershipFactory(user=director, school=other_school, role="director")
    StaffMembershipFactory(user=tutor, school=other_school, role="tutor")
    foreign = create_community(actor=director, school=other_school, school_year="2026-2027", tutor=tutor)
    client.force_login(teacher)
    response = client.post(
        reverse("communities:reflection_create"),
        {"community": foreign.pk, "title": "T", "body": "B", "written_on": "2026-11-01", "visibility": "private"},
    )
    assert response.status_code == 200
    assert not Reflection.objects.exists()


def test_only_the_author_edits_or_deletes(client, cas, teacher, catalogue):
    entry = write_reflection(actor=teacher, community=cas, title="Mía", body="Texto", visibility="community")
    client.force_login(cas.director)
    assert client.get(reverse("communities:reflection_edit", args=[entry.pk])).status_code == 403
    assert client.post(reverse("communities:reflection_delete", args=[entry.pk])).status_code == 403
    client.force_login(teacher)
    response = client.post(
        reverse("communities:reflection_edit", args=[entry.pk]),
        {
            "community": cas.pk,
            "title": "Mía, corregida",
            "body": "Nuevo *texto*",
            "written_on": "2026-11-02",
            "visibility": "private",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.title, entry.visibility, entry.body_html) == (
        "Mía, corregida",
        "private",
        "<p>Nuevo <em>texto</em></p>",
    )
    client.post(reverse("communities:reflection_delete", args=[entry.pk]))
    assert not Reflection.objects.exists()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"dimension": "astrologica"}, "Seleccione una opción válida"),
        ({"q": "x" * 20000}, "Busca con un máximo de 200 caracteres."),
        ({"since": "ayer"}, "Introduzca una fecha válida"),
    ],
)
def test_bad_filters_get_a_message_and_show_nothing_raw(client, cas, teacher, catalogue, params, message):
    write_reflection(actor=teacher, community=cas, title="Visible", body="Texto", visibility="community")
    client.force_login(teacher)
    response = client.get(reverse("communities:journal"), params)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Visible" not in html
    assert "x" * 300 not in html


def test_search_finds_words_in_title_and_body(client, cas, teacher, catalogue):
    write_reflection(actor=teacher, community=cas, title="Convivencia", body="El grupo escuchó", visibility="community")
    write_reflection(actor=teacher, community=cas, title="Otra cosa", body="Nada que ver", visibility="community")
    client.force_login(cas.director)
    html = client.get(reverse("communities:journal"), {"q": "convivencia"}).content.decode()
    assert "Convivencia" in html and "Otra cosa" not in html


def test_journal_list_is_paginated_with_fixed_queries(client, cas, teacher, catalogue, django_assert_max_num_queries):
    dimension = TeachingDimension.objects.first()
    for n in range(25):
        write_reflection(
            actor=teacher,
            community=cas,
            title=f"Entrada {n}",
            body="Texto",
            visibility="community",
            dimensions=[dimension],
        )
    client.force_login(cas.director)
    # 10, and one each for the workshop's labels and its panel of prompts.
    with django_assert_max_num_queries(13):
        first = client.get(reverse("communities:journal"))
    assert first.content.decode().count("visibility-community") == 20
    with django_assert_max_num_queries(13):
        second = client.get(reverse("communities:journal"), {"page": 2})
    assert second.content.decode().count("visibility-community") == 5


def test_more_members_join_and_see_shared_entries(cas, teacher, school, catalogue):
    entry = write_reflection(actor=teacher, community=cas, title="Compartida", body="Texto", visibility="community")
    newcomer = more_teachers(school, 1)[0]
    assert entry not in visible_reflections(newcomer)
    join(cas, newcomer)
    assert entry in visible_reflections(newcomer)


def test_date_fields_render_iso_dates_for_the_phone_date_picker(client, cas, teacher, catalogue):
    from django.utils import timezone

    client.force_login(teacher)
    html = client.get(reverse("communities:reflection_create")).content.decode()
    assert f'type="date" name="written_on" value="{timezone.localdate().isoformat()}"' in html


@pytest.mark.parametrize(
    "name", ["journal", "reflection_create", "notifications", "practices", "practice_create", "calendar"]
)
def test_personal_pages_send_anonymous_visitors_to_sign_in(client, name):
    response = client.get(reverse(f"communities:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_writing_needs_a_cas_and_sharing_needs_a_school(client, colleague, admin_user):
    client.force_login(colleague)  # works at the school, not in its CAS
    assert client.get(reverse("communities:reflection_create")).status_code == 403
    client.force_login(admin_user)  # platform staff, no school
    assert client.get(reverse("communities:practice_create")).status_code == 403


def test_an_entry_links_to_a_meeting_and_a_goal_of_its_cas(client, cas, teacher, skills, catalogue):
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from communities.services.goals import set_goal
    from tests.conftest import held, schedule

    meeting = held(schedule(cas), days_ago=2)
    goal = set_goal(
        actor=cas.director,
        community=cas,
        statement="Meta",
        skill=skills["colaboracion"],
        indicator="Reportes",
        unit="reportes",
        baseline=Decimal(10),
        target=Decimal(5),
        due_date=timezone.localdate() + timedelta(30),
        owner=teacher,
    )
    client.force_login(teacher)
    response = client.post(
        reverse("communities:reflection_create"),
        {
            "community": cas.pk,
            "title": "Después de la sesión",
            "body": "Texto",
            "written_on": timezone.localdate(),
            "visibility": "community",
            "meeting": meeting.pk,
            "goal": goal.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:300]
    entry = Reflection.objects.get()
    assert (entry.meeting, entry.goal) == (meeting, goal)
    html = client.get(reverse("communities:reflection", args=[entry.pk])).content.decode()
    assert meeting.purpose in html and goal.statement in html


def test_the_journal_and_its_search_take_the_same_queries_with_more_entries(
    client, cas, teacher, catalogue, django_assert_max_num_queries
):
    dimension = TeachingDimension.objects.first()

    def write(n):
        for k in range(n):
            write_reflection(
                actor=teacher,
                community=cas,
                title=f"Convivencia {k}",
                body="Los alumnos y la convivencia",
                visibility="community",
                dimensions=[dimension],
            )

    client.force_login(cas.director)
    url = reverse("communities:journal")
    write(2)
    # The first visit reads the catalogues' lists into the cache (two queries more).
    client.get(url)
    for query in ({}, {"q": "convivencia"}):
        with django_assert_max_num_queries(11) as few:
            assert client.get(url, query).status_code == 200
        write(25)
        with django_assert_max_num_queries(11) as many:
            assert client.get(url, query).status_code == 200
        assert len(many.captured_queries) == len(few.captured_queries)
