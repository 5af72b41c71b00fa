"""The Difusión summary: the director writes it, the CAS reads the draft, the
school's whole staff read it once published (and are told, once), the
Difusión milestone completes with it, and its poster prints on one page.
Who gets which answer on every route is in test_role_matrix.py."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from communities.models import (
    Agreement,
    DiffusionSummary,
    Event,
    Milestone,
    MilestoneKind,
    Notification,
    Phase,
)
from communities.services import delivery
from communities.services.diffusion import publish_summary, save_summary, summary_content, summary_published
from communities.services.goals import record_progress, set_goal
from communities.services.meetings import add_agreement, set_agreement_status
from communities.services.phases import approve_phase_change, request_phase_change
from tests.conftest import complete_phase, grow, held, more_teachers, schedule
from tests.factories import TEST_PASSWORD
from tests.pdfs import Pdf

pytestmark = pytest.mark.django_db

HEADLINE = "Escucharnos cambió el clima de 2°B"
MESSAGE = "Aprendimos a empezar cada clase con una pausa.\n\nLes pedimos probarla una semana."


def in_dissemination(community):
    """Integración and Desarrollo met and approved, as the CAS would."""
    for _phase in (Phase.INTEGRATION, Phase.DEVELOPMENT):
        complete_phase(community)
        review = request_phase_change(actor=community.director, community=community)
        approve_phase_change(actor=community.tutor, review=review)
    community.refresh_from_db()
    assert community.phase == Phase.DISSEMINATION
    return community


def written(community, **changes) -> DiffusionSummary:
    arguments = {"headline": HEADLINE, "message": MESSAGE} | changes
    return save_summary(actor=community.director, community=community, **arguments)


def kept_agreement(community, owner, text="Aplicar la pausa en 2°B") -> Agreement:
    meeting = held(schedule(community, purpose="Sesión de seguimiento"), days_ago=2)
    agreement = add_agreement(
        actor=community.director, meeting=meeting, text=text, owner=owner, due_date=timezone.localdate()
    )
    return set_agreement_status(actor=community.director, agreement=agreement, status=Agreement.Status.DONE)


def url(name: str, community) -> str:
    return reverse(f"communities:{name}", args=[community.pk])


# --- The services ---------------------------------------------------------------------------


def test_publishing_completes_the_milestone_once_and_tells_each_of_the_staff_once(
    cas, teacher, colleague, outsider, django_capture_on_commit_callbacks
):
    in_dissemination(cas)
    summary = written(cas)
    with django_capture_on_commit_callbacks(execute=True):
        publish_summary(actor=cas.director, community=cas)
    with django_capture_on_commit_callbacks(execute=True):
        publish_summary(actor=cas.director, community=cas)  # a second click changes nothing

    summary.refresh_from_db()
    assert summary.is_published and summary.published_by == cas.director
    milestone = cas.milestones.get(kind=MilestoneKind.RESULTS_TO_TEACHERS)
    assert milestone.is_completed and milestone.completed_by is None
    assert HEADLINE in milestone.evidence_text
    completed = cas.events.filter(verb=Event.Verb.MILESTONE_COMPLETED, subject=MilestoneKind.RESULTS_TO_TEACHERS)
    assert completed.count() == 1
    assert cas.events.filter(verb=Event.Verb.SUMMARY_PUBLISHED, actor=cas.director, subject=HEADLINE).count() == 1
    told = Notification.objects.filter(kind=Notification.Kind.SUMMARY_PUBLISHED)
    # The staff of the school (the teacher outside the CAS too) and the tutor; not the director, who
    # published it, nor the other school's teacher.
    assert sorted(told.values_list("recipient__email", flat=True)) == sorted(
        [teacher.email, colleague.email, cas.tutor.email]
    )
    assert set(told.values_list("url", flat=True)) == {url("summary", cas)}


def test_the_notices_go_out_in_batches_once_per_person(cas, monkeypatch, django_capture_on_commit_callbacks):
    more_teachers(cas.school, 5)
    in_dissemination(cas)
    summary = written(cas)
    deliver, batches = delivery.deliver, []

    def in_batches_of_two(items, **options):
        items = list(items)
        batches.append(len(items))
        return deliver(items, batch_size=2)

    monkeypatch.setattr(delivery, "deliver", in_batches_of_two)
    with django_capture_on_commit_callbacks(execute=True):
        publish_summary(actor=cas.director, community=cas)
    summary.refresh_from_db()
    # The tutor and the six teachers of the school (the director published it).
    assert Notification.objects.filter(kind=Notification.Kind.SUMMARY_PUBLISHED).count() == 7
    assert summary_published(summary=summary, actor=cas.director) == 7  # addressed again…
    assert Notification.objects.filter(kind=Notification.Kind.SUMMARY_PUBLISHED).count() == 7  # …told once
    assert batches == [7, 7]


def test_a_milestone_already_met_is_left_as_it_was(cas):
    in_dissemination(cas)
    milestone = cas.milestones.get(kind=MilestoneKind.RESULTS_TO_TEACHERS)
    Milestone.objects.filter(pk=milestone.pk).update(
        completed_at=timezone.now(), completed_by=cas.director, evidence_text="Lo presentamos en el CTE."
    )
    written(cas)
    publish_summary(actor=cas.director, community=cas)
    milestone.refresh_from_db()
    assert milestone.evidence_text == "Lo presentamos en el CTE."
    assert milestone.completed_by == cas.director


def test_the_summary_is_published_in_the_dissemination_phase_only(cas):
    summary = written(cas)  # the director may draft it from the start
    with pytest.raises(ValidationError, match="fase de Difusión"):
        publish_summary(actor=cas.director, community=cas)
    summary.refresh_from_db()
    assert not summary.is_published
    assert not cas.milestones.get(kind=MilestoneKind.RESULTS_TO_TEACHERS).is_completed


def test_a_summary_not_written_cannot_be_published(cas):
    in_dissemination(cas)
    with pytest.raises(ValidationError, match="Escribe el resumen"):
        publish_summary(actor=cas.director, community=cas)
    assert not DiffusionSummary.objects.exists()


@pytest.mark.parametrize("who", ["teacher", "tutor"])
def test_only_the_director_writes_and_publishes(cas, teacher, tutor, who):
    in_dissemination(cas)
    written(cas)
    person = {"teacher": teacher, "tutor": tutor}[who]
    with pytest.raises(PermissionDenied):
        save_summary(actor=person, community=cas, headline="Otro", message="Otro")
    with pytest.raises(PermissionDenied):
        publish_summary(actor=person, community=cas)
    summary = DiffusionSummary.objects.get()
    assert summary.headline == HEADLINE and not summary.is_published


def test_a_correction_after_publishing_stays_published_and_tells_nobody_again(cas, django_capture_on_commit_callbacks):
    in_dissemination(cas)
    written(cas)
    with django_capture_on_commit_callbacks(execute=True):
        publish_summary(actor=cas.director, community=cas)
    told = Notification.objects.count()
    summary = written(cas, headline="La pausa cambió el clima de 2°B")
    assert summary.is_published
    assert Notification.objects.count() == told
    correction = cas.events.get(verb=Event.Verb.SUMMARY_CORRECTED)
    assert (correction.old_value, correction.new_value) == (HEADLINE, "La pausa cambió el clima de 2°B")


def test_only_agreements_the_cas_kept_can_be_featured(cas, teacher):
    kept = kept_agreement(cas, teacher)
    pending = add_agreement(
        actor=cas.director, meeting=kept.meeting, text="Pendiente", owner=teacher, due_date=timezone.localdate()
    )
    with pytest.raises(ValidationError) as refused:
        written(cas, agreements=[kept, pending])
    assert "agreements" in refused.value.message_dict
    assert not DiffusionSummary.objects.exists()
    summary = written(cas, agreements=[kept])
    assert list(summary.featured_agreements.all()) == [kept]


def test_the_content_shows_the_featured_agreements_or_all_those_kept(cas, teacher):
    first = kept_agreement(cas, teacher, "Primera")
    second = kept_agreement(cas, teacher, "Segunda")
    assert {a.text for a in summary_content(written(cas)).agreements} == {"Primera", "Segunda"}
    summary = written(cas, agreements=[second])
    content = summary_content(DiffusionSummary.objects.select_related("community").get(pk=summary.pk))
    assert [a.text for a in content.agreements] == ["Segunda"]
    assert (content.kept, content.agreed) == (2, 2)
    assert first not in content.agreements


# --- The pages -------------------------------------------------------------------------------


def test_the_draft_is_read_by_the_cas_and_once_published_by_the_whole_school(
    client, cas, teacher, tutor, colleague, outsider, admin_user
):
    in_dissemination(cas)
    written(cas)
    for person, status in ((teacher, 200), (tutor, 200), (admin_user, 200), (colleague, 403), (outsider, 404)):
        client.force_login(person)
        response = client.get(url("summary", cas))
        assert response.status_code == status, person
        assert (HEADLINE in response.content.decode()) == (status == 200)
    publish_summary(actor=cas.director, community=cas)
    client.force_login(colleague)
    html = client.get(url("summary", cas)).content.decode()
    assert HEADLINE in html
    assert (
        f'href="{reverse("communities:detail", args=[cas.pk])}"' not in html
    )  # the CAS's own pages are not the colleague's
    assert client.get(url("summary_poster", cas)).status_code == 200
    client.force_login(outsider)
    assert client.get(url("summary", cas)).status_code == 404
    assert cas.school.name not in client.get(url("summary_poster", cas)).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, cas):
    for name in ("summary", "summary_edit", "summary_poster"):
        response = client.get(url(name, cas))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.post(url("summary_publish", cas))["Location"].startswith(reverse("login"))


def test_a_teacher_of_the_cas_may_not_write_or_publish(client, cas, teacher):
    in_dissemination(cas)
    written(cas)
    client.force_login(teacher)
    assert client.get(url("summary_edit", cas)).status_code == 403
    assert client.post(url("summary_edit", cas), {"headline": "Otro", "message": "Otro"}).status_code == 403
    assert client.post(url("summary_publish", cas)).status_code == 403
    summary = DiffusionSummary.objects.get()
    assert summary.headline == HEADLINE and not summary.is_published


def test_the_other_schools_people_find_nothing(client, cas, outsider):
    written(cas)
    client.force_login(outsider)
    for name in ("summary", "summary_edit", "summary_poster"):
        assert client.get(url(name, cas)).status_code == 404, name
    assert client.post(url("summary_publish", cas)).status_code == 404


def test_the_director_writes_publishes_and_the_page_shows_the_cas_results(
    client, cas, teacher, skills, django_capture_on_commit_callbacks
):
    goal = set_goal(
        actor=cas.director,
        community=cas,
        statement="Que 70 % nombre sus emociones",
        skill=skills["autorregulacion"],
        indicator="Estudiantes que las nombran",
        unit="%",
        baseline=Decimal(40),
        target=Decimal(70),
        due_date=timezone.localdate() + timedelta(days=90),
        owner=teacher,
    )
    record_progress(actor=teacher, goal=goal, value=Decimal(55), recorded_on=timezone.localdate())
    agreement = kept_agreement(cas, teacher)
    client.force_login(cas.director)
    assert client.get(url("summary_edit", cas)).status_code == 200
    data = {"headline": HEADLINE, "message": MESSAGE, "agreements": [agreement.pk]}
    assert client.post(url("summary_edit", cas), data).status_code == 302
    html = client.get(url("summary", cas)).content.decode()
    assert HEADLINE in html and "Les pedimos probarla una semana." in html
    assert "Que 70 % nombre sus emociones" in html and 'value="50" max="100"' in html  # halfway from 40 to 70
    assert "Aplicar la pausa en 2°B" in html
    assert ' style="' not in html
    assert url("summary_publish", cas) not in html  # not in Difusión yet: no button…
    assert "fase de Difusión" in html  # …and the reason why

    in_dissemination(cas)
    assert url("summary_publish", cas) in client.get(url("summary", cas)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("summary_publish", cas))
    assert response.status_code == 302 and response["Location"] == url("summary", cas)
    assert DiffusionSummary.objects.get().is_published


def test_publishing_before_the_dissemination_phase_says_why(client, cas):
    written(cas)
    client.force_login(cas.director)
    response = client.post(url("summary_publish", cas), follow=True)
    assert "fase de Difusión" in response.content.decode()
    assert not DiffusionSummary.objects.get().is_published


def test_the_cas_navigation_leads_to_the_summary(client, cas, teacher):
    client.force_login(teacher)
    html = client.get(reverse("communities:detail", args=[cas.pk])).content.decode()
    assert f'href="{url("summary", cas)}"' in html


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("headline", "x" * 100_000),
        ("message", "x" * 100_000),
        ("headline", "Con un \x00 en medio"),
        ("message", "Con un \x00 en medio"),
        ("headline", "<script>alert('hola')</script>"),
        ("message", 'Un <a href="https://ejemplo.test">enlace</a>'),
        ("message", "<!-- comentario -->"),
        ("agreements", "99999999999999999999"),
    ],
)
def test_bad_input_gets_a_message_next_to_its_field_and_saves_nothing(client, cas, teacher, field, value):
    kept_agreement(cas, teacher)  # so that there are agreements to choose
    client.force_login(cas.director)
    data = {"headline": HEADLINE, "message": MESSAGE} | {field: value}
    response = client.post(url("summary_edit", cas), data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    html = response.content.decode()
    assert errors and all(escape(message) in html for message in errors)
    assert "<script>alert" not in html and '<a href="https://ejemplo.test">' not in html  # shown back escaped
    assert not DiffusionSummary.objects.exists()
    assert not cas.events.filter(verb=Event.Verb.SUMMARY_WRITTEN).exists()


def test_plain_text_with_less_than_signs_is_kept(client, cas):
    client.force_login(cas.director)
    data = {"headline": "De 3 < 5 conflictos por semana", "message": "Menos de 5 > nada."}
    assert client.post(url("summary_edit", cas), data).status_code == 302
    assert DiffusionSummary.objects.get().headline == "De 3 < 5 conflictos por semana"


def test_a_bad_message_is_in_spanish(client, cas):
    client.force_login(cas.director)
    response = client.post(url("summary_edit", cas), {"headline": "x" * 100_000, "message": MESSAGE})
    assert "Asegúrese de que este valor tenga como máximo 120 caracteres" in response.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_pages_fit_a_phone_and_have_no_serious_accessibility_violation(phone_page, cas, teacher, skills):
    from tests.browser.axe import audit, serious, sign_in

    set_goal(
        actor=cas.director,
        community=cas,
        statement="Que 70 % nombre sus emociones antes de un examen",
        skill=skills["autorregulacion"],
        indicator="Estudiantes que las nombran",
        unit="%",
        baseline=Decimal(40),
        target=Decimal(70),
        due_date=timezone.localdate() + timedelta(days=90),
        owner=teacher,
    )
    kept_agreement(cas, teacher, "Aplicar la pausa de tres respiraciones en 2°B y en 3°A")
    written(cas)
    sign_in(phone_page, cas.director.email, TEST_PASSWORD)
    for name in ("summary", "summary_edit"):
        assert phone_page.goto(url(name, cas)).status == 200
        assert phone_page.evaluate("() => document.documentElement.scrollWidth") <= 360, name
        assert serious(audit(phone_page)) == [], name


# --- The poster ------------------------------------------------------------------------------


def test_the_poster_is_one_page_with_the_headline(client, cas, teacher):
    kept_agreement(cas, teacher)
    written(cas)
    client.force_login(teacher)
    response = client.get(url("summary_poster", cas))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdf = Pdf(response.content)
    assert len(pdf.pages) == 1
    assert pdf.has(HEADLINE)
    assert pdf.has("Aplicar la pausa en 2°B")
    assert pdf.has("Borrador")  # not published: the poster says so


def test_the_poster_stays_on_one_page_whatever_the_lengths(cas, teacher, skills):
    grow(cas, cas.school, teachers=4, proposals=0)
    for n in range(12):
        kept_agreement(cas, teacher, text=f"Acuerdo número {n} " + "muy largo " * 40)
    for n in range(8):
        set_goal(
            actor=cas.director,
            community=cas,
            statement=f"Meta {n} " + "con mucho texto " * 20,
            skill=skills["autorregulacion"],
            indicator="Estudiantes",
            unit="%",
            baseline=Decimal(10),
            target=Decimal(90),
            due_date=timezone.localdate() + timedelta(days=90),
            owner=teacher,
        )
    summary = written(cas, headline="Título " * 17, message="Una frase larga de verdad. " * 55)
    from communities.documents.summary_poster import summary_poster_pdf

    started = time.perf_counter()
    pdf = Pdf(summary_poster_pdf(content=summary_content(summary)))
    assert time.perf_counter() - started < 2
    assert len(pdf.pages) == 1
    assert pdf.has("Título Título")


# --- Query counts ----------------------------------------------------------------------------


def a_goal(community, skills, owner, statement="Que 70 % nombre sus emociones"):
    return set_goal(
        actor=community.director,
        community=community,
        statement=statement,
        skill=skills["autorregulacion"],
        indicator="Estudiantes que las nombran",
        unit="%",
        baseline=Decimal(40),
        target=Decimal(70),
        due_date=timezone.localdate() + timedelta(days=90),
        owner=owner,
    )


def test_the_summary_page_takes_a_fixed_number_of_queries(client, cas, teacher, skills, django_assert_max_num_queries):
    record_progress(
        actor=teacher, goal=a_goal(cas, skills, teacher), value=Decimal(50), recorded_on=timezone.localdate()
    )
    kept_agreement(cas, teacher)
    written(cas)
    client.force_login(teacher)
    client.get(url("summary", cas))  # caches filled (the satellites' cached sums)
    with django_assert_max_num_queries(SUMMARY_QUERIES):
        assert client.get(url("summary", cas)).status_code == 200
    grow(cas, cas.school)
    for n in range(5):
        kept_agreement(cas, teacher, text=f"Otro acuerdo {n}")
        record_progress(
            actor=teacher,
            goal=a_goal(cas, skills, teacher, f"Meta {n}"),
            value=Decimal(45),
            recorded_on=timezone.localdate(),
        )
    with django_assert_max_num_queries(SUMMARY_QUERIES):
        assert client.get(url("summary", cas)).status_code == 200
    with django_assert_max_num_queries(POSTER_QUERIES):
        assert client.get(url("summary_poster", cas)).status_code == 200


# The session and the user; the community and the teacher's role; the summary;
# the goals and their updates; the agreements kept; their counts, the teachers
# and the sessions; the diagnostic's and the workshop's sections (none here:
# one query each to find there is nothing); the page's navigation counts the
# unread notices.
SUMMARY_QUERIES = 14
POSTER_QUERIES = 13
