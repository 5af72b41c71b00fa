# ruff: noqa: S608 (the SQL is put together from this module's own constants, lengths and
# column names, never from input; every value travels as a parameter)
"""The rows of the bench seed, written by PostgreSQL itself: COPY from
in-memory buffers for people and schools (80,000 lines built in Python), and
INSERT … SELECT over generate_series and the plan's temporary tables for
everything that hangs from them. Never the ORM row by row.

Each step is a function of a `Fill` (`bench.seed_sql`); the core's are here,
the diagnostic's and the workshop's in `bench.seed_satellites`. The caller
decides the transactions: the command commits after every step, a test runs
them all inside its own."""

import random
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

from bench import seed_words as words
from bench.seed_satellites import diagnostic, workshops
from bench.seed_sql import LOCAL, Fill
from bench.seed_sql import rows as _rows

STATES = [f"{n:02d}" for n in range(1, 33)]
REP_EMAILS = {
    "admin": "admin@cas.bench",
    "tutor": "tutor@cas.bench",
    "director": "director@cas.bench",
    "teacher": "docente@cas.bench",
}
# RFC 6238's test secret ("12345678901234567890"): bench code computes the
# admin's codes from it with django_otp.oath.totp.
ADMIN_TOTP_KEY = "3132333435363738393031323334353637383930"


def _past_meetings(now: datetime, created: datetime, count: int, gap: int) -> int:
    """How many of a CAS's sessions have started by `now`: the i-th is at 13:00
    (schools' time) 5 + i × gap days after the CAS was formed, as `meetings` writes them."""
    zone = ZoneInfo(LOCAL)
    first_day = created.astimezone(zone).date() + timedelta(days=5)
    return sum(
        1 for i in range(count) if datetime.combine(first_day + timedelta(days=i * gap), dtime(13), tzinfo=zone) < now
    )


def run_steps(fill: Fill, commit: Callable[[], None]) -> None:
    """Every step in order on one connection, committing after each as the
    caller wants (a test: never)."""
    _run(fill, commit, [*CORE_STEPS, *SATELLITE_STEPS, *FINAL_STEPS])


def run_in_parallel(fill: Fill, commit: Callable[[], None], second: Fill, second_commit: Callable[[], None]) -> None:
    """The core's steps on one connection and the satellites' (which need only
    the people and the schools) on another at the same time, so that both of
    the machine's cores write; then the final steps on the first."""
    _run(fill, commit, CORE_STEPS[:2])  # the people and schools, committed before the satellites read them
    second = replace(second, school_ids=fill.school_ids, first_cas=fill.first_cas, first_meeting=fill.first_meeting)
    failures: list[BaseException] = []

    def satellites() -> None:
        try:
            _run(second, second_commit, [prepare, load_plan, *SATELLITE_STEPS])
        except BaseException as error:  # raised again by the main thread
            failures.append(error)

    worker = threading.Thread(target=satellites, name="seed-satellites")
    worker.start()
    try:
        _run(fill, commit, CORE_STEPS[2:])
    finally:
        worker.join()
    if failures:
        raise failures[0]
    fill.timings |= {f"{name} (in parallel)": seconds for name, seconds in second.timings.items()}
    _run(fill, commit, FINAL_STEPS)


def _run(fill: Fill, commit: Callable[[], None], steps: list) -> None:
    for step in steps:
        started = time.perf_counter()
        step(fill)
        commit()
        elapsed = time.perf_counter() - started
        fill.timings[step.__name__] = elapsed
        fill.log(f"  {step.__name__:<22} {elapsed:6.1f} s")


# --- Setup -----------------------------------------------------------------------------------------


def prepare(fill: Fill) -> None:
    """A seeded generator, no temporary tables left from an earlier run in
    this session. (`pg_temp.pick(%(list)s)` in the statements is a macro: see
    `_inline_picks`.)"""
    fill.sql("SET synchronous_commit = off")
    # Sorting two million answers by their response before they are written
    # keeps two of their four indexes appending instead of scattering.
    fill.sql("SET work_mem = '256MB'")
    if fill.trusted:
        # The per-row checks of every foreign key at commit are most of the
        # work; `check_references` makes them all at the end in a few joins.
        fill.sql("SET session_replication_role = replica")
    for table in ("seed_school", "seed_cas", "seed_member", "seed_people", "seed_meeting", "seed_audience",
                  "seed_workshop", "seed_participant", "seed_problem", "seed_proposal"):  # fmt: skip
        fill.sql(f"DROP TABLE IF EXISTS pg_temp.{table}")
    fill.sql("SELECT setseed(0.2026)")


def people_and_schools(fill: Fill) -> None:
    plan = fill.plan
    rng = random.Random(7)
    first_school = fill.reserve("communities_school", len(plan.schools))
    fill.copy("communities_school", SCHOOL_COLUMNS, _school_rows(fill, first_school, rng))
    fill.copy("communities_user", USER_COLUMNS, _user_rows(fill, rng))
    fill.school_ids = {s.index: first_school + s.index for s in plan.schools}
    fill.first_cas = fill.reserve("communities_community", len(plan.communities))
    fill.first_meeting = fill.reserve("communities_meeting", sum(c.meetings for c in plan.communities))
    load_plan(fill)
    # Every school's director and teachers; each tutor at the schools whose CAS they guide.
    fill.sql(
        "INSERT INTO communities_staffmembership (created_at, updated_at, role, school_id, user_id) "
        "SELECT %(now)s, %(now)s, 'director', school_id, director_id FROM seed_school "
        "UNION ALL SELECT %(now)s, %(now)s, 'teacher', s.school_id, t "
        "FROM seed_school s, generate_series(s.first_teacher, s.first_teacher + s.n_teachers - 1) t "
        "UNION ALL SELECT %(now)s, %(now)s, 'tutor', school_id, tutor_id FROM seed_school WHERE tutor_id IS NOT NULL"
    )
    fill.sql(
        "INSERT INTO otp_totp_totpdevice (name, confirmed, key, step, t0, digits, tolerance, drift, last_t, "
        "user_id, throttling_failure_count, created_at) "
        "VALUES ('Aplicación de autenticación', true, %(key)s, 30, 0, 6, 1, 0, -1, %(admin)s, 0, %(now)s)",
        {"key": ADMIN_TOTP_KEY, "admin": plan.admin_id},
    )


