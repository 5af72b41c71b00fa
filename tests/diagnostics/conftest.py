"""The diagnostic's cast is the project's (tests/conftest.py); here, the default
instrument and a campaign opened by the director."""

from datetime import timedelta

import pytest
from django.utils import timezone

from diagnostics.catalogue import ensure_default_instrument
from diagnostics.models import Audience, Campaign, Dimension, Instrument, InstrumentVersion, Item
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
