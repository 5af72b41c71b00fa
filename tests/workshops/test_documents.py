"""The workshop's printed documents: the directors' poster (one page whatever
the lengths) and the Carpeta para la reflexión (every space's product, a
fixed number of queries). The PDFs are read with the standard library: the
cross-reference table is checked, the streams inflated and the text decoded
through each font's ToUnicode map (the Vera subsets do not print text as is)."""

import re
from datetime import date

import pytest
from django.utils.translation import gettext as _

from communities.models import StaffMembership
from tests.pdfs import Pdf
from tests.pdfs import squeezed as _squeezed
from tests.workshops.conftest import DIRECTORS_DAY, ENDS_ON, STARTS_ON, staff
from workshops.documents import carpeta_pdf, poster_pdf
from workshops.models import ContinuityAgreement, Light, SpaceRun, WorkSpace
from workshops.services.calligram import add_words, save_calligram
from workshops.services.directors import add_commitment, save_directors_day
from workshops.services.huella import add_path_milestone, rate_axes
from workshops.services.lupa import (
    add_problem,
    close_voting,
    describe_situation,
    group_situations,
    open_voting,
    place_dot,
)
from workshops.services.proposals import add_action, add_continuity_agreement, save_proposal, start_proposal
from workshops.services.runs import conclude_space, open_space, save_synthesis, set_up_workshop

pytestmark = pytest.mark.django_db

Role = StaffMembership.Role


# --- A workshop with content in every space, built through the services ------------------------------


def _set_up(director, school, template):
    return set_up_workshop(
        actor=director,
        school=school,
        template=template,
        starts_on=STARTS_ON,
        ends_on=ENDS_ON,
        directors_day=DIRECTORS_DAY,
    )


def _open(workshop, facilitator, workspace) -> SpaceRun:
    return open_space(actor=facilitator, run=workshop.spaces.get(space__workspace=workspace))


def _close(run, facilitator, synthesis: str = "") -> None:
    if synthesis:
        run = save_synthesis(actor=facilitator, run=run, text=synthesis, based_on=run.revision)
    conclude_space(actor=facilitator, run=run)


def _staff(school, role, n: int):
    return staff(school, role, f"persona{n}-{school.pk}@escuela.test", f"Persona{n} Apellido{n}")


def _fill(workshop, director, people, count: int) -> None:
    """`count` milestones, situations and words, spread over `people`; four
    common problems voted on, a proposal with its action and agreements, a
    calligram, and each space's synthesis."""
    template = workshop.template
    dimensions = list(template.dimensions.order_by("position"))
    axes = list(template.axes.order_by("position"))

    run = _open(workshop, director, WorkSpace.HUELLA_COLECTIVA)
    for n in range(count):
        add_path_milestone(
            actor=people[n % len(people)],
            workshop=workshop,
            year=2000 + n % 20,
            title=f"Hito número {n}",
            meaning=f"Lo que significó el hito {n}.",
            kind=["formacion", "experiencia", "reto", "aprendizaje"][n % 4],
        )
    for n, person in enumerate(people):
        rate_axes(actor=person, workshop=workshop, lights={axis.pk: Light.values[n % 3] for axis in axes})
    _close(run, director, "Venimos de caminos distintos y compartimos la escucha.")

    run = _open(workshop, director, WorkSpace.PRACTICA_BAJO_LA_LUPA)
    situations = [
        describe_situation(
            actor=people[n % len(people)],
            workshop=workshop,
            description=f"Situación {n} de mi práctica",
            observed="Observo silencio.",
            reasons="Porque no pregunto.",
            change="Preguntar más.",
            dimensions=[dimensions[n % len(dimensions)]],
        )
        for n in range(count)
    ]
    problems = [
        add_problem(
            actor=director,
            workshop=workshop,
            title=title,
            description=f"Descripción de «{title}».",
            dimensions=dimensions[n : n + 2],
        )
        for n, title in enumerate(
            ["Poca participación de las familias", "Evaluación sin retroalimentación", "Tiempo escaso", "Aulas llenas"]
        )
    ]
    for n, problem in enumerate(problems):
        group_situations(actor=director, problem=problem, situations=situations[n :: len(problems)])
    open_voting(actor=director, workshop=workshop)
    for person in people:
        place_dot(actor=person, problem=problems[0])
        place_dot(actor=person, problem=problems[1])
    place_dot(actor=people[0], problem=problems[2])
    ranked = close_voting(actor=director, workshop=workshop)
    _close(run, director, "Nos preocupa la participación de las familias.")

    run = _open(workshop, director, WorkSpace.CONSTRUYENDO_EN_COLECTIVO)
    proposal = start_proposal(actor=people[-1], workshop=workshop, title="Familias al aula", problem=ranked[0])
    save_proposal(
        actor=people[-1],
        proposal=proposal,
        based_on=proposal.revision,
        title="Familias al aula",
        objective="Que cada familia visite el aula una vez al mes.",
        resources="Calendario compartido y carteles.",
        evaluation="Contaremos las visitas cada mes.",
    )
    add_action(actor=director, proposal=proposal, text="Enviar invitaciones", owner=people[-1], due_on=date(2026, 2, 2))
    add_continuity_agreement(actor=director, proposal=proposal, horizon=15, text="Revisar visitas", owner=director)
    add_continuity_agreement(
        actor=director, proposal=proposal, horizon=30, text="Ajustar el calendario", owner=director
    )
    _close(run, director, "Dos propuestas y un calendario.")

    run = _open(workshop, director, WorkSpace.CALIGRAMA)
    for n in range(count):
        add_words(actor=people[n % len(people)], workshop=workshop, text=f"palabra{chr(97 + n % 26)}{n}")
    add_words(actor=director, workshop=workshop, text="diálogo, confianza, diálogo")
    save_calligram(
        actor=director, workshop=workshop, shape="corazon", commitment="Nos escuchamos sin prisa.", based_on=0
    )
    _close(run, director, "Somos una comunidad que escucha.")