SCHOOL_COLUMNS = ("id", "created_at", "updated_at", "name", "cct", "state", "municipality", "level", "shift")
USER_COLUMNS = (
    "id", "password", "is_superuser", "email", "full_name", "is_active", "is_staff", "date_joined",
    "digest_hour", "language", "session_epoch",
)  # fmt: skip


def _school_rows(fill: Fill, first_id: int, rng: random.Random):
    kinds = words.SCHOOL_KINDS
    for school in fill.plan.schools:
        s = school.index
        state = STATES[s % 32]
        letters, level, pattern = kinds[(s // 32) % len(kinds)]
        number = s // (32 * len(kinds)) + 1
        cct = f"{state}{letters}{number:04d}{chr(65 + s % 26)}"
        name = pattern.format(n=number, hero=rng.choice(words.HEROES))
        shift = rng.choice(words.SHIFTS)
        municipality = rng.choice(words.MUNICIPALITIES)
        yield (first_id + s, fill.now, fill.now, name, cct, state, municipality, level, shift)


def _user_rows(fill: Fill, rng: random.Random):
    plan = fill.plan
    joined = fill.now - timedelta(days=200)

    def row(user_id: int, email: str, *, staff: bool = False):
        name = f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.SURNAMES)} {rng.choice(words.SURNAMES)}"
        hour = rng.choice([6, 7, 7, 7, 8, 18, 20])
        return (user_id, fill.password_hash, staff, email, name, True, staff, joined, hour, "es-mx", 0)

    yield row(plan.admin_id, REP_EMAILS["admin"], staff=True)
    for n, tutor in enumerate(plan.tutor_ids):
        yield row(tutor, REP_EMAILS["tutor"] if n == 0 else f"tutor{n}@construyet.bench")
    for school in plan.schools:
        email = REP_EMAILS["director"] if school.index == 0 else f"director{school.index}@escuelas.bench"
        yield row(school.director_id, email)
    for school in plan.schools:
        for n in range(school.teachers):
            user_id = school.first_teacher + n
            is_rep = user_id == plan.schools[0].first_teacher
            email = REP_EMAILS["teacher"] if is_rep else f"docente{user_id}@escuelas.bench"
            yield row(user_id, email)


def load_plan(fill: Fill) -> None:
    """The plan as temporary tables of this connection: schools, communities,
    members, and who takes part in each CAS."""
    plan = fill.plan
    first_cas, first_meeting = fill.first_cas, fill.first_meeting
    fill.sql(
        "CREATE TEMP TABLE seed_school (idx int PRIMARY KEY, school_id bigint, director_id bigint, "
        "tutor_id bigint, first_teacher bigint, n_teachers int, level text) ON COMMIT PRESERVE ROWS"
    )
    fill.copy(
        "seed_school",
        ("idx", "school_id", "director_id", "tutor_id", "first_teacher", "n_teachers"),
        (
            (s.index, fill.school_ids[s.index], s.director_id, s.tutor_id or None, s.first_teacher, s.teachers)
            for s in plan.schools
        ),
    )
    fill.sql("UPDATE seed_school ss SET level = s.level FROM communities_school s WHERE s.id = ss.school_id")
    fill.sql(
        "CREATE TEMP TABLE seed_cas (idx int PRIMARY KEY, community_id bigint UNIQUE, school_id bigint, "
        "director_id bigint, tutor_id bigint, phase text, created_at timestamptz, n_members int, "
        "n_meetings int, gap int, first_meeting bigint, n_past int)"
    )
    fill.sql("CREATE TEMP TABLE seed_member (community_id bigint, idx int, teacher_id bigint, n_entries int)")
    cas_rows, member_rows, meeting = [], [], first_meeting
    for n, c in enumerate(plan.communities):
        created = fill.now - timedelta(days=c.age_days)
        community_id = first_cas + n
        cas_rows.append(
            (
                c.school.index, community_id, fill.school_ids[c.school.index], c.school.director_id,
                c.school.tutor_id, c.phase, created, c.members, c.meetings, c.meeting_gap, meeting,
                _past_meetings(fill.now, created, c.meetings, c.meeting_gap),
            )
        )  # fmt: skip
        meeting += c.meetings
        member_rows += [(community_id, m, c.school.first_teacher + m, c.journal[m]) for m in range(c.members)]
    fill.copy(
        "seed_cas",
        ("idx", "community_id", "school_id", "director_id", "tutor_id", "phase", "created_at", "n_members",
         "n_meetings", "gap", "first_meeting", "n_past"),
        cas_rows,
    )  # fmt: skip
    fill.copy("seed_member", ("community_id", "idx", "teacher_id", "n_entries"), member_rows)
    fill.sql("CREATE INDEX ON seed_member (community_id, idx)")
    # Who takes part in a CAS's decisions: its director, its tutor and its teachers.
    fill.sql(
        "CREATE TEMP TABLE seed_people AS "
        "SELECT community_id, director_id AS person_id, 'director' AS role FROM seed_cas "
        "UNION ALL SELECT community_id, tutor_id, 'tutor' FROM seed_cas "
        "UNION ALL SELECT community_id, teacher_id, 'teacher' FROM seed_member"
    )
    fill.sql("CREATE INDEX ON seed_people (community_id)")
    fill.sql("ANALYZE seed_school; ANALYZE seed_cas; ANALYZE seed_member; ANALYZE seed_people")


