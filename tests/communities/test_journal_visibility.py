"""The visibility matrix of the journal: each kind of entry × each kind of
reader × every page, list, search, export and write that could show it."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from communities.models import Reflection, TeachingDimension, Visibility
from communities.services.journal import write_reflection
from tests.conftest import join
from tests.factories import StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# A word only each entry contains, to find it by search.
ENTRIES = {
    Visibility.PRIVATE: ("Nota privada zafiro", "Texto con zafiro"),
    Visibility.TUTOR: ("Nota para el tutor topacio", "Texto con topacio"),
    Visibility.COMMUNITY: ("Nota para la CAS esmeralda", "Texto con esmeralda"),
}
READERS = ["author", "peer", "director", "tutor", "colleague", "outsider", "admin_user", "anonymous"]
CAN_READ = {
    Visibility.PRIVATE: {"author"},
    Visibility.TUTOR: {"author", "tutor"},
    Visibility.COMMUNITY: {"author", "peer", "director", "tutor", "admin_user"},
}
CASES = [(visibility, reader) for visibility in ENTRIES for reader in READERS]
IDS = [f"{visibility}-{reader}" for visibility, reader in CASES]


@pytest.fixture
def journal(cas, teacher, school, request):
    from communities.catalogue import TEACHING_DIMENSIONS

    for position, (code, name) in enumerate(TEACHING_DIMENSIONS):
        TeachingDimension.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    peer = UserFactory(email="pedro@escuela.test", full_name="Pedro Par Docente")
    StaffMembershipFactory(user=peer, school=school, role="teacher")
    join(cas, peer)
    people = {
        "author": teacher,
        "peer": peer,
        "director": cas.director,
        "tutor": cas.tutor,
        "colleague": request.getfixturevalue("colleague"),
        "outsider": request.getfixturevalue("outsider"),
        "admin_user": request.getfixturevalue("admin_user"),
    }
    didactica = TeachingDimension.objects.get(code="didactica")
    entries = {
        visibility: write_reflection(
            actor=teacher, community=cas, title=title, body=body, visibility=visibility, dimensions=[didactica]
        )
        for visibility, (title, body) in ENTRIES.items()
    }
    return people, entries


def _client(client, people, reader):
    if reader != "anonymous":
        client.force_login(people[reader])
    return client


@pytest.mark.parametrize(("visibility", "reader"), CASES, ids=IDS)
def test_detail_page(client, journal, visibility, reader):
    people, entries = journal
    response = _client(client, people, reader).get(reverse("communities:reflection", args=[entries[visibility].pk]))
    if reader == "anonymous":
        assert response.status_code == 302
    elif reader in CAN_READ[visibility]:
        assert response.status_code == 200
        assert ENTRIES[visibility][1] in response.content.decode()
    else:
        assert response.status_code == 404
        assert ENTRIES[visibility][0] not in response.content.decode()


@pytest.mark.parametrize(("visibility", "reader"), CASES, ids=IDS)
def test_journal_list_search_and_filters(client, journal, visibility, reader):
    people, entries = journal
    client = _client(client, people, reader)
    title, body = ENTRIES[visibility]
    word = body.split()[-1]
    pages = [
        {},
        {"q": word},
        {"dimension": "didactica"},
        {"author": people["author"].pk},
        {"since": "2000-01-01", "until": "2100-01-01"},
    ]
    for params in pages:
        response = client.get(reverse("communities:journal"), params)
        if reader == "anonymous":
            assert response.status_code == 302
            continue
        html = response.content.decode()
        shown = title in html
        assert shown == (reader in CAN_READ[visibility]), params


@pytest.mark.parametrize(("visibility", "reader"), CASES, ids=IDS)
def test_exports_hold_only_the_readers_own_entries(client, journal, visibility, reader):
    people, entries = journal
    client = _client(client, people, reader)
    response = client.get(reverse("communities:journal_export", args=["md"]))
    if reader == "anonymous":
        assert response.status_code == 302
        return
    assert (ENTRIES[visibility][1] in response.content.decode()) == (reader == "author")
    pdf = client.get(reverse("communities:journal_export", args=["pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(("visibility", "reader"), CASES, ids=IDS)
def test_commenting(client, journal, visibility, reader):
    people, entries = journal
    entry = entries[visibility]
    response = _client(client, people, reader).post(
        reverse("communities:reflection", args=[entry.pk]), {"body": "Un comentario"}
    )
    readable = reader in CAN_READ[visibility]
    commenter = readable and reader != "admin_user"  # platform staff read, but take no part
    if reader == "anonymous":
        assert response.status_code == 302
    elif not readable:
        assert response.status_code == 404
    elif not commenter:
        assert response.status_code == 403
    elif visibility == Visibility.PRIVATE:
        assert "Las entradas privadas no reciben comentarios." in response.content.decode()
    else:
        assert response.status_code == 302
    assert entry.comments.exists() == (commenter and visibility != Visibility.PRIVATE and reader != "anonymous")


def test_the_admin_site_lists_only_entries_shared_with_the_whole_cas(client, journal):
    people, entries = journal
    client.force_login(people["admin_user"])
    html = client.get(reverse("admin:communities_reflection_changelist")).content.decode()
    assert ENTRIES[Visibility.COMMUNITY][0] in html
    assert ENTRIES[Visibility.TUTOR][0] not in html
    assert ENTRIES[Visibility.PRIVATE][0] not in html
    search = client.get(reverse("admin:communities_reflection_changelist"), {"q": "zafiro"}).content.decode()
    assert "Nota privada zafiro" not in search
    assert "0 reflexiones" in search or "0 resultados" in search or "0 " in search
    private_url = reverse("admin:communities_reflection_change", args=[entries[Visibility.PRIVATE].pk])
    assert client.get(private_url, follow=True).status_code == 200  # redirected with "does not exist"
    assert "Texto con zafiro" not in client.get(private_url, follow=True).content.decode()
    model_admin = admin.site._registry[Reflection]
    request = RequestFactory().get("/")
    request.user = people["admin_user"]
    assert set(model_admin.get_queryset(request)) == {entries[Visibility.COMMUNITY]}


def test_comment_counts_and_notifications_only_reach_readers(client, journal):
    people, entries = journal
    shared = entries[Visibility.COMMUNITY]
    client.force_login(people["peer"])
    client.post(reverse("communities:reflection", args=[shared.pk]), {"body": "¡Buena idea!"})
    client.force_login(people["author"])
    notifications = client.get(reverse("communities:notifications")).content.decode()
    assert "Pedro Par Docente comentó tu entrada «Nota para la CAS esmeralda»." in notifications
    client.force_login(people["director"])
    html = client.get(reverse("communities:journal")).content.decode()
    assert "1 comentario" in html
    assert html.count("visibility-") == 1  # one card: the community entry


def test_visibility_matrix_size():
    assert len(CASES) * 4 == 96
