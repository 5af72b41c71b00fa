"""The workshop's pages: each answers in a fixed number of queries whatever
the number of contributions, two people saving one text see the conflict and
both texts, bad input gets a message next to its field and changes nothing,
and the downloads are what they say."""

import pytest
from django.urls import reverse

from communities.models import StaffMembership
from tests.factories import StaffMembershipFactory
from tests.workshops.conftest import dimensions, open_space, problems
from workshops.models import (
    Calligram,
    CalligramWord,
    CollaborativeProposal,
    PathMilestone,
    Situation,
    SpaceRun,
    WorkSpace,
)
from workshops.services import calligram, huella, lupa, proposals, runs

pytestmark = pytest.mark.django_db

TOO_BIG = "99999999999999999999"
HUGE = "x" * 100_000


def _space(workshop, workspace: str) -> str:
    return reverse("workshops:space", args=[workshop.pk, workspace])


def _fill(workshop, director, teachers: int) -> None:
    """`teachers` teachers each add a milestone, a light, a situation and two words."""
    people = [
        StaffMembershipFactory(school=workshop.school, role=StaffMembership.Role.TEACHER).user for _ in range(teachers)
    ]
    axis = workshop.template.axes.first()
    open_space(workshop, WorkSpace.HUELLA_COLECTIVA, director)
    for n, person in enumerate(people):
        huella.add_path_milestone(
            actor=person, workshop=workshop, year=2000 + n, title=f"Hito {n}", meaning="Aprendí.", kind="reto"
        )
        huella.rate_axes(actor=person, workshop=workshop, lights={axis.pk: "verde"})
    open_space(workshop, WorkSpace.PRACTICA_BAJO_LA_LUPA, director)
    named = problems(workshop, director, 2)
    for n, person in enumerate(people):
        situation = lupa.describe_situation(
            actor=person,
            workshop=workshop,
            description=f"Situación {n}",
            observed="Se observa.",
            reasons="Porque sí.",
            change="Otra cosa.",
            dimensions=dimensions("didactica", "social"),
        )
        lupa.group_situations(actor=director, problem=named[n % 2], situations=[situation])
    open_space(workshop, WorkSpace.CALIGRAMA, director)
    for person in people:
        calligram.add_words(actor=person, workshop=workshop, text="confianza, diálogo")


PAGES = [
    ("detail", lambda w: reverse("workshops:detail", args=[w.pk]), 20),
    ("sala", lambda w: reverse("workshops:sala", args=[w.pk]), 14),
    ("huella", lambda w: _space(w, WorkSpace.HUELLA_COLECTIVA), 21),
    ("lupa", lambda w: _space(w, WorkSpace.PRACTICA_BAJO_LA_LUPA), 23),
    ("construyendo", lambda w: _space(w, WorkSpace.CONSTRUYENDO_EN_COLECTIVO), 21),
    ("caligrama", lambda w: _space(w, WorkSpace.CALIGRAMA), 21),
    ("directors", lambda w: reverse("workshops:directors", args=[w.pk]), 17),
    ("school", lambda w: reverse("workshops:school", args=[w.school_id]), 12),
]


@pytest.mark.parametrize(("name", "url", "limit"), PAGES, ids=[p[0] for p in PAGES])
def test_each_page_takes_the_same_queries_whatever_the_contributions(
    client, workshop, director, name, url, limit, django_assert_max_num_queries
):
    _fill(workshop, director, teachers=2)
    client.force_login(director)
    client.get(url(workshop))
    with django_assert_max_num_queries(limit) as few:
        assert client.get(url(workshop)).status_code == 200
    more = [StaffMembershipFactory(school=workshop.school, role=StaffMembership.Role.TEACHER).user for _ in range(12)]
    for n, person in enumerate(more):
        calligram.add_words(actor=person, workshop=workshop, text=f"palabra{n}, escucha")
    PathMilestone.objects.bulk_create(
        PathMilestone(workshop=workshop, author=p, year=2010, title="Otro hito", meaning="…", kind="reto") for p in more
    )
    Situation.objects.bulk_create(
        Situation(workshop=workshop, author=p, description="Otra", observed="o", reasons="r", change="c") for p in more
    )
    with django_assert_max_num_queries(limit) as many:
        assert client.get(url(workshop)).status_code == 200
    assert len(many) == len(few), name


