import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.access import visible_practices, visible_reflections
from communities.markdown import render_markdown
from communities.models import (
    MilestoneKind,
    Phase,
    Practice,
    Reflection,
    ReflectionPrompt,
    Strategy,
    TeachingDimension,
    Visibility,
)
from communities.services.journal import write_reflection
from communities.services.practices import share_practice
from communities.uploads import MAX_UPLOAD_BYTES
from tests.conftest import join, more_teachers

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(skills):
    from communities.catalogue import ensure_journal_catalogue
    from communities.models import Skill

    ensure_journal_catalogue(TeachingDimension, ReflectionPrompt, Strategy, Skill)


# --- Sanitiser ----------------------------------------------------------------------------


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


# --- Writing and bad input -----------------------------------------------------------------


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
    with django_assert_max_num_queries(12):
        first = client.get(reverse("communities:journal"))
    assert first.content.decode().count("visibility-community") == 20
    with django_assert_max_num_queries(12):
        second = client.get(reverse("communities:journal"), {"page": 2})
    assert second.content.decode().count("visibility-community") == 5


# --- Practice bank -------------------------------------------------------------------------


def _practice(author, school, scope, **extra):
    fields = {
        "kind": "practice",
        "title": extra.pop("title", f"Práctica {scope}"),
        "summary": "Resumen",
        "level": "basica",
        "grade": "2°",
        "subject": "Matemáticas",
        "duration": "1 sesión",
        "steps": "1. Paso",
        "materials": "",
    }
    return share_practice(actor=author, school=school, scope=scope, **(fields | extra))


def test_practices_reach_the_cas_the_school_or_every_school(cas, teacher, colleague, outsider, school, catalogue):
    in_cas = _practice(teacher, school, "community")
    in_school = _practice(teacher, school, "school")
    everywhere = _practice(teacher, school, "all")
    visible = {person: set(visible_practices(person)) for person in (cas.director, colleague, outsider)}
    assert visible[cas.director] == {in_cas, in_school, everywhere}
    assert visible[colleague] == {in_school, everywhere}
    assert visible[outsider] == {everywhere}


def test_practice_detail_of_another_school_is_404_unless_shared_with_all(client, teacher, outsider, school, catalogue):
    school_only = _practice(teacher, school, "school")
    everywhere = _practice(teacher, school, "all")
    client.force_login(outsider)
    assert client.get(reverse("communities:practice", args=[school_only.pk])).status_code == 404
    assert client.get(reverse("communities:practice", args=[everywhere.pk])).status_code == 200
    client.post(reverse("communities:practice_used", args=[everywhere.pk]))
    client.post(reverse("communities:practice", args=[everywhere.pk]), {"body": "La usé en Oaxaca."})
    assert everywhere.uses.filter(user=outsider).exists()
    assert everywhere.feedback.get().body == "La usé en Oaxaca."
    assert client.post(reverse("communities:practice_used", args=[school_only.pk])).status_code == 404


