"""`python -m bench.carpeta`: the time to build a school's Carpeta para la
reflexión (median of 5), its size in bytes and pages and its query count, and
the time of the directors' poster, for a realistic workshop: 12 participants,
40 milestones, 15 situations, 4 common problems, 3 proposals and 150 words.

Runs on whatever DATABASE_URL says: a throw-away SQLite file when unset, a
throw-away test database on PostgreSQL. The workshop is written through the
services, as the participants would; the e-mails they queue stay in the
outbox (handing them to the broker is the worker's business).
`measure()` (what `make bench` calls) returns the Carpeta's median seconds.
"""

import re
import statistics
import sys
import time
from datetime import date
from unittest import mock

from bench.scratch import school_with_director, scratch_database, setup_django

ROUNDS = 5
PARTICIPANTS = 12
MILESTONES = 40
SITUATIONS = 15
WORDS = 150
PROBLEMS = [
    "Poca participación de las familias",
    "Evaluación sin retroalimentación",
    "Tiempo escaso para planear juntos",
    "Grupos numerosos",
]
PROPOSALS = ["Familias al aula", "Retroalimentar cada semana", "Una hora de planeación compartida"]
# Words a staff says about itself, some more often than others.
VOCABULARY = (  # noqa: SIM905 (a sentence of words reads better than a list of strings)
    "diálogo confianza escucha respeto colaboración compromiso aprendizaje empatía paciencia alegría "
    "creatividad responsabilidad solidaridad comunidad apoyo constancia inclusión equipo familia esperanza "
    "cuidado reflexión tiempo juego lectura preguntas calma orden voz"
).split()


def measure() -> float:
    """In a set-up process: the median seconds to build the Carpeta of the
    workshop above, written first in a scratch database of its own."""
    from workshops.documents import carpeta_pdf

    with scratch_database(), mock.patch("communities.emails.send_email.delay"):
        school, director = school_with_director()
        workshop, _day = _workshop(school, director)
        return statistics.median(_time(lambda: carpeta_pdf(workshop=workshop)))


def _time(build) -> list[float]:
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        build()
        timings.append(time.perf_counter() - started)
    return timings


def main(argv: list[str]) -> int:
    setup_django("cas-bench-carpeta-")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workshops.documents import carpeta_pdf, poster_pdf

    with scratch_database(), mock.patch("communities.emails.send_email.delay"):
        school, director = school_with_director()
        started = time.perf_counter()
        workshop, day = _workshop(school, director)
        print(f"{connection.vendor}: workshop written through the services in {time.perf_counter() - started:.1f} s")

        timings = _time(lambda: carpeta_pdf(workshop=workshop))
        with CaptureQueriesContext(connection) as queries:
            pdf = carpeta_pdf(workshop=workshop)
        pages = len(re.findall(rb"/Type /Page\b", pdf))
        print(
            f"{connection.vendor}: Carpeta para la reflexión: median {statistics.median(timings):.3f} s, "
            f"best {min(timings):.3f} s over {ROUNDS} runs; {len(pdf):,} bytes, {pages} pages, "
            f"{len(queries)} queries"
        )

        timings = _time(lambda: poster_pdf(workshop=workshop, day=day))
        poster = poster_pdf(workshop=workshop, day=day)
        pages = len(re.findall(rb"/Type /Page\b", poster))
        print(
            f"{connection.vendor}: directors' poster: median {statistics.median(timings):.3f} s over {ROUNDS} runs; "
            f"{len(poster):,} bytes, {pages} page"
        )
    return 0


