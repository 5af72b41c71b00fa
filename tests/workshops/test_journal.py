"""What the workshop adds to the core's journal through communities.extensions:
the work space of an entry (form field, filter, label, export) and the panel
that offers each work space's prompt."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities import extensions
from communities.models import Reflection
from communities.services.journal import update_reflection, write_reflection
from workshops.catalogue import PROMPTS
from workshops.models import EntryWorkSpace, PromptWorkSpace, WorkSpace

pytestmark = pytest.mark.django_db


def _space(entry) -> str:
    return EntryWorkSpace.objects.filter(reflection=entry).values_list("workspace", flat=True).first() or ""


def test_every_work_space_has_its_prompt_after_migrating():
    # The data migration gives each space the prompt of workshops.catalogue.
    linked = dict(PromptWorkSpace.objects.values_list("workspace", "prompt__text"))
    assert linked == dict(PROMPTS)
    assert set(linked) == set(WorkSpace.values)


def test_the_journal_offers_the_work_space_prompts_to_people_who_write(client, cas, teacher, colleague):
    client.force_login(teacher)
    html = client.get(reverse("communities:journal")).content.decode()
    assert "Taller «Ser y hacer en comunidad de aprendizaje»: una pregunta para cada espacio de trabajo" in html
    for space, question in PROMPTS:
        prompt = PromptWorkSpace.objects.get(workspace=space).prompt
        assert question in html
        assert f"/journal/new/?prompt={prompt.pk}" in html
    client.force_login(colleague)  # not in a CAS: nothing to write in
    assert "Taller «Ser y hacer" not in client.get(reverse("communities:journal")).content.decode()


def test_an_entry_started_from_a_work_space_prompt_belongs_to_that_space(client, cas, teacher, catalogue):
    prompt = PromptWorkSpace.objects.get(workspace=WorkSpace.PRACTICA_BAJO_LA_LUPA).prompt
    client.force_login(teacher)
    url = reverse("communities:reflection_create") + f"?prompt={prompt.pk}"
    form = client.get(url).content.decode()
    assert '<option value="practica-bajo-la-lupa" selected>La práctica docente bajo la lupa</option>' in form
    assert "Habilidades Construye T" in form  # a label starts with a capital, unlike the model's name
    response = client.post(
        url,
        {
            "community": cas.pk,
            "title": "Mi clase, con lupa",
            "body": "Pregunto y yo misma respondo.",
            "written_on": "2026-11-01",
            "visibility": "community",
            "workspace": "practica-bajo-la-lupa",
        },
    )
    assert response.status_code == 302
    entry = Reflection.objects.get()
    assert entry.prompt == prompt
    assert _space(entry) == WorkSpace.PRACTICA_BAJO_LA_LUPA
    detail = client.get(reverse("communities:reflection", args=[entry.pk])).content.decode()
    assert "Espacio de trabajo del taller: La práctica docente bajo la lupa" in detail
    card = client.get(reverse("communities:journal")).content.decode()
    assert "La práctica docente bajo la lupa</li>" in card
    export = client.get(reverse("communities:journal_export", args=["md"])).content.decode()
    assert "La práctica docente bajo la lupa" in export


def test_a_work_space_that_does_not_exist_is_refused(client, cas, teacher, catalogue):
    client.force_login(teacher)
    data = {"community": cas.pk, "title": "T", "body": "B", "written_on": "2026-11-01", "visibility": "private"}
    response = client.post(reverse("communities:reflection_create"), {**data, "workspace": "<b>patio</b>"})
    html = response.content.decode()
    assert "Elige una de las opciones que se ofrecen." in html
    assert "<b>patio</b>" not in html
    assert not Reflection.objects.exists()
    with pytest.raises(ValidationError) as excinfo:
        write_reflection(
            actor=teacher, community=cas, title="T", body="B", visibility="private", extras={"workspace": "patio"}
        )
    assert excinfo.value.message_dict == {"workspace": ["Elige uno de los espacios de trabajo del taller."]}
    assert not Reflection.objects.exists()  # the entry and its space are written together or not at all


def test_the_journal_filters_by_work_space(client, cas, teacher, catalogue):
    write_reflection(
        actor=teacher,
        community=cas,
        title="Mi huella",
        body="B",
        visibility="community",
        extras={"workspace": "huella-colectiva"},
    )
    write_reflection(actor=teacher, community=cas, title="Sin espacio", body="B", visibility="community")
    client.force_login(cas.director)
    html = client.get(reverse("communities:journal"), {"workspace": "huella-colectiva"}).content.decode()
    assert "Mi huella" in html and "Sin espacio" not in html
    html = client.get(reverse("communities:journal"), {"workspace": "x" * 20000}).content.decode()
    assert "Seleccione una opción válida" in html and "Mi huella" not in html
    assert "x" * 300 not in html


def test_editing_an_entry_offers_its_work_space_and_can_take_it_out(client, cas, teacher, catalogue):
    entry = write_reflection(
        actor=teacher,
        community=cas,
        title="Caligrama",
        body="B",
        visibility="private",
        extras={"workspace": "caligrama"},
    )
    client.force_login(teacher)
    html = client.get(reverse("communities:reflection_edit", args=[entry.pk])).content.decode()
    assert '<option value="caligrama" selected>Caligrama de la comunidad</option>' in html
    update_reflection(
        actor=teacher,
        reflection=entry,
        title="Caligrama",
        body="B",
        visibility="private",
        written_on=entry.written_on,
        dimensions=[],
        skills=[],
        meeting=None,
        goal=None,
        extras={"workspace": ""},
    )
    assert _space(entry) == ""


def test_the_workshop_registers_through_the_core_extension_points():
    assert "workspace" in extensions.registry.entry_fields
    assert [panel.template for panel in extensions.registry.panels_for("journal")] == ["workshops/_journal_panel.html"]
