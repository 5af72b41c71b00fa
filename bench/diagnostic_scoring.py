"""`python -m bench.diagnostic_scoring [ANSWERS]`: the time to score a campaign
of ANSWERS answers (2,000,000 unless told), and the results page's query count
at 1,000 answers and at ANSWERS.

Runs on whatever DATABASE_URL says: a throw-away test database on PostgreSQL
(the intended target), a throw-away SQLite file when unset. The answers are
written by the database itself (INSERT … SELECT over generate_series and the
version's items, seeded random values), so filling takes seconds, not hours.
The scoring time is the grouped query of `diagnostics.scoring` on an open
campaign (read live, as the cache would be cold); a closed campaign's second
read comes from the cache.

`measure(answers)` (what `make bench` calls) returns the median scoring seconds.
"""

import statistics
import sys
import time

from bench.scratch import school_with_director, scratch_database, setup_django

ROUNDS = 5
ANSWERS = 2_000_000


def measure(answers: int = ANSWERS) -> float:
    """In a set-up process: the median seconds to score a campaign of about
    `answers` answers, in a scratch database of its own."""
    with scratch_database():
        school, director = school_with_director()
        campaign, _written, _fill = _filled_campaign(director, school, answers)
        return statistics.median(_time_scoring(campaign))


def main(argv: list[str]) -> int:
    answers = int(argv[0]) if argv else ANSWERS
    setup_django("cas-bench-scoring-")
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host is allowed
    with scratch_database():
        school, director = school_with_director()
        client = Client()
        client.force_login(director)
        for count in (1_000, answers):
            campaign, written, fill = _filled_campaign(director, school, count)
            print(f"{connection.vendor}: campaign of {written:,} answers written in {fill:.1f} s")
            timings = _time_scoring(campaign)
            print(
                f"{connection.vendor}: scoring {written:,} answers (one grouped query, live): "
                f"median {statistics.median(timings):.3f} s, best {min(timings):.3f} s over {ROUNDS} runs"
            )
            _page(client, campaign, written, "open, scored live")
            from diagnostics.services import close_campaign

            campaign = close_campaign(actor=director, campaign=campaign)
            _page(client, campaign, written, "closed, first view")
            _page(client, campaign, written, "closed, from the cache")
    return 0


def _page(client, campaign, written: int, label: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("diagnostics:results", args=[campaign.pk])
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    print(
        f"{connection.vendor}: results page at {written:,} answers ({label}): {len(queries)} queries, {elapsed:.3f} s"
    )


def _time_scoring(campaign) -> list[float]:
    from diagnostics.scoring import _groups

    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        _groups(campaign)
        timings.append(time.perf_counter() - started)
    return timings


def _filled_campaign(director, school, answers: int):
    """An open línea base for the four audiences, with about `answers` answers:
    whole responses, three in four from students, the rest spread over the
    other audiences."""
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from diagnostics.catalogue import ensure_default_instrument
    from diagnostics.models import (
        AUDIENCE_FIELDS,
        Answer,
        Audience,
        Campaign,
        Dimension,
        Instrument,
        InstrumentVersion,
        Item,
    )
    from diagnostics.services import open_campaign

    version = ensure_default_instrument(Instrument, InstrumentVersion, Dimension, Item)
    today = timezone.localdate()
    audiences = list(Audience)
    campaign = open_campaign(
        actor=director,
        school=school,
        version=version,
        kind=Campaign.Kind.BASELINE,
        audiences=[a.value for a in audiences],
        opens_on=today,
        closes_on=today + timedelta(days=14),
        expected={a.value: 5000 for a in audiences},
    )
    share = {Audience.STUDENTS: 0.75, Audience.TEACHERS: 0.1, Audience.SUPPORT_STAFF: 0.05, Audience.FAMILIES: 0.1}
    per_response = {a: Item.objects.filter(version=version).for_audience(a).count() for a in audiences}
    if connection.vendor == "postgresql":
        random_value = "1 + floor(random() * 5)::int"
        # 62 random bits, as `diagnostics.models.random_id` gives the rows it writes.
        random_id = "(floor(random() * 2147483648)::bigint << 31) + floor(random() * 2147483648)::bigint + 1"
    else:
        random_value = "1 + abs(random()) %% 5"
        random_id = "abs(random() %% 9223372036854775806) + 1"
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Seeded by the size, so that two campaigns of one run draw different ids.
            cursor.execute("SELECT setseed(%s)", [(answers * 2654435761 % 10**6) / 10**6])
        for audience in audiences:
            responses = max(1, round(answers * share[audience] / per_response[audience]))
            cursor.execute(
                "INSERT INTO diagnostics_response (id, campaign_id, audience, channel, submitted_on) "  # noqa: S608
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %s) "
                f"SELECT {random_id}, %s, %s, 'online', %s FROM n",
                [responses, campaign.pk, audience.value, today],
            )
            flag = AUDIENCE_FIELDS[audience]  # a column name of our own model, not input
            cursor.execute(
                "INSERT INTO diagnostics_answer (id, response_id, item_id, value) "  # noqa: S608
                f"SELECT {random_id}, r.id, i.id, {random_value} FROM diagnostics_response r "
                f"JOIN diagnostics_item i ON i.version_id = %s AND i.{flag} "
                "WHERE r.campaign_id = %s AND r.audience = %s",
                [version.pk, campaign.pk, audience.value],
            )
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE diagnostics_response")
            cursor.execute("ANALYZE diagnostics_answer")
    fill = time.perf_counter() - started
    written = Answer.objects.filter(response__campaign=campaign).count()
    return campaign, written, fill


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