def test_the_sala_answers_htmx_with_its_content_only(client, workshop, director, teacher):
    open_space(workshop, WorkSpace.HUELLA_COLECTIVA, director)
    huella.add_path_milestone(
        actor=teacher, workshop=workshop, year=2012, title="Mi primera plaza", meaning="…", kind="reto"
    )
    client.force_login(director)
    page = client.get(reverse("workshops:sala", args=[workshop.pk]), headers={"HX-Request": "true"})
    content = page.content.decode()
    assert "Mi primera plaza" in content and "<html" not in content
    full = client.get(reverse("workshops:sala", args=[workshop.pk])).content.decode()
    assert 'hx-trigger="every 5s"' in full and 'http-equiv="refresh"' in full


# --- Two people, one text -------------------------------------------------------------------------


def test_two_people_saving_one_proposal_see_the_conflict_and_both_texts(client, workshop, director, teacher):
    open_space(workshop, WorkSpace.CONSTRUYENDO_EN_COLECTIVO, director)
    proposal = proposals.start_proposal(
        actor=teacher, workshop=workshop, title="Familias", example="participacion-familias"
    )
    url = reverse("workshops:proposal", args=[workshop.pk, proposal.pk])
    started_from = proposal.revision
    client.force_login(teacher)
    assert (
        client.post(url, {"title": "Familias", "objective": "Texto de Teresa.", "revision": started_from}).status_code
        == 302
    )
    client.force_login(director)
    response = client.post(url, {"title": "Familias", "objective": "Texto de la directora.", "revision": started_from})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Texto de Teresa." in page  # what is saved now
    assert "Texto de la directora." in page  # what the director wrote, kept in the form
    assert f'name="revision" value="{started_from + 1}"' in page
    assert CollaborativeProposal.objects.get(pk=proposal.pk).objective == "Texto de Teresa."
    # Merged and saved again, on top of the current text: it goes through.
    merged = {"title": "Familias", "objective": "Texto de ambas.", "revision": started_from + 1}
    assert client.post(url, merged).status_code == 302
    assert CollaborativeProposal.objects.get(pk=proposal.pk).objective == "Texto de ambas."


def test_the_synthesis_conflict_keeps_both_texts(client, workshop, director, teacher):
    run = open_space(workshop, WorkSpace.HUELLA_COLECTIVA, director)
    url = reverse("workshops:synthesis", args=[workshop.pk, WorkSpace.HUELLA_COLECTIVA])
    runs.save_synthesis(actor=teacher, run=run, text="Venimos de lejos.", based_on=0)
    client.force_login(director)
    response = client.post(url, {"synthesis-text": "Somos muchos.", "synthesis-revision": "0"})
    assert response.status_code == 409
    assert "Venimos de lejos." in response.content.decode() and "Somos muchos." in response.content.decode()
    assert SpaceRun.objects.get(pk=run.pk).synthesis == "Venimos de lejos."


# --- Bad input --------------------------------------------------------------------------------------

NOT_A_YEAR = [TOO_BIG, "-1", "1\x002", HUGE, "<script>alert(1)</script>", ""]
NOT_A_TEXT = ["1\x002", HUGE, "   ", ""]
CASES = [("year", v) for v in NOT_A_YEAR] + [("kind", v) for v in NOT_A_YEAR]
CASES += [("title", v) for v in NOT_A_TEXT] + [("meaning", v) for v in NOT_A_TEXT]