@pytest.fixture
def full_workshop(workshop, director, teacher):
    """The conftest's workshop with three contributions of each kind."""
    _fill(workshop, director, [director, teacher], 3)
    return workshop


# --- The Carpeta ------------------------------------------------------------------------------------


def test_the_carpeta_holds_every_space_product(full_workshop, school, director, teacher, template):
    workshop = full_workshop
    pdf = Pdf(carpeta_pdf(workshop=workshop))
    cover = pdf.pages[0]
    for text in (template.title, template.edition, school.name, workshop.school_year, "Carpeta para la reflexión"):
        assert _squeezed(text) in _squeezed(cover), text
    assert pdf.has(template.general_purpose) and pdf.has(template.specific_purpose)
    for space in WorkSpace.labels:
        assert pdf.has(space)
    # Huella colectiva: the timeline and the lights per axis.
    for text in ("Hito número 0", "Hito número 2", "2001", "Dora · ", "Teresa · "):
        assert pdf.has(text), text
    assert pdf.has("Propósito compartido 1 1 0")  # green, yellow, red: how many, not who
    assert pdf.has("Venimos de caminos distintos y compartimos la escucha.")
    # La práctica docente bajo la lupa: the matrix and the ranked problems, the prioritised marked.
    for text in ("Poca participación de las familias", "Aulas llenas", "Institucional", _("Prioritised")):
        assert pdf.has(text), text
    assert pdf.has("Nos preocupa la participación de las familias.")
    # Construyendo en colectivo.
    for text in (
        "Familias al aula",
        "Que cada familia visite el aula una vez al mes.",
        "Enviar invitaciones",
        "Calendario compartido y carteles.",
        "Contaremos las visitas cada mes.",
        "Dos propuestas y un calendario.",
    ):
        assert pdf.has(text), text
    # Caligrama: the picture, its commitment and the words.
    assert b"/Subtype /Image" in pdf.data
    assert pdf.has("Nos escuchamos sin prisa.") and pdf.has("diálogo (2)")
    assert pdf.has("Somos una comunidad que escucha.")
    # The agreements, at 15 and 30 days, and who took part.
    assert pdf.has("Revisar visitas") and pdf.has("Ajustar el calendario")
    assert pdf.has(str(ContinuityAgreement.Status.PENDING.label))
    assert pdf.has(_("Participants")) and pdf.has(director.full_name) and pdf.has(teacher.full_name)
    pages = len(pdf.pages)
    assert pdf.has(_("Page %(page)s of %(pages)s") % {"page": pages, "pages": pages})


def test_the_ranked_problems_show_their_votes_and_which_are_prioritised(full_workshop):
    text = Pdf(carpeta_pdf(workshop=full_workshop)).text
    ranked = _squeezed(text[text.index(_("Common problems, ranked by the vote")) : text.index("Nos preocupa")])
    # Two votes each on the first two problems, one on the third: the first three are the challenges.
    rows = [
        (1, "Poca participación de las familias", 2, True),
        (2, "Evaluación sin retroalimentación", 2, True),
        (3, "Tiempo escaso", 1, True),
        (4, "Aulas llenas", 0, False),
    ]
    pattern = "".join(
        rf"{place}{re.escape(_squeezed(title))}Descripciónde«{re.escape(_squeezed(title))}»\.\D*"
        rf"{votes}{re.escape(_squeezed(_('Prioritised'))) if prioritised else ''}"
        for place, title, votes, prioritised in rows
    )
    assert re.search(pattern, ranked), ranked


def test_the_carpeta_is_the_same_bytes_each_time(full_workshop):
    assert carpeta_pdf(workshop=full_workshop) == carpeta_pdf(workshop=full_workshop)


def test_a_space_not_started_says_so_instead_of_its_product(workshop, director):
    pdf = Pdf(carpeta_pdf(workshop=workshop))
    assert pdf.text.count(_("Not started yet.")) == 4
    assert pdf.has(_("No continuity agreements yet."))
    assert pdf.has(f"{director.full_name} ({_('the director')})")


