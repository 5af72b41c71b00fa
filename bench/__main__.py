"""`make bench`: time the main pages for each demo role on a throw-away copy of
the demo data, and count their queries. Prints one line per page.

Runs on whatever DATABASE_URL says (a temporary SQLite file when unset), so the
figures can be compared between SQLite and PostgreSQL.
"""

import os
import statistics
import sys
import tempfile
import time
from io import StringIO

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "50"))


def main() -> int:
    workdir = tempfile.mkdtemp(prefix="cas-bench-")
    os.environ.setdefault("VAR_DIR", workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cas_project.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from communities.models import Community, Meeting, User
    from communities.services.calendar import feed_for

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=StringIO())

    cas = Community.objects.get(school__cct="14DCT0038K").pk
    meeting = Meeting.objects.filter(community_id=cas).exclude(minutes="").latest("starts_at").pk
    token = feed_for(User.objects.get(email="docente1@escuela-a.demo")).token
    pages = [
        ("anonymous", None, "/accounts/login/"),
        ("teacher", "docente1@escuela-a.demo", "/"),
        ("director", "director@escuela-a.demo", "/"),
        ("tutor", "tutor@escuela-a.demo", "/"),
        ("teacher", "docente1@escuela-a.demo", f"/cas/{cas}/"),
        ("teacher", "docente1@escuela-a.demo", f"/cas/{cas}/proposals/"),
        ("director", "director@escuela-a.demo", f"/cas/{cas}/invitations/"),
        ("director", "director@escuela-a.demo", f"/cas/{cas}/conditions/"),
        ("teacher", "docente1@escuela-a.demo", f"/cas/{cas}/meetings/"),
        ("director", "director@escuela-a.demo", f"/cas/{cas}/meetings/{meeting}/"),
        ("teacher", "docente1@escuela-a.demo", f"/cas/{cas}/agreements/"),
        ("teacher", "docente1@escuela-a.demo", f"/cas/{cas}/goals/"),
        ("tutor", "tutor@escuela-a.demo", f"/cas/{cas}/participation/"),
        ("teacher", "docente1@escuela-a.demo", "/journal/"),
        ("tutor", "tutor@escuela-a.demo", "/journal/?q=convivencia"),
        ("teacher", "docente1@escuela-a.demo", "/practices/"),
        ("teacher", "docente1@escuela-a.demo", "/journal/export.pdf"),
        ("admin", "admin@cas.demo", "/staff/overview/"),
        ("anonymous", None, f"/calendar/{token}.ics"),
        ("anonymous", None, "/healthz"),
    ]
    header = f"{'page':<30} {'as':<10} {'queries':>7} {'median ms':>10} {'p95 ms':>8}"
    print(f"{header}  ({ROUNDS} rounds, {connection.vendor})")
    for role, email, url in pages:
        client = Client(HTTP_HOST="localhost")
        if email:
            client.force_login(User.objects.get(email=email))
        client.get(url)  # warm caches and templates
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        # Read now: the next request empties the query log the count points into.
        query_count = len(queries)
        timings = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        flag = "" if status == 200 else f"  status {status}"
        print(f"{url[:30]:<30} {role:<10} {query_count:>7} {statistics.median(timings):>10.1f} {p95:>8.1f}{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
