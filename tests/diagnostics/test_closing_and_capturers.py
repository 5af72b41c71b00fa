"""Closing a campaign from its page, and naming people of the staff who type
in its paper sheets: who may, what the pages say, and bad input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from communities.models import Event, MilestoneKind, StaffMembership
from diagnostics.models import Audience, Campaign, PaperCapturer, Response
from diagnostics.services import (
    VERB_CAPTURER_NAMED,
    VERB_CAPTURER_REMOVED,
    capture_paper_sheet,
    close_campaign,
    name_paper_capturer,
    questionnaire,
    remove_paper_capturer,
)
from tests.conftest import complete_integration
from tests.diagnostics.conftest import add_responses
from tests.factories import StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TOO_BIG = "99999999999999999999"


@pytest.fixture
def secretary(school):
    """Someone of the school's staff who neither directs nor tutors: the person
    a director hands the typing in of paper sheets to."""
    return StaffMembershipFactory(
        school=school, role=StaffMembership.Role.TEACHER, user__full_name="Sara Secretaria López"
    ).user


def _sheet(campaign, audience=Audience.STUDENTS) -> str:
    count = sum(len(section.items) for section in questionnaire(version_id=campaign.version_id, audience=audience))
    return "4" * count


def _close(campaign) -> str:
    return reverse("diagnostics:campaign_close", args=[campaign.pk])


def _add(campaign) -> str:
    return reverse("diagnostics:capturer_add", args=[campaign.pk])


def _remove(campaign, person) -> str:
    return reverse("diagnostics:capturer_remove", args=[campaign.pk, person.pk])


def _capture(campaign, audience=Audience.STUDENTS) -> str:
    return reverse("diagnostics:paper_capture", args=[campaign.pk, audience])


# --- Naming who types in paper sheets ---------------------------------------------------------------


def test_a_named_person_of_the_staff_types_in_paper_sheets(director, campaign, secretary):
    with pytest.raises(PermissionDenied):
        capture_paper_sheet(actor=secretary, campaign=campaign, audience=Audience.STUDENTS, marks=_sheet(campaign))
    name_paper_capturer(actor=director, campaign=campaign, person=secretary)
    campaign = Campaign.objects.get(pk=campaign.pk)
    capture_paper_sheet(actor=secretary, campaign=campaign, audience=Audience.STUDENTS, marks=_sheet(campaign))
    assert campaign.responses.filter(channel=Response.Channel.PAPER).count() == 1
    event = Event.objects.get(school=campaign.school, verb=VERB_CAPTURER_NAMED)
    assert (event.actor, event.subject) == (director, "Sara Secretaria López")
    assert event.get_verb_display() == "nombró a alguien para capturar hojas en papel"


def test_taking_it_back_stops_the_typing_in_and_keeps_the_sheets(director, campaign, secretary):
    name_paper_capturer(actor=director, campaign=campaign, person=secretary)
    capture_paper_sheet(
        actor=secretary, campaign=Campaign.objects.get(pk=campaign.pk), audience="estudiantes", marks=_sheet(campaign)
    )
    remove_paper_capturer(actor=director, campaign=campaign, person=secretary)
    with pytest.raises(PermissionDenied):
        capture_paper_sheet(
            actor=secretary, campaign=Campaign.objects.get(pk=campaign.pk), audience="estudiantes", marks="4"
        )
    assert campaign.responses.count() == 1
    assert Event.objects.filter(verb=VERB_CAPTURER_REMOVED, subject=secretary.full_name).exists()


def test_the_tutor_names_someone_too(tutor, campaign, secretary):
    assert name_paper_capturer(actor=tutor, campaign=campaign, person=secretary).named_by == tutor


@pytest.mark.parametrize("who", ["teacher", "outsider", "admin_user"])
def test_others_name_nobody(request, campaign, secretary, who):
    with pytest.raises(PermissionDenied):
        name_paper_capturer(actor=request.getfixturevalue(who), campaign=campaign, person=secretary)
    assert not PaperCapturer.objects.exists()


def test_a_named_person_does_not_name_others(director, campaign, secretary, teacher):
    name_paper_capturer(actor=director, campaign=campaign, person=secretary)
    with pytest.raises(PermissionDenied):
        name_paper_capturer(actor=secretary, campaign=campaign, person=teacher)
    with pytest.raises(PermissionDenied):
        close_campaign(actor=secretary, campaign=campaign)


def test_someone_outside_the_staff_is_refused(director, campaign, outsider):
    with pytest.raises(ValidationError) as refused:
        name_paper_capturer(actor=director, campaign=campaign, person=outsider)
    assert refused.value.message_dict == {"person": ["Elige a alguien del personal de la escuela."]}


def test_who_left_the_staff_no_longer_types_in(director, campaign, secretary, school):
    name_paper_capturer(actor=director, campaign=campaign, person=secretary)
    StaffMembership.objects.filter(user=secretary, school=school).delete()
    with pytest.raises(PermissionDenied):
        capture_paper_sheet(
            actor=secretary, campaign=Campaign.objects.get(pk=campaign.pk), audience="estudiantes", marks="4"
        )


def test_the_director_is_not_named_again_nor_anyone_twice(director, tutor, campaign, secretary):
    with pytest.raises(ValidationError) as refused:
        name_paper_capturer(actor=tutor, campaign=campaign, person=director)
    assert refused.value.message_dict["person"] == ["La dirección y el tutor de la escuela ya capturan hojas en papel."]
    name_paper_capturer(actor=director, campaign=campaign, person=secretary)
    with pytest.raises(ValidationError):
        name_paper_capturer(actor=director, campaign=campaign, person=secretary)
    assert PaperCapturer.objects.count() == 1


def test_a_closed_campaign_names_nobody(director, campaign, secretary):
    close_campaign(actor=director, campaign=campaign)
    with pytest.raises(ValidationError):
        name_paper_capturer(actor=director, campaign=campaign, person=secretary)


def test_removing_someone_not_named_says_so(director, campaign, secretary):
    with pytest.raises(ValidationError):
        remove_paper_capturer(actor=director, campaign=campaign, person=secretary)
    assert not Event.objects.filter(verb=VERB_CAPTURER_REMOVED).exists()


# --- The campaign page ------------------------------------------------------------------------------


def test_the_director_names_someone_from_the_campaign_page(client, director, campaign, secretary, teacher):
    client.force_login(director)
    page = client.get(reverse("diagnostics:campaign", args=[campaign.pk])).content.decode()
    assert "Quién captura las hojas en papel" in page
    assert f'value="{secretary.pk}"' in page and f'value="{director.pk}"' not in page
    response = client.post(_add(campaign), {"person": secretary.pk})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Sara Secretaria López puede capturar ahora las hojas en papel." in page
    assert _remove(campaign, secretary) in page
    assert client.post(_remove(campaign, secretary)).status_code == 302
    assert not PaperCapturer.objects.exists()


def test_the_named_person_sees_the_capture_links_and_no_forms(client, director, campaign, secretary):
    name_paper_capturer(actor=director, campaign=campaign, person=secretary)
    client.force_login(secretary)
    page = client.get(reverse("diagnostics:campaign", args=[campaign.pk])).content.decode()
    assert _capture(campaign) in page
    assert _add(campaign) not in page and _close(campaign) not in page
    assert "Emitir códigos de acceso" not in page
    assert client.get(_capture(campaign)).status_code == 200
    assert client.post(_capture(campaign), {"marks": _sheet(campaign)}).status_code == 302
    assert campaign.responses.count() == 1


def test_a_teacher_sees_neither_capture_links_nor_forms(client, teacher, campaign):
    client.force_login(teacher)
    page = client.get(reverse("diagnostics:campaign", args=[campaign.pk])).content.decode()
    assert _capture(campaign) not in page and _add(campaign) not in page
    assert client.get(_capture(campaign)).status_code == 403


@pytest.mark.parametrize(
    "value", [TOO_BIG, "-1", "abc", "1\x002", "x" * 100_000, "<script>alert(1)</script>", ""], ids=repr
)
def test_bad_choices_get_a_message_and_change_nothing(client, director, campaign, value):
    client.force_login(director)
    response = client.post(_add(campaign), {"person": value})
    assert response.status_code == 400
    assert "Elige" in response.content.decode()
    assert not PaperCapturer.objects.exists()


def test_a_person_of_another_school_is_not_offered_nor_taken(client, director, campaign, outsider):
    client.force_login(director)
    response = client.post(_add(campaign), {"person": outsider.pk})
    assert response.status_code == 400
    assert not PaperCapturer.objects.exists()


def test_removing_someone_not_named_is_a_404(client, director, campaign, secretary):
    client.force_login(director)
    assert client.post(_remove(campaign, secretary)).status_code == 404
    assert client.post(reverse("diagnostics:capturer_remove", args=[campaign.pk, 2**63])).status_code == 404


def test_the_outsider_gets_404_on_the_new_routes(client, outsider, campaign, secretary):
    client.force_login(outsider)
    assert client.get(_close(campaign)).status_code == 404
    assert client.post(_close(campaign)).status_code == 404
    assert client.post(_add(campaign), {"person": secretary.pk}).status_code == 404
    assert Campaign.objects.get(pk=campaign.pk).is_open


# --- Closing from the page --------------------------------------------------------------------------


def test_the_close_page_says_what_closing_does_then_closes(client, director, campaign):
    add_responses(campaign, Audience.STUDENTS, [{}] * 3)
    client.force_login(director)
    page = client.get(_close(campaign)).content.decode()
    assert "sus resultados se quedan como están" in page
    assert "Diagnóstico del Ambiente Escolar" in page  # a baseline completes the milestone
    assert "<td>3</td>" in page
    response = client.post(_close(campaign))
    assert response["Location"] == reverse("diagnostics:results", args=[campaign.pk])
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.CLOSED
    assert "La aplicación está cerrada" in client.get(response["Location"]).content.decode()


def test_closing_a_baseline_from_the_page_completes_the_milestone(client, director, cas, campaign):
    complete_integration(cas)  # every other milestone; the diagnostic's is reset below
    milestone = cas.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    milestone.completed_at = None
    milestone.save()
    add_responses(campaign, Audience.STUDENTS, [{}] * 5)
    client.force_login(director)
    client.post(_close(campaign))
    milestone.refresh_from_db()
    assert milestone.completed_at is not None
    assert "5 respuestas" in milestone.evidence_text


def test_a_closed_campaign_leads_to_its_results(client, director, campaign):
    close_campaign(actor=director, campaign=campaign)
    client.force_login(director)
    assert client.get(_close(campaign))["Location"] == reverse("diagnostics:results", args=[campaign.pk])
    assert client.post(_close(campaign))["Location"] == reverse("diagnostics:results", args=[campaign.pk])


@pytest.mark.parametrize("who", ["teacher", "admin_user"])
def test_only_who_runs_it_closes_it(client, request, campaign, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_close(campaign)).status_code == 403
    assert client.post(_close(campaign)).status_code == 403
    assert Campaign.objects.get(pk=campaign.pk).is_open


def test_the_campaign_page_offers_closing_to_who_runs_it(client, director, teacher, campaign):
    client.force_login(director)
    assert _close(campaign) in client.get(reverse("diagnostics:campaign", args=[campaign.pk])).content.decode()
    client.force_login(teacher)
    assert _close(campaign) not in client.get(reverse("diagnostics:campaign", args=[campaign.pk])).content.decode()


def test_anonymous_visitors_sign_in_first(client, campaign, secretary):
    for url in (_close(campaign), _add(campaign), _remove(campaign, secretary)):
        response = client.post(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_another_schools_director_cannot_be_named(director, campaign):
    elsewhere = UserFactory()
    with pytest.raises(ValidationError):
        name_paper_capturer(actor=director, campaign=campaign, person=elsewhere)