@pytest.mark.parametrize(("field", "value"), CASES, ids=[f"{f}-{v[:12]!r}" for f, v in CASES])
def test_a_milestone_with_bad_input_gets_a_message_and_changes_nothing(
    client, workshop, director, teacher, field, value
):
    open_space(workshop, WorkSpace.HUELLA_COLECTIVA, director)
    client.force_login(teacher)
    data = {"year": "2010", "kind": "reto", "title": "Hito", "meaning": "Aprendí."} | {field: value}
    response = client.post(reverse("workshops:milestone_add", args=[workshop.pk]), data)
    assert response.status_code == 400
    assert f'id="error_1_id_{field}"' in response.content.decode() or "invalid-feedback" in response.content.decode()
    assert not PathMilestone.objects.exists()


def test_markup_in_a_milestone_is_kept_as_text_and_shown_escaped(client, workshop, director, teacher):
    open_space(workshop, WorkSpace.HUELLA_COLECTIVA, director)
    client.force_login(teacher)
    markup = "<script>alert(1)</script>"
    data = {"year": "2010", "kind": "reto", "title": markup, "meaning": markup}
    assert client.post(reverse("workshops:milestone_add", args=[workshop.pk]), data).status_code == 302
    page = client.get(_space(workshop, WorkSpace.HUELLA_COLECTIVA)).content.decode()
    assert markup not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("value", [TOO_BIG, "-5", "abc", "\x00", HUGE], ids=repr)
def test_hidden_fields_and_choices_with_bad_input_change_nothing(client, workshop, director, teacher, value):
    open_space(workshop, WorkSpace.CALIGRAMA, director)
    client.force_login(teacher)
    response = client.post(
        reverse("workshops:calligram_save", args=[workshop.pk]), {"shape": "corazon", "revision": value}
    )
    assert response.status_code == 400
    response = client.post(reverse("workshops:calligram_save", args=[workshop.pk]), {"shape": value, "revision": "0"})
    assert response.status_code == 400
    assert not Calligram.objects.exists()
    url = reverse("workshops:dot", args=[workshop.pk, 2**63])
    assert client.post(url, {"action": value}).status_code == 404


def test_a_word_with_emoji_or_too_long_is_refused_next_to_the_field(client, workshop, director, teacher):
    open_space(workshop, WorkSpace.CALIGRAMA, director)
    client.force_login(teacher)
    url = reverse("workshops:words_add", args=[workshop.pk])
    for text in ("🙂", "x" * 2000, "\x00"):
        response = client.post(url, {"text": text})
        assert response.status_code == 400
        assert "invalid-feedback" in response.content.decode()
    assert not CalligramWord.objects.exists()


def test_contributing_to_a_closed_space_says_so(client, workshop, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("workshops:milestone_add", args=[workshop.pk]),
        {"year": "2010", "kind": "reto", "title": "Hito", "meaning": "Aprendí."},
    )
    assert response.status_code == 400
    assert not PathMilestone.objects.exists()


# --- Downloads ------------------------------------------------------------------------------------


def test_the_calligram_downloads_as_svg_and_png(client, workshop, director, teacher):
    open_space(workshop, WorkSpace.CALIGRAMA, director)
    calligram.add_words(actor=teacher, workshop=workshop, text="confianza, confianza, diálogo")
    client.force_login(teacher)
    svg = client.get(reverse("workshops:calligram_svg", args=[workshop.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and "attachment" in svg["Content-Disposition"]
    assert b"confianza" in svg.content and "diálogo".encode() in svg.content
    png = client.get(reverse("workshops:calligram_png", args=[workshop.pk]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_the_carpeta_is_asked_for_built_and_downloaded(client, workshop, director, django_capture_on_commit_callbacks):
    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workshops:carpeta", args=[workshop.pk]))
    assert response.status_code == 302
    page = client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
    download = reverse("communities:report_download", args=[workshop.school.reports.get().pk])
    assert download in page
    pdf = client.get(download)
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_asking_twice_while_it_builds_builds_once(client, workshop, director):
    client.force_login(director)
    for _ in range(2):
        client.post(reverse("workshops:carpeta", args=[workshop.pk]))  # the build waits for the commit
    assert workshop.school.reports.count() == 1
