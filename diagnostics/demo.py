"""Demo data of the diagnostic, on top of the core's (`manage.py seed_demo` runs
the core's demo first): the default instrument, published; escuela-a's
línea base, applied and closed; escuela-b's línea base, open now. Made through
the services, by each school's director; seeding again changes nothing."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from communities.demo import ADMIN_EMAIL, SCHOOLS
from communities.models import School, User
from diagnostics.catalogue import ensure_default_instrument
from diagnostics.models import Audience, Campaign, Dimension, Instrument, InstrumentVersion, Item
from diagnostics.services import close_campaign, open_campaign, publish

# (school slug, days from today it opened, days it lasted, closed, expected per audience)
CAMPAIGNS = [
    (
        "escuela-a",
        -95,
        14,
        True,
        {Audience.STUDENTS: 120, Audience.TEACHERS: 18, Audience.SUPPORT_STAFF: 6, Audience.FAMILIES: 60},
    ),
    ("escuela-b", -3, 17, False, {Audience.STUDENTS: 90, Audience.TEACHERS: 12, Audience.FAMILIES: 40}),
]


def published_default_version() -> InstrumentVersion:
    """The newest published version of the default instrument, publishing its
    draft (as the platform's administrator) if it has none yet."""
    newest = ensure_default_instrument(Instrument, InstrumentVersion, Dimension, Item)
    published = (
        InstrumentVersion.objects.filter(instrument_id=newest.instrument_id, status=InstrumentVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )
    return published or publish(actor=User.objects.get(email=ADMIN_EMAIL), version=newest)


@transaction.atomic
def seed(stdout=None) -> None:
    version = published_default_version()
    today = timezone.localdate()
    by_slug = {demo.slug: demo for demo in SCHOOLS}
    for slug, opened, days, closed, expected in CAMPAIGNS:
        school = School.objects.get(cct=by_slug[slug].cct)
        if Campaign.objects.filter(school=school, kind=Campaign.Kind.BASELINE).exists():
            continue
        director = User.objects.get(email=f"director@{slug}.demo")
        campaign = open_campaign(
            actor=director,
            school=school,
            version=version,
            kind=Campaign.Kind.BASELINE,
            audiences=[audience.value for audience in expected],
            opens_on=today + timedelta(days=opened),
            closes_on=today + timedelta(days=opened + days),
            expected={audience.value: count for audience, count in expected.items()},
        )
        if closed:
            close_campaign(actor=director, campaign=campaign)