# --- The CAS and their members ----------------------------------------------------------------------

PHASE_NUMBER = "CASE {col} WHEN 'integration' THEN 1 WHEN 'development' THEN 2 ELSE 3 END"


def communities(fill: Fill) -> None:
    fill.sql(
        "INSERT INTO communities_community (id, created_at, updated_at, school_year, teacher_cap, phase, "
        "closed_at, created_by_id, director_id, school_id, tutor_id) "
        "SELECT community_id, created_at, created_at, %(year)s, 5, phase, NULL, director_id, director_id, "
        "school_id, tutor_id FROM seed_cas",
        {"year": fill.school_year},
    )
    fill.sql(
        "INSERT INTO communities_membership (joined_at, left_at, community_id, teacher_id) "
        "SELECT least(c.created_at + (2 + m.idx) * interval '1 day', %(now)s), NULL, m.community_id, m.teacher_id "
        "FROM seed_member m JOIN seed_cas c USING (community_id)"
    )
    _invitations(fill)
    _milestones(fill)
    _phase_reviews(fill)
    fill.sql(
        "INSERT INTO communities_conditioncheck (kind, is_met, note, updated_at, community_id, updated_by_id) "
        "SELECT k, random() < 0.6, pg_temp.pick(%(notes)s), c.created_at + interval '3 days', "
        "c.community_id, c.director_id FROM seed_cas c, unnest(%(kinds)s::text[]) k",
        {"notes": words.CONDITION_NOTES, "kinds": CONDITION_KINDS},
    )
    _proposals(fill)


CONDITION_KINDS = [
    "space_time", "belonging", "recognition", "digital_resources", "communication", "exchange", "capacities",
    "practice_bank",
]  # fmt: skip
MILESTONES = [
    ("diagnostic", "integration"), ("goals", "integration"), ("invitations", "integration"),
    ("formed", "integration"), ("actions", "development"), ("strategies", "development"),
    ("collaboration", "development"), ("sharing", "development"), ("practices", "development"),
    ("results_to_teachers", "dissemination"), ("school_strategy", "dissemination"),
    ("school_results", "dissemination"),
]  # fmt: skip
INVITATION_MESSAGE = "Te invito a formar parte de la comunidad de aprendizaje de nuestra escuela este ciclo."


def _invitations(fill: Fill) -> None:
    """Each member's accepted invitation; the young CAS still wait on a few."""
    token = "encode(sha256("  # noqa: S105 (the SQL of an invitation's hash, not a secret)
    token += "convert_to('bench-invitation:' || {c} || ':' || {t}, 'UTF8')), 'hex')"
    fill.sql(
        "INSERT INTO communities_invitation (message, token_hash, status, created_at, expires_at, responded_at, "
        "community_id, invited_by_id, invitee_id) "
        f"SELECT %(message)s, {token.format(c='m.community_id', t='m.teacher_id')}, 'accepted', "
        "least(c.created_at + (1 + m.idx) * interval '1 day', %(now)s), "
        "c.created_at + (15 + m.idx) * interval '1 day', "
        "least(c.created_at + (2 + m.idx) * interval '1 day', %(now)s), "
        "m.community_id, c.director_id, m.teacher_id FROM seed_member m JOIN seed_cas c USING (community_id)",
        {"message": INVITATION_MESSAGE},
    )
    fill.sql(
        "INSERT INTO communities_invitation (message, token_hash, status, created_at, expires_at, responded_at, "
        "community_id, invited_by_id, invitee_id) "
        f"SELECT %(message)s, {token.format(c='c.community_id', t='t')}, 'pending', %(now)s - interval '3 days', "
        "%(now)s + interval '11 days', NULL, c.community_id, c.director_id, t "
        "FROM seed_cas c JOIN seed_school s ON s.idx = c.idx, "
        "generate_series(s.first_teacher + c.n_members, s.first_teacher + least(4, s.n_teachers - 1)) t "
        "WHERE c.phase = 'integration'",
        {"message": INVITATION_MESSAGE},
    )


def _milestones(fill: Fill) -> None:
    """The seed's twelve milestones: those of past phases met with evidence,
    about half of the current phase's."""
    fill.sql(
        "INSERT INTO communities_milestone (kind, phase, position, completed_at, evidence_text, evidence_url, "
        "evidence_file, evidence_file_name, community_id, completed_by_id, evidence_meeting_id) "
        "SELECT k.kind, k.phase, k.pos, "
        "CASE WHEN done THEN least(c.created_at + k.pos * interval '6 days', %(now)s) END, "
        "CASE WHEN done THEN pg_temp.pick(%(evidence)s) ELSE '' END, '', '', '', c.community_id, "
        "CASE WHEN done THEN c.director_id END, NULL "
        "FROM seed_cas c, unnest(%(kinds)s::text[], %(phases)s::text[]) WITH ORDINALITY AS k(kind, phase, pos), "
        f"LATERAL (SELECT {PHASE_NUMBER.format(col='k.phase')} < {PHASE_NUMBER.format(col='c.phase')} "
        "OR (k.phase = c.phase AND random() < 0.5) AS done) d",
        {
            "evidence": words.MILESTONE_EVIDENCE,
            "kinds": [kind for kind, _ in MILESTONES],
            "phases": [phase for _, phase in MILESTONES],
        },
    )