def _workshop(school, director):
    from communities.models import StaffMembership, TeachingDimension, User
    from workshops.catalogue import ensure_default_template
    from workshops.models import AssessmentAxis, Light, Moment, TemplateSpace, WorkshopTemplate, WorkSpace
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

    people = [director]
    for n in range(1, PARTICIPANTS):
        teacher = User.objects.create_user(f"docente{n}@escuela.test", full_name=f"Docente {n} Martínez López")
        StaffMembership.objects.create(user=teacher, school=school, role=StaffMembership.Role.TEACHER)
        people.append(teacher)
    template = ensure_default_template(WorkshopTemplate, TemplateSpace, Moment, AssessmentAxis, TeachingDimension)
    workshop = set_up_workshop(
        actor=director,
        school=school,
        template=template,
        starts_on=date(2026, 1, 8),
        ends_on=date(2026, 1, 9),
        directors_day=date(2026, 1, 7),
    )
    dimensions = list(template.dimensions.order_by("position"))
    axes = list(template.axes.order_by("position"))

    def space(workspace, synthesis, fill):
        run = open_space(actor=director, run=workshop.spaces.get(space__workspace=workspace))
        fill()
        run = save_synthesis(actor=director, run=run, text=synthesis, based_on=run.revision)
        conclude_space(actor=director, run=run)

    def huella():
        for n in range(MILESTONES):
            add_path_milestone(
                actor=people[n % PARTICIPANTS],
                workshop=workshop,
                year=1995 + (n * 7) % 31,
                title=f"Mi primer grupo de tercer grado, escuela {n}",
                meaning="Aprendí a escuchar antes de planear; desde entonces pregunto más y explico menos.",
                kind=["formacion", "experiencia", "reto", "aprendizaje"][n % 4],
            )
        for n, person in enumerate(people):
            rate_axes(actor=person, workshop=workshop, lights={a.pk: Light.values[(n + a.position) % 3] for a in axes})

    def lupa():
        situations = [
            describe_situation(
                actor=people[n % PARTICIPANTS],
                workshop=workshop,
                description=f"En mi grupo {n} pocas familias responden a los recados y a las reuniones.",
                observed="Vienen dos o tres familias de treinta; las demás no contestan.",
                reasons="Los horarios de trabajo y la costumbre de llamar solo cuando hay problemas.",
                change="Invitar a mostrar lo que sus hijos aprenden, en horarios distintos.",
                dimensions=dimensions[n % len(dimensions) : n % len(dimensions) + 2],
            )
            for n in range(SITUATIONS)
        ]
        problems = [
            add_problem(
                actor=director,
                workshop=workshop,
                title=title,
                description=f"Lo vimos en varias situaciones: {title.lower()}.",
                dimensions=dimensions[n : n + 2],
            )
            for n, title in enumerate(PROBLEMS)
        ]
        for n, problem in enumerate(problems):
            group_situations(actor=director, problem=problem, situations=situations[n :: len(problems)])
        open_voting(actor=director, workshop=workshop)
        for n, person in enumerate(people):
            for vote in range(workshop.votes_per_participant):
                place_dot(actor=person, problem=problems[(n + vote) % 3 if vote else 0])
        return close_voting(actor=director, workshop=workshop)

    ranked = []

    def construyendo():
        for n, title in enumerate(PROPOSALS):
            author = people[1 + n]
            proposal = start_proposal(actor=author, workshop=workshop, title=title, problem=ranked[n])
            save_proposal(
                actor=author,
                proposal=proposal,
                based_on=proposal.revision,
                title=title,
                objective="Que cada familia participe al menos una vez al mes en una actividad del aula.",
                resources="Calendario compartido, carteles, la sala de maestros los viernes.",
                evaluation="Contaremos las visitas y preguntaremos a las familias cómo les fue.",
            )
            for k in range(3):
                add_action(
                    actor=people[4 + n],
                    proposal=proposal,
                    text=f"Acción {k + 1}: preparar la invitación y el calendario",
                    owner=people[(n + k) % PARTICIPANTS],
                    due_on=date(2026, 2, 2 + 7 * k),
                )
            for horizon in (15, 30):
                add_continuity_agreement(
                    actor=author,
                    proposal=proposal,
                    horizon=horizon,
                    text="Revisar cuántas familias vinieron",
                    owner=author,
                )

    def caligrama():
        for n in range(WORDS):
            word = VOCABULARY[(n * n) % len(VOCABULARY)] if n % 3 else VOCABULARY[n % 5]
            add_words(actor=people[n % PARTICIPANTS], workshop=workshop, text=word)
        save_calligram(
            actor=director,
            workshop=workshop,
            shape="arbol",
            commitment="Nos escuchamos sin prisa y cumplimos lo que acordamos.",
            based_on=0,
        )

    space(WorkSpace.HUELLA_COLECTIVA, "Venimos de caminos distintos y compartimos la escucha.", huella)
    space(
        WorkSpace.PRACTICA_BAJO_LA_LUPA, "Nos preocupa la participación de las familias.", lambda: ranked.extend(lupa())
    )
    space(WorkSpace.CONSTRUYENDO_EN_COLECTIVO, "Tres propuestas, una por reto.", construyendo)
    space(WorkSpace.CALIGRAMA, "Somos una comunidad que escucha.", caligrama)

    day = save_directors_day(
        actor=director,
        workshop=workshop,
        reflection="Nuestra comunidad se forma cuando damos tiempo y lugar a la conversación entre colegas. " * 8,
        poster_title="",
    )
    for text in ("Abrir una hora cada semana para la CAS", "Acompañar cada sesión", "Escuchar antes de proponer"):
        add_commitment(actor=director, workshop=workshop, text=text)
    return workshop, day


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