def test_practice_upload_checks_size_and_content(client, cas, teacher, school, catalogue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(teacher)
    data = {
        "kind": "practice",
        "title": "Con archivo",
        "summary": "S",
        "level": "basica",
        "steps": "Pasos",
        "scope": "school",
        "school": school.pk,
    }
    disguised = SimpleUploadedFile("planeacion.docx", b"%PDF-1.4 not a docx")
    response = client.post(reverse("communities:practice_create"), data | {"files": [disguised]})
    assert "no corresponde a su nombre (.docx)" in response.content.decode()
    big = SimpleUploadedFile("rubrica.pdf", b"%PDF-1.4" + b"0" * MAX_UPLOAD_BYTES)
    response = client.post(reverse("communities:practice_create"), data | {"files": [big]})
    assert "el límite es 10.0" in response.content.decode()
    assert not Practice.objects.exists()
    assert not any(tmp_path.rglob("*.*"))

    good = SimpleUploadedFile("rubrica.pdf", b"%PDF-1.4 rubrica")
    png = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    response = client.post(reverse("communities:practice_create"), data | {"files": [good, png]})
    practice = Practice.objects.get()
    assert sorted(practice.files.values_list("original_name", flat=True)) == ["foto.png", "rubrica.pdf"]
    stored = practice.files.get(original_name="rubrica.pdf")
    assert "rubrica" not in stored.file.name  # generated name
    download = client.get(reverse("communities:practice_file", args=[practice.pk, stored.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 rubrica"
    assert download["Content-Disposition"] == 'attachment; filename="rubrica.pdf"'


def test_bank_list_has_fixed_queries(client, cas, teacher, school, catalogue, django_assert_max_num_queries):
    for n in range(8):
        _practice(teacher, school, "all", title=f"Práctica {n}")
    client.force_login(teacher)
    with django_assert_max_num_queries(8):
        html = client.get(reverse("communities:practices")).content.decode()
    assert html.count("Práctica ") >= 8
    with django_assert_max_num_queries(8):
        client.get(reverse("communities:practices"), {"q": "Práctica 3", "level": "basica"})


# --- Strategies -----------------------------------------------------------------------------


def test_an_analysis_becomes_the_evidence_of_the_strategies_milestone(client, cas, teacher, catalogue):
    from communities.models import Community

    Community.objects.filter(pk=cas.pk).update(phase=Phase.DEVELOPMENT)
    strategy = Strategy.objects.first()
    client.force_login(teacher)
    client.post(
        reverse("communities:strategies", args=[cas.pk]),
        {"strategy": strategy.pk, "group": "1° A", "analysis": "Funciona al inicio.", "adaptation": "Con tarjetas."},
    )
    analysis = cas.strategy_analyses.get()
    url = reverse("communities:analysis_evidence", args=[cas.pk, analysis.pk])
    assert client.post(url).status_code == 403  # the director chooses evidence
    client.force_login(cas.director)
    client.post(url)
    milestone = cas.milestones.get(kind=MilestoneKind.STRATEGIES)
    assert milestone.completed_by == cas.director
    assert strategy.title in milestone.evidence_text
    assert milestone.evidence_url.endswith(f"#analysis-{analysis.pk}")


def test_outsiders_do_not_see_the_strategies_page(client, cas, outsider, colleague):
    client.force_login(outsider)
    assert client.get(reverse("communities:strategies", args=[cas.pk])).status_code == 404
    client.force_login(colleague)
    assert client.get(reverse("communities:strategies", args=[cas.pk])).status_code == 403


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


def test_only_the_author_edits_a_practice(client, teacher, colleague, school, catalogue):
    practice = _practice(teacher, school, "school")
    url = reverse("communities:practice_edit", args=[practice.pk])
    client.force_login(colleague)
    assert client.get(url).status_code == 403
    client.force_login(teacher)
    data = {
        "kind": "project",
        "title": "Título nuevo",
        "summary": "S",
        "level": "basica",
        "steps": "**Paso**",
        "scope": "all",
        "school": school.pk,
    }
    assert client.post(url, data).status_code == 302
    practice.refresh_from_db()
    assert (practice.title, practice.scope, practice.steps_html) == (
        "Título nuevo",
        "all",
        "<p><strong>Paso</strong></p>",
    )


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


def test_sharing_with_my_cas_needs_a_cas_and_the_practice_records_it(cas, teacher, colleague, school, catalogue):

    with pytest.raises(ValidationError) as excinfo:
        _practice(colleague, school, "community")
    assert excinfo.value.message_dict["scope"] == [
        "Para compartirla con tu CAS debes formar parte de una en esta escuela."
    ]
    assert _practice(teacher, school, "school").community == cas  # where it came from


@pytest.mark.parametrize("name", ["level", "scope"])
def test_a_bank_filter_value_not_offered_is_not_shown_back(client, teacher, school, catalogue, name):
    _practice(teacher, school, "school", title="Visible")
    client.force_login(teacher)
    html = client.get(reverse("communities:practices"), {name: "x" * 20000}).content.decode()
    assert "Seleccione una opción válida" in html
    assert "x" * 300 not in html
    assert "Visible" not in html