def _phase_reviews(fill: Fill) -> None:
    fill.sql(
        "INSERT INTO communities_phasereview (from_phase, to_phase, status, requested_at, request_comment, "
        "reviewed_at, review_comment, community_id, requested_by_id, reviewed_by_id) "
        "SELECT f, t, 'approved', c.created_at + n * interval '35 days', 'Cumplimos los hitos con evidencia.', "
        "c.created_at + n * interval '35 days' + interval '2 days', 'Buen trabajo: adelante con la siguiente fase.', "
        "c.community_id, c.director_id, c.tutor_id "
        "FROM seed_cas c, unnest(ARRAY['integration', 'development'], ARRAY['development', 'dissemination']) "
        "WITH ORDINALITY AS p(f, t, n) "
        f"WHERE n < {PHASE_NUMBER.format(col='c.phase')}"
    )


def _proposals(fill: Fill) -> None:
    """Four norms and two activities per CAS, with the members' opinions."""
    start = fill.scalar("SELECT coalesce(max(id), 0) FROM communities_proposal")
    fill.sql(
        "INSERT INTO communities_proposal (kind, text, status, created_at, decided_at, community_id, proposed_by_id) "
        "SELECT CASE WHEN n <= 4 THEN 'norm' ELSE 'activity' END, "
        "CASE WHEN n <= 4 THEN (%(norms)s::text[])[1 + (c.community_id + n) %% %(n_norms)s] "
        "ELSE (%(activities)s::text[])[1 + (c.community_id + n) %% %(n_activities)s] END, "
        "CASE WHEN n = 4 AND c.phase = 'integration' THEN 'open' WHEN n = 6 AND c.community_id %% 3 = 0 "
        "THEN 'rejected' ELSE 'adopted' END, least(c.created_at + (2 * n + 3) * interval '1 day', %(now)s), "
        "CASE WHEN n = 4 AND c.phase = 'integration' THEN NULL "
        "ELSE least(c.created_at + (2 * n + 7) * interval '1 day', %(now)s) END, c.community_id, "
        "CASE WHEN n %% 2 = 0 THEN c.director_id ELSE (SELECT teacher_id FROM seed_member m "
        "WHERE m.community_id = c.community_id AND m.idx = n %% c.n_members) END "
        "FROM seed_cas c, generate_series(1, 6) n",
        {
            "norms": words.NORMS,
            "n_norms": len(words.NORMS),
            "activities": words.ACTIVITIES,
            "n_activities": len(words.ACTIVITIES),
        },
    )
    fill.sql(
        "INSERT INTO communities_proposalvote (choice, comment, voted_at, proposal_id, voter_id) "
        "SELECT CASE WHEN p.status = 'rejected' AND random() < 0.6 THEN 'object' "
        "WHEN random() < 0.06 THEN 'object' ELSE 'agree' END, pg_temp.pick(%(comments)s), "
        "least(p.created_at + interval '1 day', %(now)s), p.id, sp.person_id "
        "FROM communities_proposal p JOIN seed_people sp USING (community_id) "
        "WHERE p.id > %(start)s AND (p.status <> 'open' OR random() < 0.5)",
        {"comments": words.VOTE_COMMENTS, "start": start},
    )


# --- Meetings ----------------------------------------------------------------------------------------