def test_empty_products_say_so(workshop, director):
    for workspace in WorkSpace.values:
        _close(_open(workshop, director, workspace), director)
    pdf = Pdf(carpeta_pdf(workshop=workshop))
    for message in (
        _("No milestones yet."),
        _("Nobody has rated the axes yet."),
        _("No common problems yet."),
        _("No proposals yet."),
        _("No words yet."),
        _("No continuity agreements yet."),
    ):
        assert pdf.has(message), message
    assert pdf.text.count(_("No synthesis yet.")) == 4
    assert b"/Subtype /Image" not in pdf.data


def test_peoples_text_is_printed_as_written(workshop, director):
    run = _open(workshop, director, WorkSpace.HUELLA_COLECTIVA)
    add_path_milestone(actor=director, workshop=workshop, year=2010, title="A < B & C", meaning="x", kind="reto")
    _close(run, director, '<b>Tom & "Jerry"</b> <font size=40>🌱 שלום\n\n</para>&amp; fin')
    pdf = Pdf(carpeta_pdf(workshop=workshop))
    assert pdf.has("A < B & C")
    assert pdf.has('<b>Tom & "Jerry"</b> <font size=40>')
    assert pdf.has("</para>&amp; fin")
    # Vera has no Hebrew letters nor emoji: they print as empty boxes, and the text goes on.
    assert pdf.has("<font size=40>") and "fin" in pdf.text


def test_a_long_timeline_runs_over_several_pages(workshop, director, teacher):
    run = _open(workshop, director, WorkSpace.HUELLA_COLECTIVA)
    for n in range(45):
        add_path_milestone(
            actor=teacher, workshop=workshop, year=1980 + n, title=f"Hito {n}", meaning="m", kind="formacion"
        )
    _close(run, director)
    pdf = Pdf(carpeta_pdf(workshop=workshop))
    pages = [n for n, page in enumerate(pdf.pages) if "Hito" in page]
    assert len(pages) >= 2
    assert all(pdf.has(f"Hito {n}") for n in range(45))


def test_the_carpetas_queries_do_not_grow_with_the_contributions(
    school, other_school, director, teacher, template, django_assert_max_num_queries, django_assert_num_queries
):
    small = _set_up(director, school, template)
    _fill(small, director, [director, teacher], 3)
    other_director = _staff(other_school, Role.DIRECTOR, 0)
    people = [other_director] + [_staff(other_school, Role.TEACHER, n) for n in range(1, 6)]
    big = _set_up(other_director, other_school, template)
    _fill(big, other_director, people, 30)

    with django_assert_max_num_queries(30) as queries:
        carpeta_pdf(workshop=small)
    with django_assert_num_queries(len(queries.captured_queries)):
        pdf = Pdf(carpeta_pdf(workshop=big))
    assert pdf.has("Hito número 29") and pdf.has("Persona5 Apellido5")


# --- The poster -------------------------------------------------------------------------------------


def test_the_poster_is_one_page_with_the_directors_commitments(workshop, school, director, template):
    day = save_directors_day(
        actor=director, workshop=workshop, reflection="Nuestra comunidad se forma escuchando.", poster_title=""
    )
    for text in ("Abrir el tiempo para la CAS", "Acompañar cada sesión", "Escuchar antes de proponer"):
        add_commitment(actor=director, workshop=workshop, text=text)
    pdf = Pdf(poster_pdf(workshop=workshop, day=day))
    assert len(pdf.pages) == 1
    for text in (
        _("Our commitments as a learning community"),
        school.name,
        template.title,
        director.full_name,
        "Nuestra comunidad se forma escuchando.",
        "1Abrir el tiempo para la CAS",
        "3Escuchar antes de proponer",
    ):
        assert pdf.has(text), text


def test_the_poster_stays_one_page_with_the_longest_texts(workshop, director):
    reflection = ("Reflexión larga sobre la comunidad. " * 120)[:4000]
    day = save_directors_day(actor=director, workshop=workshop, reflection=reflection, poster_title="Título " * 17)
    commitments = [(f"Compromiso {n}: " + "acompañar y escuchar " * 20)[:300] for n in range(1, 9)]
    for text in commitments:
        add_commitment(actor=director, workshop=workshop, text=text)
    data = poster_pdf(workshop=workshop, day=day)
    pdf = Pdf(data)
    assert len(pdf.pages) == 1
    assert pdf.has("Título Título")
    assert all(pdf.has(text) for text in commitments)
    assert pdf.has("Reflexión larga sobre la comunidad.") and not pdf.has(reflection)  # an excerpt
    assert data == poster_pdf(workshop=workshop, day=day)


def test_the_poster_draws_any_text_without_failing(workshop, director):
    day = save_directors_day(actor=director, workshop=workshop, reflection="", poster_title="")
    # What the services would never store (a NUL, control characters), as a caller might pass it.
    day.poster_title = "Nuestro <b>compromiso</b> & \x00 🌱"
    day.reflection = "שלום عليكم \x01\x0b </para> " + "x" * 3000
    pdf = Pdf(poster_pdf(workshop=workshop, day=day))
    assert len(pdf.pages) == 1
    assert pdf.has("Nuestro <b>compromiso</b> &") and pdf.has("</para>")
    assert pdf.has(_("No commitments yet."))
