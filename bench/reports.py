"""`python -m bench.reports`: the build time (median of 5) and query count of
every report the demo data holds (the progress report of each CAS, each
school's report, the Carpeta, and any other registered kind the demo asked
for), of the platform's figures as CSV and XLSX, of the Difusión poster, and
of the tutors' weekly summaries, on the demo data.

Runs on whatever DATABASE_URL says: a throw-away SQLite file when unset, a
throw-away test database on PostgreSQL. The demo is seeded first (about a
minute). `progress_pdf_seconds(community_id)` (what `make bench` calls) times
one CAS's progress report on the database as it is."""

import statistics
import sys
import time
from io import StringIO
from unittest import mock

from bench.scratch import scratch_database, setup_django

ROUNDS = 5


def _median(run) -> tuple[float, int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, result = [], None
    for _ in range(ROUNDS):
        started = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - started)
    connection.queries_log.clear()  # a full log (the seeding's) would count nothing new
    with CaptureQueriesContext(connection) as queries:
        run()
    return statistics.median(timings), len(queries), result


def progress_pdf_seconds(community_id: int) -> float:
    """In a set-up process: the median seconds to build the progress report
    (PDF) of community `community_id`, on the database as it is (read only)."""
    from communities.documents import COMMUNITY_PROGRESS, community_subject
    from communities.extensions import registry
    from communities.models import Community, Report

    community = Community.objects.select_related("school").get(pk=community_id)
    report = Report(kind=COMMUNITY_PROGRESS, subject=community_subject(community), community=community)
    seconds, _queries, _result = _median(lambda: registry.report_kinds[COMMUNITY_PROGRESS].build(report))
    return seconds


def main(argv: list[str]) -> int:
    setup_django("cas-bench-reports-")
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from communities.documents.summary_poster import summary_poster_pdf
    from communities.extensions import registry
    from communities.models import Community, DiffusionSummary, Report
    from communities.services.diffusion import summary_content
    from communities.services.tutor_week import weeks_of

    with scratch_database(), mock.patch("communities.emails.send_email.delay"):
        started = time.perf_counter()
        call_command("seed_demo", stdout=StringIO())
        print(f"{connection.vendor}: demo seeded in {time.perf_counter() - started:.1f} s")
        print(f"{'report':<28} {'of':<32} {'median s':>9} {'queries':>8} {'bytes':>9}")
        for report in Report.objects.filter(status=Report.Status.READY).select_related("school", "community"):
            kind = registry.report_kinds[report.kind]
            seconds, queries, (content, _name, _type) = _median(lambda kind=kind, report=report: kind.build(report))
            print(f"{report.kind:<28} {report.subject:<32} {seconds:>9.3f} {queries:>8} {len(content):>9}")
        for code in ("figures_csv", "figures_xlsx"):
            report = Report(kind=code, subject="figures:national")
            kind = registry.report_kinds[code]
            seconds, queries, (content, _name, _type) = _median(lambda kind=kind, report=report: kind.build(report))
            print(f"{code:<28} {report.subject:<32} {seconds:>9.3f} {queries:>8} {len(content):>9}")
        for summary in DiffusionSummary.objects.select_related("community__school"):
            seconds, queries, content = _median(
                lambda summary=summary: summary_poster_pdf(content=summary_content(summary))
            )
            subject = f"community:{summary.community_id}"
            print(f"{'diffusion_poster':<28} {subject:<32} {seconds:>9.3f} {queries:>8} {len(content):>9}")
        tutors = list(Community.objects.active().values_list("tutor_id", flat=True).distinct())
        seconds, queries, weeks = _median(lambda: weeks_of(tutors, timezone.now()))
        print(f"{'tutor_weekly':<28} {f'{len(weeks)} tutors':<32} {seconds:>9.3f} {queries:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