def meetings(fill: Fill) -> None:
    """Sessions every few days from the CAS's start, the past ones held with
    minutes (a few cancelled), the later ones scheduled."""
    fill.sql(
        "INSERT INTO communities_meeting (id, purpose, starts_at, ends_at, place, online_url, status, uid, "
        "sequence, minutes, minutes_updated_at, cancel_reason, created_at, updated_at, community_id, "
        "minutes_written_by_id, scheduled_by_id) "
        "SELECT c.first_meeting + i, (%(purposes)s::text[])[1 + i %% %(n_purposes)s], t.start, "
        "t.start + interval '90 minutes', (%(places)s::text[])[1 + c.community_id %% %(n_places)s], "
        "CASE WHEN i %% 5 = 4 THEN 'https://meet.escuelas.bench/cas-' || c.community_id ELSE '' END, "
        "CASE WHEN r.cancelled THEN 'cancelled' ELSE 'scheduled' END, gen_random_uuid(), 0, "
        "CASE WHEN t.past AND NOT r.cancelled THEN pg_temp.pick(%(minutes)s) || ' ' || pg_temp.pick(%(minutes)s) "
        "|| E'\\n\\n' || pg_temp.pick(%(minutes)s) ELSE '' END, "
        "CASE WHEN t.past AND NOT r.cancelled THEN least(t.start + interval '1 day', %(now)s) END, "
        "CASE WHEN r.cancelled THEN 'Coincide con la junta de Consejo Técnico.' ELSE '' END, "
        "least(greatest(c.created_at, t.start - interval '10 days'), %(now)s), "
        "least(greatest(c.created_at, t.start - interval '10 days'), %(now)s), "
        "c.community_id, CASE WHEN t.past AND NOT r.cancelled THEN (SELECT teacher_id FROM seed_member m "
        "WHERE m.community_id = c.community_id AND m.idx = (i + 1) %% c.n_members) END, c.director_id "
        "FROM seed_cas c, generate_series(0, c.n_meetings - 1) i, "
        f"LATERAL (SELECT ((c.created_at AT TIME ZONE '{LOCAL}')::date + 5 + i * c.gap + time '13:00') "
        f"AT TIME ZONE '{LOCAL}' AS start) s, "
        "LATERAL (SELECT s.start, s.start < %(now)s AS past) t, "
        "LATERAL (SELECT t.past AND random() < 0.03 AS cancelled) r",
        {
            "purposes": words.MEETING_PURPOSES,
            "n_purposes": len(words.MEETING_PURPOSES),
            "places": words.PLACES,
            "n_places": len(words.PLACES),
            "minutes": words.MINUTES_SENTENCES,
        },
    )
    fill.sql(
        "CREATE TEMP TABLE seed_meeting AS SELECT m.id, m.community_id, m.id - c.first_meeting AS i, "
        "m.starts_at, m.ends_at, m.status = 'cancelled' AS cancelled, m.starts_at < %(now)s AS past, "
        "m.minutes <> '' AS has_minutes, m.minutes_written_by_id AS writer, c.n_members, c.director_id "
        "FROM communities_meeting m JOIN seed_cas c USING (community_id)"
    )
    fill.sql("ANALYZE seed_meeting")
    _agenda_and_roles(fill)
    _attendance_and_approvals(fill)
    _agreements(fill)


def _member(index: str) -> str:
    """The id of the CAS's member at `index` (an SQL expression over `sm`)."""
    return (
        "(SELECT teacher_id FROM seed_member x WHERE x.community_id = sm.community_id "
        f"AND x.idx = ({index}) %% sm.n_members)"
    )


def _agenda_and_roles(fill: Fill) -> None:
    fill.sql(
        "INSERT INTO communities_agendaitem (title, position, created_at, added_by_id, review_of_id, meeting_id) "
        "SELECT (%(items)s::text[])[1 + (sm.i * 3 + k) %% %(n_items)s], k, "
        "least(sm.starts_at - interval '5 days', %(now)s), sm.director_id, NULL, sm.id "
        "FROM seed_meeting sm, generate_series(0, 2 + sm.id::int %% 2) k",
        {"items": words.AGENDA_ITEMS, "n_items": len(words.AGENDA_ITEMS)},
    )
    fill.sql(
        "INSERT INTO communities_sessionrole (kind, meeting_id, person_id) "
        f"SELECT r.kind, sm.id, {_member('sm.i + r.n')} "
        "FROM seed_meeting sm, unnest(ARRAY['moderation', 'minutes', 'timekeeping']) WITH ORDINALITY r(kind, n) "
        "WHERE NOT sm.cancelled AND sm.starts_at < %(now)s + interval '14 days'"
    )


def _attendance_and_approvals(fill: Fill) -> None:
    fill.sql(
        "INSERT INTO communities_attendance (status, recorded_at, person_id, recorded_by_id, meeting_id) "
        "SELECT CASE WHEN r < 0.86 THEN 'present' WHEN r < 0.94 THEN 'excused' ELSE 'absent' END, "
        "sm.ends_at, sp.person_id, sm.director_id, sm.id "
        "FROM seed_meeting sm JOIN seed_people sp USING (community_id), LATERAL (SELECT random() + 0 * sm.id AS r) x "
        "WHERE sm.past AND NOT sm.cancelled"
    )
    fill.sql(
        "INSERT INTO communities_minutesapproval (approved_at, meeting_id, person_id) "
        "SELECT least(sm.ends_at + interval '1 day', %(now)s), sm.id, sp.person_id "
        "FROM seed_meeting sm JOIN seed_people sp USING (community_id) "
        "WHERE sm.has_minutes AND random() < 0.8"
    )


def _agreements(fill: Fill) -> None:
    """One or two agreements from each session with minutes; the older ones
    mostly done, some overdue."""
    fill.sql(
        "INSERT INTO communities_agreement (text, due_date, status, created_at, closed_at, community_id, "
        "created_by_id, owner_id, meeting_id, origin) "
        "SELECT (%(texts)s::text[])[1 + (sm.i * 2 + k) %% %(n_texts)s], d.due, "
        "CASE WHEN d.due < %(today)s::date - 3 AND r < 0.8 THEN 'done' WHEN r > 0.97 THEN 'cancelled' "
        "ELSE 'pending' END, sm.ends_at, "
        "CASE WHEN d.due < %(today)s::date - 3 AND r < 0.8 THEN (d.due - 1)::timestamp AT TIME ZONE 'UTC' "
        "WHEN r > 0.97 THEN sm.ends_at + interval '3 days' END, "
        f"sm.community_id, sm.writer, {_member('sm.i + k + 2')}, sm.id, '' "
        "FROM seed_meeting sm, generate_series(0, sm.id::int %% 2) k, "
        f"LATERAL (SELECT (sm.starts_at AT TIME ZONE '{LOCAL}')::date + 7 + 7 * k AS due, random() + 0 * k AS r) d "
        "WHERE sm.has_minutes",
        {"texts": words.AGREEMENTS, "n_texts": len(words.AGREEMENTS)},
    )


