"""Every community page as every role: the director, the tutor, a member teacher,
a colleague of the same school outside the CAS (403), a person from another school
(404, nothing leaks), a platform admin, and an anonymous visitor (login)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.models import MilestoneKind
from communities.services.communities import set_teacher_cap
from communities.services.phases import complete_milestone, request_phase_change
from communities.services.proposals import propose
from tests.conftest import complete_phase

pytestmark = pytest.mark.django_db

ROLES = ["director", "tutor", "teacher", "colleague", "outsider", "admin_user", "anonymous"]


@pytest.fixture
def scene(cas, request, settings, tmp_path):
    """The CAS with a proposal, an evidence file and a pending phase change."""
    settings.MEDIA_ROOT = tmp_path
    for name in ("colleague", "outsider", "admin_user"):
        request.getfixturevalue(name)
    proposal = propose(actor=cas.director, community=cas, text="Iniciamos a tiempo.")
    diagnostic = cas.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    upload = SimpleUploadedFile("evidencia.pdf", b"%PDF-1.4 evidencia")
    complete_milestone(actor=cas.director, milestone=diagnostic, text="Hecho", file=upload)
    complete_phase(cas)
    set_teacher_cap(actor=request.getfixturevalue("admin_user"), community=cas, cap=5)  # room to invite again
    request_phase_change(actor=cas.director, community=cas)
    open_milestone = cas.milestones.get(kind=MilestoneKind.ACTIONS)
    return {
        "cas": cas,
        "proposal": proposal,
        "milestone": diagnostic,
        "open_milestone": open_milestone,
        "invitation": cas.invitations.first(),
        "school": cas.school,
    }


def _url(name, scene):
    cas = scene["cas"]
    return {
        "detail": reverse("communities:detail", args=[cas.pk]),
        "proposals": reverse("communities:proposals", args=[cas.pk]),
        "invitations": reverse("communities:invitations", args=[cas.pk]),
        "conditions": reverse("communities:conditions", args=[cas.pk]),
        "phase_request": reverse("communities:phase_request", args=[cas.pk]),
        "phase_review": reverse("communities:phase_review", args=[cas.pk]),
        "milestone_complete": reverse("communities:milestone_complete", args=[cas.pk, scene["open_milestone"].pk]),
        "milestone_evidence": reverse("communities:milestone_evidence", args=[cas.pk, scene["milestone"].pk]),
        "leave": reverse("communities:leave", args=[cas.pk]),
        "create": reverse("communities:create", args=[scene["school"].pk]),
        "invitation_detail": reverse("communities:invitation_detail", args=[scene["invitation"].pk]),
        "staff_overview": reverse("communities:staff_overview"),
    }[name]


# role order: director, tutor, teacher, colleague, outsider, admin, anonymous
GET_EXPECTATIONS = {
    "detail": [200, 200, 200, 403, 404, 200, 302],
    "proposals": [200, 200, 200, 403, 404, 200, 302],
    "invitations": [200, 200, 403, 403, 404, 403, 302],
    "conditions": [200, 200, 200, 403, 404, 200, 302],
    "phase_request": [200, 403, 403, 403, 404, 403, 302],
    "phase_review": [403, 200, 403, 403, 404, 403, 302],
    "milestone_complete": [200, 200, 200, 403, 404, 403, 302],
    "milestone_evidence": [200, 200, 200, 403, 404, 200, 302],
    "leave": [403, 403, 200, 403, 404, 403, 302],
    "create": [200, 403, 403, 403, 404, 200, 302],
    "invitation_detail": [404, 404, 200, 404, 404, 404, 302],
    "staff_overview": [403, 403, 403, 403, 403, 200, 302],
}
GET_CASES = [
    (page, role, status)
    for page, statuses in GET_EXPECTATIONS.items()
    for role, status in zip(ROLES, statuses, strict=True)
]


def _client_as(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


@pytest.mark.parametrize(("page", "role", "status"), GET_CASES, ids=[f"{p}-{r}" for p, r, _ in GET_CASES])
def test_get_as_each_role(client, request, scene, page, role, status):
    response = _client_as(client, request, role).get(_url(page, scene))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))
    if status == 404:
        assert scene["cas"].school.name not in response.content.decode()


def _post_cases():
    # (action, url builder, data, role order as ROLES)
    return {
        "propose": ("proposals", {"text": "Otra norma", "kind": "norm"}, [302, 302, 302, 403, 404, 403, 302]),
        "invite": ("invitations", {"teacher": "carmen@escuela.test"}, [302, 403, 403, 403, 404, 403, 302]),
        "phase_request": ("phase_request", {"comment": ""}, [200, 403, 403, 403, 404, 403, 302]),
        "phase_review": ("phase_review", {"decision": "approve"}, [403, 302, 403, 403, 404, 403, 302]),
        "conditions": ("conditions", {}, [302, 403, 403, 403, 404, 403, 302]),
        "leave": ("leave", {}, [403, 403, 302, 403, 404, 403, 302]),
    }


POST_CASES = [
    (action, role, status)
    for action, (_page, _data, statuses) in _post_cases().items()
    for role, status in zip(ROLES, statuses, strict=True)
]


@pytest.mark.parametrize(("action", "role", "status"), POST_CASES, ids=[f"{a}-{r}" for a, r, _ in POST_CASES])
def test_post_as_each_role(client, request, scene, action, role, status):
    page, data, _statuses = _post_cases()[action]
    response = _client_as(client, request, role).post(_url(page, scene), data)
    assert response.status_code == status


@pytest.mark.parametrize("role", ROLES)
def test_vote_as_each_role(client, request, scene, role):
    url = reverse("communities:proposal_vote", args=[scene["cas"].pk, scene["proposal"].pk])
    response = _client_as(client, request, role).post(url, {"choice": "agree"})
    expected = dict(zip(ROLES, [302, 302, 302, 403, 404, 403, 302], strict=True))[role]
    assert response.status_code == expected
    voter = None if role == "anonymous" else request.getfixturevalue(role)
    voted = voter is not None and scene["proposal"].votes.filter(voter=voter).exists()
    assert voted == (role in {"director", "tutor", "teacher"})


def test_a_proposal_of_another_community_is_404(client, scene, director, school, tutor):
    from communities.services.communities import create_community

    other = create_community(actor=director, school=school, school_year="2030-2031", tutor=tutor)
    client.force_login(director)
    url = reverse("communities:proposal_vote", args=[other.pk, scene["proposal"].pk])
    assert client.post(url, {"choice": "agree"}).status_code == 404


def test_the_emailed_link_only_opens_for_the_invitee(client, cas, colleague, teacher):
    from communities.services.membership import invite_teacher

    invitation = invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    url = reverse("communities:invitation", args=[invitation.token])
    client.force_login(teacher)
    assert client.get(url).status_code == 404
    client.force_login(colleague)
    assert client.get(url).status_code == 200
    assert client.get(reverse("communities:invitation", args=["not-a-token"])).status_code == 404
