"""The instrument: versions that never change once published, drafts that copy
them, and the default instrument shipped with the project."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from diagnostics.catalogue import NAME
from diagnostics.models import Audience, Dimension, InstrumentVersion, Item, Level
from diagnostics.services import new_draft_from, publish

pytestmark = pytest.mark.django_db

SPANISH = set("áéíóúñ¿")


# --- The default instrument ------------------------------------------------------------------------


def test_the_default_instrument_is_published_with_seven_dimensions(version):
    assert version.instrument.name == NAME
    assert version.is_published and version.published_at is not None
    assert version.number == 1
    assert [d.name for d in version.dimensions.all()] == [
        "Clima favorable para el aprendizaje",
        "Relación docente–estudiante",
        "Participación docente",
        "Corresponsabilidad en las metas",
        "Bienestar docente",
        "Sentido de pertenencia",
        "Convivencia y seguridad",
    ]


def test_the_default_instrument_has_30_to_40_items_some_reversed(version):
    items = list(version.items.all())
    assert 30 <= len(items) <= 40
    assert 4 <= sum(item.reverse_scored for item in items) < len(items) // 2
    assert all(item.dimension.version_id == version.pk for item in items)
    assert all(version.dimensions.get(pk=d.pk).items.exists() for d in version.dimensions.all())


def test_every_audience_has_items(version):
    assert version.audiences() == list(Audience)
    for audience in Audience:
        assert version.items.for_audience(audience).count() >= 5, audience


def test_the_items_are_written_in_spanish_short_sentences(version):
    texts = list(version.items.values_list("text", flat=True))
    assert any(SPANISH & set(text) for text in texts)
    assert all(text.endswith(".") and len(text) <= 90 for text in texts)
    assert len(set(texts)) == len(texts)


def test_the_levels_come_from_the_version_cut_points(version):
    from decimal import Decimal

    assert version.level_of(Decimal("4.00")) == Level.FAVORABLE
    assert version.level_of(Decimal("3.99")) == Level.TO_IMPROVE
    assert version.level_of(Decimal("3.00")) == Level.TO_IMPROVE
    assert version.level_of(Decimal("2.99")) == Level.PRIORITY


# --- A published version never changes -------------------------------------------------------------


def test_a_published_version_refuses_changes(version):
    version.priority_below = 2
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(ValidationError):
        version.full_clean()
    with pytest.raises(ValidationError):
        version.delete()
    assert InstrumentVersion.objects.get(pk=version.pk).priority_below == 3


def test_the_dimensions_and_items_of_a_published_version_refuse_changes(version):
    item = version.items.first()
    item.text = "Otra cosa."
    with pytest.raises(ValidationError):
        item.save()
    with pytest.raises(ValidationError):
        item.delete()
    dimension = version.dimensions.first()
    with pytest.raises(ValidationError):
        dimension.save()
    with pytest.raises(ValidationError):
        Item.objects.create(version=version, dimension=dimension, text="Nuevo.", for_students=True)
    with pytest.raises(ValidationError):
        Dimension.objects.create(version=version, code="nueva", name="Nueva")
    assert version.items.count() == len(list(version.items.all()))


def test_a_new_draft_copies_the_published_version(admin_user, version):
    draft = new_draft_from(actor=admin_user, version=version)
    assert (draft.number, draft.status, draft.published_at) == (2, InstrumentVersion.Status.DRAFT, None)
    assert draft.instrument_id == version.instrument_id
    assert (draft.favorable_from, draft.priority_below) == (version.favorable_from, version.priority_below)

    def shape(v):
        return [
            (i.dimension.code, i.text, i.reverse_scored, tuple(i.audiences), i.position)
            for i in v.items.select_related("dimension").order_by("position")
        ]

    assert shape(draft) == shape(version)
    assert {d.version_id for d in Dimension.objects.filter(items__version=draft)} == {draft.pk}


def test_a_draft_changes_then_is_published_and_is_final(admin_user, version):
    draft = new_draft_from(actor=admin_user, version=version)
    item = draft.items.first()
    item.text = "En mis clases casi siempre hay orden."
    item.save()
    published = publish(actor=admin_user, version=draft)
    assert published.is_published and published.published_at is not None
    assert version.items.first().text != item.text  # the original kept its wording
    with pytest.raises(ValidationError):
        publish(actor=admin_user, version=published)
    item.text = "Ya no."
    with pytest.raises(ValidationError):
        item.save()


def test_an_empty_draft_is_not_published(admin_user, version):
    draft = InstrumentVersion.objects.create(instrument=version.instrument, number=9)
    with pytest.raises(ValidationError):
        publish(actor=admin_user, version=draft)


def test_only_platform_staff_version_the_instrument(director, version):
    with pytest.raises(PermissionDenied):
        new_draft_from(actor=director, version=version)
    with pytest.raises(PermissionDenied):
        publish(actor=director, version=version)