# --- Goals --------------------------------------------------------------------------------------------


def goals(fill: Fill) -> None:
    """Two or three socio-emotional goals per CAS (four for the representative
    one, none yet for some young ones), with progress every three weeks."""
    skills = dict(_rows(fill, "SELECT code, id FROM communities_skill"))
    statements, skill_ids, indicators, units, baselines, targets = zip(
        *((g[0], skills[g[1]], g[2], g[3], g[4], g[5]) for g in words.GOALS), strict=True
    )
    start = fill.scalar("SELECT coalesce(max(id), 0) FROM communities_goal")
    fill.sql(
        "INSERT INTO communities_goal (statement, indicator, unit, baseline, target, starts_on, due_date, "
        "created_at, community_id, created_by_id, owner_id, skill_id) "
        "SELECT (%(statements)s::text[])[g], (%(indicators)s::text[])[g], (%(units)s::text[])[g], "
        "(%(baselines)s::numeric[])[g], (%(targets)s::numeric[])[g], d.starts, d.starts + 150, "
        "c.created_at + interval '10 days', c.community_id, c.director_id, "
        "CASE WHEN k = 0 THEN c.director_id ELSE (SELECT teacher_id FROM seed_member m "
        "WHERE m.community_id = c.community_id AND m.idx = k %% c.n_members) END, (%(skills)s::bigint[])[g] "
        "FROM seed_cas c, generate_series(0, CASE WHEN c.idx = 0 THEN 3 WHEN c.phase = 'integration' "
        "THEN c.community_id::int %% 3 - 1 ELSE 1 + c.community_id::int %% 2 END) k, "
        f"LATERAL (SELECT 1 + (c.community_id::int + k) %% {len(words.GOALS)} AS g, "
        f"(c.created_at AT TIME ZONE '{LOCAL}')::date + 10 AS starts) d",
        {
            "statements": list(statements),
            "indicators": list(indicators),
            "units": list(units),
            "baselines": list(baselines),
            "targets": list(targets),
            "skills": list(skill_ids),
        },
    )
    fill.sql(
        "INSERT INTO communities_progressupdate (value, note, recorded_on, created_at, goal_id, recorded_by_id) "
        "SELECT greatest(0, round(g.baseline + (g.target - g.baseline) * (21.0 * n / 150) "
        "* (0.6 + random() * 0.5))), pg_temp.pick(%(notes)s), g.starts_on + 21 * n, "
        "least((g.starts_on + 21 * n)::timestamp AT TIME ZONE 'UTC' + interval '20 hours', %(now)s), g.id, g.owner_id "
        "FROM communities_goal g, generate_series(1, 7) n "
        "WHERE g.id > %(start)s AND g.starts_on + 21 * n <= %(today)s::date",
        {"notes": words.PROGRESS_NOTES, "start": start},
    )


# --- The journal -------------------------------------------------------------------------------------


def journal(fill: Fill) -> None:
    """The journal of the CAS with an even id (the odd ones: `journal_odd`,
    on the other connection when the seed runs in parallel)."""
    _journal(fill, 0)


def journal_odd(fill: Fill) -> None:
    _journal(fill, 1)


