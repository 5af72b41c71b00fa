"""The workshop's section of the Difusión summary and of the progress report:
the products of the school's latest workshop, per work space; an axis of the
self-assessment rated by fewer than 5 people is never shown."""

import pytest
from django.urls import reverse

from communities import extensions
from communities.documents.summary_poster import summary_poster_pdf
from communities.services.diffusion import save_summary, summary_content
from tests.conftest import more_teachers
from tests.pdfs import Pdf
from tests.workshops.conftest import ENDS_ON, open_space, vote_on
from workshops.models import Light, WorkSpace
from workshops.services.calligram import add_words, save_calligram
from workshops.services.huella import add_path_milestone, rate_axes
from workshops.services.proposals import add_action, add_continuity_agreement, start_proposal
from workshops.summary import workshop_products

pytestmark = pytest.mark.django_db

# The workshop, its started spaces; the timeline's count; the ratings and the axes;
# the problems; the proposals; the continuity agreements; the words (two) and the calligram.
QUERIES = 11


def _lived(workshop, director, teacher, school):
    """Huella colectiva with two paths and the self-assessment (the first axis
    rated by five people, the second by two); the vote of the Lupa closed;
    a proposal with an action and a continuity agreement; the calligram's
    words and commitment."""
    people = [director, teacher, *more_teachers(school, 3)]
    axes = list(workshop.template.axes.order_by("position", "pk"))
    open_space(workshop, WorkSpace.HUELLA_COLECTIVA, director)
    for person, year in ((director, 2004), (teacher, 2016)):
        add_path_milestone(
            actor=person, workshop=workshop, year=year, title="Mi primera plaza", meaning="…", kind="reto"
        )
    for n, person in enumerate(people):
        lights = {axes[0].pk: Light.GREEN if n < 3 else Light.YELLOW}
        if n < 2:
            lights[axes[1].pk] = Light.RED
        rate_axes(actor=person, workshop=workshop, lights=lights)
    vote_on(workshop, director, [(director, [1, 1]), (teacher, [1, 2])])
    open_space(workshop, WorkSpace.CONSTRUYENDO_EN_COLECTIVO, director)
    proposal = start_proposal(
        actor=teacher, workshop=workshop, title="Familias en el aula", example="participacion-familias"
    )
    add_action(actor=teacher, proposal=proposal, text="Invitar a las familias", owner=teacher, due_on=ENDS_ON)
    add_continuity_agreement(actor=teacher, proposal=proposal, horizon=15, text="Contar a las familias", owner=teacher)
    open_space(workshop, WorkSpace.CALIGRAMA, director)
    add_words(actor=teacher, workshop=workshop, text="confianza, escucha")
    add_words(actor=director, workshop=workshop, text="confianza")
    save_calligram(actor=teacher, workshop=workshop, shape="corazon", commitment="Escucharnos.", based_on=0)
    return axes


def test_nothing_is_added_without_a_workshop_or_before_its_first_space(cas, workshop):
    assert workshop_products(cas) is None  # the workshop is set up, no space opened


def test_each_work_space_shows_its_product(cas, workshop, director, teacher, school):
    axes = _lived(workshop, director, teacher, school)
    section = workshop_products(cas)
    products = dict(section.rows)
    assert "2" in products["Huella colectiva"]  # two milestones, two paths
    assessment = products["Huella colectiva: autoevaluación"]
    assert axes[0].name in assessment and str(Light.GREEN.label) in assessment
    assert "Problema común 2" in products["La práctica docente bajo la lupa"]  # the most voted, first
    assert "Familias en el aula" in products["Construyendo en colectivo"]
    assert any("Contar a las familias" in text for space, text in section.rows if "15" in space)
    assert "confianza (2)" in products["Caligrama de la comunidad"]
    assert "Escucharnos." in products["Caligrama de la comunidad"]
    assert section.bars[0] == ("Problema común 2", 3.0, 3.0)


def test_an_axis_rated_by_fewer_than_five_people_is_never_shown(cas, workshop, director, teacher, school):
    axes = _lived(workshop, director, teacher, school)
    section = workshop_products(cas)
    assessment = dict(section.rows)["Huella colectiva: autoevaluación"]
    assert axes[1].name not in assessment  # two people rated it red: their lights could be told
    assert str(Light.RED.label) not in assessment
    assert "1" in assessment  # says that one axis is left out
    assert "5" in section.note


def test_the_section_takes_a_fixed_number_of_queries(
    cas, workshop, director, teacher, school, django_assert_num_queries
):
    _lived(workshop, director, teacher, school)
    with django_assert_num_queries(QUERIES):
        workshop_products(cas)
    add_words(actor=teacher, workshop=workshop, text="respeto, diálogo, paciencia")
    open_space(workshop, WorkSpace.CONSTRUYENDO_EN_COLECTIVO, director)
    proposal = start_proposal(
        actor=director, workshop=workshop, title="Evaluar para aprender", example="evaluacion-formativa"
    )
    for n in range(3):
        add_action(actor=director, proposal=proposal, text=f"Acción {n}", owner=teacher, due_on=ENDS_ON)
    with django_assert_num_queries(QUERIES):
        workshop_products(cas)


def test_the_summary_page_with_the_products_takes_a_fixed_number_of_queries(
    client, cas, workshop, director, teacher, school, django_assert_num_queries
):
    _lived(workshop, director, teacher, school)
    client.force_login(teacher)
    url = reverse("communities:summary", args=[cas.pk])
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(url).status_code == 200
    add_words(actor=teacher, workshop=workshop, text="respeto, diálogo")
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(url).status_code == 200


# The page of tests/communities/test_diffusion.py without its goals' updates (no
# goals here): 13, of which one found no workshop; here the section's 11 instead.
PAGE_QUERIES = 13 - 1 + QUERIES


def test_the_section_serves_the_summary_and_the_progress_report(cas, workshop, director, teacher, school):
    _lived(workshop, director, teacher, school)
    for document in ("summary", "community"):
        assert any("Familias en el aula" in str(s.rows) for s in extensions.sections_for(document, cas))


def test_the_summary_shows_the_products_on_the_page_and_the_poster(client, cas, workshop, director, teacher, school):
    _lived(workshop, director, teacher, school)
    summary = save_summary(actor=cas.director, community=cas, headline="Lo que logramos", message="Gracias.")
    client.force_login(teacher)
    html = client.get(reverse("communities:summary", args=[cas.pk])).content.decode()
    assert "Familias en el aula" in html and "Escucharnos." in html
    pdf = Pdf(summary_poster_pdf(content=summary_content(summary)))
    assert len(pdf.pages) == 1
    assert pdf.has("Problema común 2")  # a bar of the vote
