"""The diagnostic's cast is the project's (tests/conftest.py); here, the default
instrument and a campaign opened by the director."""

from datetime import timedelta

import pytest
from django.utils import timezone

from diagnostics.catalogue import ensure_default_instrument
from diagnostics.models import Answer, Audience, Campaign, Dimension, Instrument, InstrumentVersion, Item, Response
from diagnostics.services import open_campaign


@pytest.fixture
def version() -> InstrumentVersion:
    """The default instrument's published version (installed by the data
    migration; ensured here in case a transactional test emptied the tables)."""
    return ensure_default_instrument(Instrument, InstrumentVersion, Dimension, Item)


def campaign_arguments(version, **changes) -> dict:
    today = timezone.localdate()
    arguments = {
        "version": version,
        "kind": Campaign.Kind.BASELINE,
        "audiences": [Audience.STUDENTS, Audience.TEACHERS],
        "opens_on": today,
        "closes_on": today + timedelta(days=14),
        "expected": {Audience.STUDENTS: 120, Audience.TEACHERS: 18},
    }
    return arguments | changes


@pytest.fixture
def campaign(director, school, version) -> Campaign:
    return open_campaign(actor=director, school=school, **campaign_arguments(version))


def small_version() -> InstrumentVersion:
    """A published version small enough to score by hand (cut points 4.00 and
    3.00): «trato» (t1 to students and teachers, t2 reverse-scored, to students
    and teachers) and «orden» (o1, to students and families)."""
    instrument = Instrument.objects.create(name="Instrumento de prueba")
    version = InstrumentVersion.objects.create(instrument=instrument, number=1)
    trato = Dimension.objects.create(version=version, code="trato", name="Trato", position=1)
    orden = Dimension.objects.create(version=version, code="orden", name="Orden", position=2)
    Item.objects.create(version=version, dimension=trato, text="t1", position=1, for_students=True, for_teachers=True)
    Item.objects.create(
        version=version,
        dimension=trato,
        text="t2",
        position=2,
        reverse_scored=True,
        for_students=True,
        for_teachers=True,
    )
    Item.objects.create(version=version, dimension=orden, text="o1", position=3, for_students=True, for_families=True)
    InstrumentVersion.objects.filter(pk=version.pk).update(status="published", published_at=timezone.now())
    version.refresh_from_db()
    return version


def open_small(director, school, version, kind=Campaign.Kind.BASELINE, days_ago=0) -> Campaign:
    today = timezone.localdate() - timedelta(days=days_ago)
    return open_campaign(
        actor=director,
        school=school,
        version=version,
        kind=kind,
        audiences=[Audience.STUDENTS, Audience.TEACHERS, Audience.FAMILIES],
        opens_on=today,
        closes_on=today + timedelta(days=14),
        expected={Audience.STUDENTS: 30, Audience.TEACHERS: 10, Audience.FAMILIES: 20},
    )


def add_responses(campaign: Campaign, audience: str, sheets: list[dict[str, int]], channel="online") -> None:
    """Responses written directly (the services are tested elsewhere): one per
    sheet, {item text: value}. Three queries whatever the number of sheets."""
    items = {item.text: item for item in Item.objects.filter(version_id=campaign.version_id)}
    responses = Response.objects.bulk_create(
        Response(campaign=campaign, audience=audience, channel=channel, submitted_on=campaign.opens_on) for _ in sheets
    )
    Answer.objects.bulk_create(
        Answer(response=response, item=items[text], value=value)
        for response, sheet in zip(responses, sheets, strict=True)
        for text, value in sheet.items()
    )