def _journal(fill: Fill, part: int) -> None:
    """Each member's entries over the life of the CAS: two or three sentences
    in two paragraphs (the stored HTML is what the Markdown renders to: the
    sentences hold no syntax), tagged with dimensions of practice and skills,
    some tied to a session or to a phase's prompt."""
    start = fill.scalar("SELECT coalesce(max(id), 0) FROM communities_reflection")
    prompts = _rows(fill, "SELECT phase, array_agg(id ORDER BY id) FROM communities_reflectionprompt "
                    "WHERE phase <> '' GROUP BY phase")  # fmt: skip
    prompt_ids = dict(prompts)
    fill.sql(
        "INSERT INTO communities_reflection (title, body, body_html, written_on, visibility, created_at, "
        "updated_at, author_id, community_id, goal_id, meeting_id, prompt_id) "
        "SELECT pg_temp.pick(%(titles)s), t.a || ' ' || t.b || E'\\n\\n' || t.d, "
        "'<p>' || t.a || ' ' || t.b || E'</p>\\n<p>' || t.d || '</p>', t.day, "
        "CASE WHEN t.r < 0.4 THEN 'private' WHEN t.r < 0.8 THEN 'community' ELSE 'tutor' END, "
        "least(t.day + time '20:30' AT TIME ZONE 'UTC', %(now)s), least(t.day + time '20:30' AT TIME ZONE 'UTC', "
        "%(now)s), m.teacher_id, "
        "m.community_id, NULL, "
        "CASE WHEN t.r2 < 0.15 AND c.n_past > 0 THEN c.first_meeting + floor(t.r3 * c.n_past)::bigint END, "
        "CASE WHEN t.r2 > 0.8 THEN (CASE c.phase WHEN 'integration' THEN %(p1)s::bigint[] "
        "WHEN 'development' THEN %(p2)s::bigint[] ELSE %(p3)s::bigint[] END)[1 + floor(t.r3 * 2)::int] END "
        "FROM seed_member m JOIN seed_cas c USING (community_id), generate_series(1, m.n_entries) g, "
        # Naming `g` makes the subquery run again for every entry.
        "LATERAL (SELECT pg_temp.pick(%(sentences)s) || left(g::text, 0) AS a, pg_temp.pick(%(sentences)s) AS b, "
        "pg_temp.pick(%(sentences)s) AS d, random() AS r, random() AS r2, random() AS r3, "
        f"(%(now)s AT TIME ZONE '{LOCAL}')::date - floor(random() * "
        "greatest(1, extract(day FROM %(now)s - c.created_at)))::int AS day) t "
        "WHERE m.community_id %% 2 = %(part)s",
        {
            "titles": words.JOURNAL_TITLES,
            "sentences": words.JOURNAL_SENTENCES,
            "p1": prompt_ids.get("integration", [])[:2],
            "p2": prompt_ids.get("development", [])[:2],
            "p3": prompt_ids.get("dissemination", [])[:2],
            "part": part,
        },
    )
    dims = [row[0] for row in _rows(fill, "SELECT id FROM communities_teachingdimension ORDER BY position, id")]
    skills = [row[0] for row in _rows(fill, "SELECT id FROM communities_skill ORDER BY id")]
    fill.sql(
        "INSERT INTO communities_reflection_dimensions (reflection_id, teachingdimension_id) "
        "SELECT id, (%(dims)s::bigint[])[1 + id %% 6] FROM communities_reflection WHERE id > %(start)s "
        "AND community_id %% 2 = %(part)s "
        "UNION ALL SELECT id, (%(dims)s::bigint[])[1 + (id %% 6 + 1 + (id / 6) %% 5) %% 6] "
        "FROM communities_reflection WHERE id > %(start)s AND community_id %% 2 = %(part)s "
        "AND id %% 3 = 0",
        {"dims": dims, "start": start, "part": part},
    )
    fill.sql(
        "INSERT INTO communities_reflection_skills (reflection_id, skill_id) "
        "SELECT id, (%(skills)s::bigint[])[1 + (id / 3) %% %(n)s] FROM communities_reflection "
        "WHERE id > %(start)s AND community_id %% 2 = %(part)s AND id %% 5 < 3",
        {"skills": skills, "n": len(skills), "start": start, "part": part},
    )
    fill.sql(
        "INSERT INTO communities_reflectioncomment (body, created_at, author_id, reflection_id) "
        "SELECT pg_temp.pick(%(comments)s), least(r.created_at + interval '1 day', %(now)s), "
        "CASE WHEN r.visibility = 'tutor' THEN c.tutor_id ELSE c.director_id END, r.id "
        "FROM communities_reflection r JOIN seed_cas c USING (community_id) "
        "WHERE r.id > %(start)s AND r.community_id %% 2 = %(part)s AND r.visibility <> 'private' "
        "AND r.id %% 8 = 0",
        {"comments": words.REFLECTION_COMMENTS, "start": start, "part": part},
    )


# --- Notices and the audit trail -----------------------------------------------------------------------


def notices_and_events(fill: Fill) -> None:
    """The notices people find (agreements assigned to them, the latest
    minutes to approve) and the trail's main events of each CAS. Events are
    only ever inserted: the append-only trigger of migration 0022 allows it."""
    fill.sql(
        "INSERT INTO communities_notification (message, url, created_at, read_at, recipient_id, key, kind) "
        "SELECT 'Se te asignó un acuerdo: ' || left(a.text, 200), '/cas/' || a.community_id || '/agreements/', "
        "a.created_at, CASE WHEN a.status <> 'pending' THEN a.created_at + interval '1 day' END, a.owner_id, "
        "'agreement:' || a.id, 'agreement_assigned' FROM communities_agreement a "
        "JOIN seed_cas c USING (community_id)"
    )
    fill.sql(
        "INSERT INTO communities_notification (message, url, created_at, read_at, recipient_id, key, kind) "
        "SELECT 'Hay un acta por aprobar', '/cas/' || sm.community_id || '/meetings/' || sm.id || '/', "
        "least(sm.ends_at + interval '1 day', %(now)s), NULL, sp.person_id, 'minutes:' || sm.id, 'minutes' "
        "FROM (SELECT DISTINCT ON (community_id) * FROM seed_meeting WHERE has_minutes "
        "ORDER BY community_id, starts_at DESC) sm JOIN seed_people sp USING (community_id) "
        "WHERE sp.person_id <> sm.writer"
    )
    event = "INSERT INTO communities_event (verb, subject, old_value, new_value, created_at, actor_id, community_id, "
    event += "school_id, person_id) "
    fill.sql(
        event + "SELECT 'created', 'CAS ' || %(year)s, '', '', created_at, director_id, community_id, NULL, NULL "
        "FROM seed_cas",
        {"year": fill.school_year},
    )
    fill.sql(
        event + "SELECT 'joined', u.full_name, '', '', ms.joined_at, ms.teacher_id, ms.community_id, NULL, "
        "ms.teacher_id FROM communities_membership ms JOIN seed_cas c USING (community_id) "
        "JOIN communities_user u ON u.id = ms.teacher_id"
    )
    fill.sql(
        event + "SELECT 'minutes_written', left(m.purpose, 300), '', '', m.minutes_updated_at, "
        "m.minutes_written_by_id, m.community_id, NULL, NULL FROM communities_meeting m "
        "JOIN seed_cas c USING (community_id) WHERE m.minutes <> ''"
    )
    fill.sql(
        event + "SELECT 'agreement_added', left(a.text, 300), '', '', a.created_at, a.created_by_id, "
        "a.community_id, NULL, NULL FROM communities_agreement a JOIN seed_cas c USING (community_id)"
    )
    fill.sql(
        event + "SELECT 'goal_set', left(g.statement, 300), '', '', g.created_at, g.created_by_id, g.community_id, "
        "NULL, NULL FROM communities_goal g JOIN seed_cas c USING (community_id)"
    )
    fill.sql(
        event + "SELECT 'phase_approved', r.to_phase, r.from_phase, r.to_phase, r.reviewed_at, r.reviewed_by_id, "
        "r.community_id, NULL, NULL FROM communities_phasereview r JOIN seed_cas c USING (community_id)"
    )


# --- Practices and strategies -------------------------------------------------------------------------


def practices(fill: Fill) -> None:
    start = fill.scalar("SELECT coalesce(max(id), 0) FROM communities_practice")
    fill.sql(
        "INSERT INTO communities_practice (kind, title, summary, level, grade, subject, duration, steps, "
        "steps_html, materials, scope, created_at, updated_at, author_id, community_id, school_id) "
        "SELECT (ARRAY['practice', 'sequence', 'project'])[1 + (c.community_id::int + n) %% 3], "
        "pg_temp.pick(%(titles)s), t.a || ' ' || t.b, s.level, "
        "CASE WHEN s.level = 'basica' THEN '2° de secundaria' ELSE '3er semestre' END, pg_temp.pick(%(subjects)s), "
        "'3 sesiones de 50 minutos', t.steps, '<p>' || t.steps || '</p>', 'Tarjetas, rotafolios y marcadores.', "
        "(ARRAY['community', 'school', 'all'])[1 + (c.community_id::int + n) %% 3], "
        "least(c.created_at + (20 + n * 9) * interval '1 day', %(now)s), "
        "least(c.created_at + (20 + n * 9) * interval '1 day', %(now)s), "
        "(SELECT teacher_id FROM seed_member m WHERE m.community_id = c.community_id AND m.idx = n %% c.n_members), "
        "c.community_id, c.school_id "
        "FROM seed_cas c JOIN seed_school s ON s.idx = c.idx, generate_series(0, 1) n, "
        "LATERAL (SELECT pg_temp.pick(%(sentences)s) || left(n::text, 0) AS a, pg_temp.pick(%(sentences)s) AS b, "
        "'Inicio: ' || lower(pg_temp.pick(%(items)s)) || '. Desarrollo: trabajo en equipos con roles. "
        "Cierre: ' || lower(pg_temp.pick(%(items)s)) || '.' AS steps) t "
        "WHERE c.phase <> 'integration' OR n = 0",
        {
            "titles": words.PRACTICE_TITLES,
            "subjects": words.SUBJECTS,
            "sentences": words.JOURNAL_SENTENCES,
            "items": words.AGENDA_ITEMS,
        },
    )
    skills = [row[0] for row in _rows(fill, "SELECT id FROM communities_skill ORDER BY id")]
    fill.sql(
        "INSERT INTO communities_practice_skills (practice_id, skill_id) "
        "SELECT id, (%(skills)s::bigint[])[1 + id %% %(n)s] FROM communities_practice WHERE id > %(start)s",
        {"skills": skills, "n": len(skills), "start": start},
    )
    strategies = [row[0] for row in _rows(fill, "SELECT id FROM communities_strategy ORDER BY id")]
    if strategies:
        fill.sql(
            'INSERT INTO communities_strategyanalysis ("group", analysis, adaptation, created_at, author_id, '
            "community_id, strategy_id) "
            "SELECT (ARRAY['1° A', '2° B', '3er semestre', '5° semestre'])[1 + m.idx %% 4], "
            "pg_temp.pick(%(analyses)s), pg_temp.pick(%(analyses)s), c.created_at + interval '40 days', "
            "m.teacher_id, c.community_id, (%(strategies)s::bigint[])[1 + (c.community_id + m.idx) %% %(n)s] "
            "FROM seed_member m JOIN seed_cas c USING (community_id) WHERE c.phase <> 'integration' AND m.idx < 2",
            {"analyses": words.STRATEGY_ANALYSES, "strategies": strategies, "n": len(strategies)},
        )


def analyze(fill: Fill) -> None:
    """Fresh statistics, so that the first page a bench times plans as it would in use."""
    fill.sql("ANALYZE")


def check_references(fill: Fill) -> None:
    """Every foreign key of the schema holds: one anti-join per key, what the
    row-by-row triggers would have checked (and, inside a test's transaction,
    never get to check). Raises naming the broken keys."""
    keys = _rows(
        fill,
        "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, f.attname "
        "FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1] "
        "WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND cardinality(c.conkey) = 1 "
        "ORDER BY 1, 2",
    )
    broken = []
    for table, column, parent, parent_column in keys:
        orphans = fill.scalar(
            f'SELECT count(*) FROM {table} t WHERE t."{column}" IS NOT NULL AND NOT EXISTS '
            f'(SELECT 1 FROM {parent} p WHERE p."{parent_column}" = t."{column}")'
        )
        if orphans:
            broken.append(f"{table}.{column} → {parent}: {orphans} rows")
    if fill.trusted:
        fill.sql("SET session_replication_role = origin")
    if broken:
        raise RuntimeError("Foreign keys broken by the seed: " + "; ".join(broken))


# Two chains of about the same weight, which read only the plan and the
# people (so that they may run at once): the meetings and what hangs from
# them with half of the journal; the other half, the diagnostic and the workshop.
CORE_STEPS = [prepare, people_and_schools, communities, meetings, goals, journal, notices_and_events, practices]
SATELLITE_STEPS = [journal_odd, diagnostic, workshops]
FINAL_STEPS = [analyze, check_references]
