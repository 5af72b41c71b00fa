# ruff: noqa: S608 (the SQL is put together from this module's own constants, lengths and
# column names, never from input; every value travels as a parameter)
"""The satellites' rows of the bench seed (see `bench.seed_fill`): the
school-climate diagnostic and the SEP workshop. They read only the plan's
tables and the people, so they may be written on a connection of their own
while the core's steps run."""

import random
from datetime import datetime

from bench import seed_words as words
from bench.seed_sql import LOCAL, Fill
from bench.seed_sql import rows as _rows

WORKSHOP_YEAR = "2025-2026"  # the SEP's workshop of January 2026 (the template's days)


# --- The diagnostic ------------------------------------------------------------------------------------

AUDIENCES = [
    # (audience, item flag, share of a campaign's answers)
    ("estudiantes", "for_students", 0.70),
    ("docentes", "for_teachers", 0.15),
    ("personal-de-apoyo", "for_support_staff", 0.05),
    ("familias", "for_families", 0.10),
]
REP_CAMPAIGN_SHARE = 0.05  # of all answers, in the representative school's línea base
# 62 random bits, as `diagnostics.models.random_id` gives the rows it writes.
RANDOM_ID = "((floor(random() * 2147483648)::bigint << 31) + floor(random() * 2147483648)::bigint + 1)"


def diagnostic(fill: Fill) -> None:
    """A closed línea base at every school whose CAS made its diagnostic (and
    half of the young ones), an open seguimiento where the CAS is in Difusión;
    whole responses of each audience, answered per the instrument's items
    with a lean of the school's own (reverse-scored items lean the other way)."""
    version = fill.scalar(
        "SELECT id FROM diagnostics_instrumentversion WHERE status = 'published' ORDER BY number DESC LIMIT 1"
    )
    items = {
        flag: fill.scalar(f"SELECT count(*) FROM diagnostics_item WHERE version_id = %(v)s AND {flag}", {"v": version})
        for _, flag, _ in AUDIENCES
    }
    start = fill.scalar("SELECT coalesce(max(id), 0) FROM diagnostics_campaign")
    fill.sql(
        "INSERT INTO diagnostics_campaign (created_at, updated_at, kind, opens_on, closes_on, status, "
        "created_by_id, school_id, version_id) "
        f"SELECT c.created_at, c.created_at, 'linea-base', (c.created_at AT TIME ZONE '{LOCAL}')::date + 3, "
        f"(c.created_at AT TIME ZONE '{LOCAL}')::date + 17, 'closed', c.director_id, c.school_id, %(v)s "
        "FROM seed_cas c WHERE c.phase <> 'integration' OR c.idx %% 2 = 0 "
        "UNION ALL SELECT %(now)s - interval '5 days', %(now)s - interval '5 days', 'seguimiento', "
        "%(today)s::date - 5, %(today)s::date + 10, 'open', c.director_id, c.school_id, %(v)s "
        "FROM seed_cas c WHERE c.phase = 'dissemination'",
        {"v": version},
    )
    campaigns = _rows(
        fill,
        "SELECT k.id, k.kind, s.idx, s.n_teachers FROM diagnostics_campaign k "
        "JOIN seed_school s USING (school_id) WHERE k.id > %(start)s ORDER BY k.id",
        {"start": start},
    )
    fill.sql(
        "CREATE TEMP TABLE seed_audience (campaign_id bigint, audience text, flag text, responses int, "
        "expected int, lean numeric)"
    )
    fill.copy(
        "seed_audience",
        ("campaign_id", "audience", "flag", "responses", "expected", "lean"),
        _audience_rows(fill.plan.size.answers, campaigns, items),
    )
    fill.sql(
        "INSERT INTO diagnostics_campaignaudience (audience, expected, campaign_id) "
        "SELECT audience, expected, campaign_id FROM seed_audience WHERE expected > 0"
    )
    fill.sql(
        "INSERT INTO diagnostics_response (id, audience, channel, submitted_on, campaign_id) "
        f"SELECT {RANDOM_ID} + 0 * n, a.audience, CASE WHEN n %% 5 = 0 THEN 'paper' ELSE 'online' END, "
        "least(k.opens_on + (n %% (k.closes_on - k.opens_on)), %(today)s::date), a.campaign_id "
        "FROM seed_audience a JOIN diagnostics_campaign k ON k.id = a.campaign_id, generate_series(1, a.responses) n"
    )
    for _, flag, _ in AUDIENCES:
        fill.sql(
            "INSERT INTO diagnostics_answer (id, value, item_id, response_id) "
            f"SELECT {RANDOM_ID}, CASE WHEN i.reverse_scored THEN 6 - v.value ELSE v.value END, i.id, r.id "
            "FROM seed_audience a JOIN diagnostics_response r "
            "ON r.campaign_id = a.campaign_id AND r.audience = a.audience "
            f"JOIN diagnostics_item i ON i.version_id = %(v)s AND i.{flag}, "
            "LATERAL (SELECT least(5, greatest(1, round(a.lean + (random() + random() + random() - 1.5) * 1.6 "
            "+ 0 * i.id)))::int AS value) v WHERE a.flag = %(flag)s ORDER BY r.id, i.id",
            {"v": version, "flag": flag},
        )


def _audience_rows(answers: int, campaigns: list[tuple], items: dict[str, int]):
    """(campaign, audience, flag, responses, expected, lean) with about
    `answers` answers in all: the representative línea base holds a twentieth
    of them, the rest share what is left."""
    rng = random.Random(11)
    rep = [c for c in campaigns if c[2] == 0 and c[1] == "linea-base"]
    others = [c for c in campaigns if c not in rep]
    budget = {c[0]: answers * REP_CAMPAIGN_SHARE for c in rep}
    each = (answers - sum(budget.values())) / max(1, len(others))
    budget |= {c[0]: each * rng.uniform(0.5, 1.5) for c in others}
    plans = {}
    for campaign_id, _kind, _idx, teachers in campaigns:
        counts = {}
        for audience, flag, share in AUDIENCES:
            counts[audience] = round(budget[campaign_id] * share / items[flag])
        counts["docentes"] = min(counts["docentes"], teachers + 1)
        plans[campaign_id] = counts
    total = sum(n * items[flag] for counts in plans.values() for (a, flag, _) in AUDIENCES for n in [counts[a]])
    drift = round((answers - total) / items["for_students"])
    for _ in range(abs(drift)):  # the students make up the difference
        counts = plans[rng.choice(others or rep)[0]]
        counts["estudiantes"] = max(0, counts["estudiantes"] + (1 if drift > 0 else -1))
    for campaign_id, counts in plans.items():
        lean = round(rng.uniform(2.9, 4.2), 2)
        for audience, flag, _ in AUDIENCES:
            responses = min(counts[audience], 5000)
            expected = min(5000, max(1, round(responses / rng.uniform(0.6, 0.95))))
            yield (campaign_id, audience, flag, responses, expected, lean)


# --- The SEP workshop ----------------------------------------------------------------------------------


def workshops(fill: Fill) -> None:
    """The January 2026 workshop at the first schools: every teacher and the
    director take part; each space leaves its products (paths, lights,
    situations, problems and their vote, proposals with actions and
    continuity agreements, the calligram, the directors' day)."""
    template = fill.scalar(
        "SELECT id FROM workshops_workshoptemplate WHERE status = 'published' ORDER BY starts_on DESC, number LIMIT 1"
    )
    if template is None:
        return
    days = _rows(fill, "SELECT directors_day, starts_on, ends_on FROM workshops_workshoptemplate WHERE id = %(t)s",
                 {"t": template})[0]  # fmt: skip
    start = fill.scalar("SELECT coalesce(max(id), 0) FROM workshops_workshop")
    fill.sql(
        "INSERT INTO workshops_workshop (created_at, updated_at, school_year, directors_day, starts_on, ends_on, "
        "votes_per_participant, prioritised, voting_opened_at, voting_closed_at, created_by_id, facilitator_id, "
        "school_id, template_id) "
        "SELECT %(setup)s, %(setup)s, %(year)s, %(dd)s, %(d1)s, %(d2)s, 3, 3, %(vote)s, "
        "%(vote)s + interval '1 hour', s.director_id, CASE WHEN s.idx %% 2 = 1 THEN s.first_teacher + 1 END, "
        "s.school_id, %(t)s FROM seed_school s WHERE s.idx < %(w)s",
        {
            "setup": datetime(days[1].year - 1, 12, 15, 19, 0, tzinfo=fill.now.tzinfo),
            "year": WORKSHOP_YEAR,
            "dd": days[0],
            "d1": days[1],
            "d2": days[2],
            "vote": datetime(days[1].year, days[1].month, days[1].day, 23, 0, tzinfo=fill.now.tzinfo),
            "t": template,
            "w": fill.plan.size.workshop_schools,
        },
    )
    fill.sql(
        "CREATE TEMP TABLE seed_workshop AS SELECT w.id, w.school_id, s.idx, s.director_id, s.first_teacher, "
        "s.n_teachers, coalesce(w.facilitator_id, s.director_id) AS facilitator, w.starts_on, w.ends_on "
        "FROM workshops_workshop w JOIN seed_school s USING (school_id) WHERE w.id > %(start)s",
        {"start": start},
    )
    fill.sql(
        "CREATE TEMP TABLE seed_participant AS SELECT w.id AS workshop_id, w.director_id AS person_id, "
        "false AS teaches FROM seed_workshop w UNION ALL SELECT w.id, t, true FROM seed_workshop w, "
        "generate_series(w.first_teacher, w.first_teacher + w.n_teachers - 1) t"
    )
    fill.sql("ANALYZE seed_workshop; ANALYZE seed_participant")
    _sessions_and_spaces(fill, template)
    _huella(fill, template)
    _lupa(fill, template)
    _construyendo(fill)
    _caligrama_and_directors(fill)


def _sessions_and_spaces(fill: Fill, template: int) -> None:
    fill.sql(
        "INSERT INTO workshops_workshopsession (number, day, title, workshop_id) "
        "SELECT n, w.starts_on + (n - 1), 'Día ' || n, w.id FROM seed_workshop w, generate_series(1, 2) n"
    )
    fill.sql(
        "INSERT INTO workshops_sessionroleassignment (kind, person_id, session_id) "
        "SELECT r.kind, w.first_teacher + (ws.number + r.n) %% w.n_teachers, ws.id "
        "FROM workshops_workshopsession ws JOIN seed_workshop w ON w.id = ws.workshop_id, "
        "unnest(ARRAY['moderation', 'minutes', 'timekeeping']) WITH ORDINALITY r(kind, n)"
    )
    # Most schools concluded every space; some left the calligram under way.
    fill.sql(
        "INSERT INTO workshops_spacerun (created_at, updated_at, state, opened_at, concluded_at, synthesis, "
        "revision, synthesis_by_id, space_id, workshop_id) "
        "SELECT w.starts_on::timestamp AT TIME ZONE 'UTC', w.ends_on::timestamp AT TIME ZONE 'UTC', "
        "CASE WHEN d.open THEN 'in_progress' ELSE 'concluded' END, "
        "(w.starts_on + (ts.position - 1) / 2)::timestamp AT TIME ZONE 'UTC' + interval '15 hours', "
        "CASE WHEN NOT d.open THEN (w.starts_on + (ts.position - 1) / 2)::timestamp AT TIME ZONE 'UTC' "
        "+ interval '17 hours' END, (%(syntheses)s::text[])[ts.position], 2, w.facilitator, ts.id, w.id "
        "FROM seed_workshop w JOIN workshops_templatespace ts ON ts.template_id = %(t)s, "
        "LATERAL (SELECT ts.workspace = 'caligrama' AND w.idx %% 7 = 3 AS open) d",
        {"t": template, "syntheses": words.SYNTHESES},
    )


def _huella(fill: Fill, template: int) -> None:
    titles, kinds, meanings = (list(column) for column in zip(*words.PATH_MILESTONES, strict=True))
    fill.sql(
        "INSERT INTO workshops_pathmilestone (created_at, updated_at, year, title, meaning, kind, author_id, "
        "workshop_id) "
        "SELECT w.starts_on::timestamp AT TIME ZONE 'UTC' + interval '16 hours', "
        "w.starts_on::timestamp AT TIME ZONE 'UTC' + interval '16 hours', "
        "1996 + (p.person_id::int * 7 + k * 11) %% 29, "
        "(%(titles)s::text[])[g], (%(meanings)s::text[])[g], (%(kinds)s::text[])[g], p.person_id, w.id "
        "FROM seed_participant p JOIN seed_workshop w ON w.id = p.workshop_id, generate_series(0, 1) k, "
        f"LATERAL (SELECT 1 + (p.person_id::int + k * 3) %% {len(titles)} AS g) x",
        {"titles": titles, "kinds": kinds, "meanings": meanings},
    )
    fill.sql(
        "INSERT INTO workshops_axisrating (light, axis_id, rater_id, workshop_id) "
        "SELECT CASE WHEN r < 0.45 THEN 'verde' WHEN r < 0.8 THEN 'amarillo' ELSE 'rojo' END, a.id, p.person_id, "
        "p.workshop_id FROM seed_participant p JOIN workshops_assessmentaxis a ON a.template_id = %(t)s, "
        "LATERAL (SELECT random() + 0 * a.id AS r) x",
        {"t": template},
    )


def _lupa(fill: Fill, template: int) -> None:
    of_template = "SELECT teachingdimension_id FROM workshops_workshoptemplate_dimensions "
    of_template += "WHERE workshoptemplate_id = %(t)s ORDER BY teachingdimension_id"
    dims = [r[0] for r in _rows(fill, of_template, {"t": template})]
    dims = dims or [r[0] for r in _rows(fill, "SELECT id FROM communities_teachingdimension ORDER BY id")]
    titles, descriptions = (list(column) for column in zip(*words.PROBLEMS, strict=True))
    start = fill.scalar("SELECT coalesce(max(id), 0) FROM workshops_commonproblem")
    fill.sql(
        "INSERT INTO workshops_commonproblem (created_at, updated_at, title, description, rank, created_by_id, "
        "workshop_id) "
        "SELECT w.starts_on::timestamp AT TIME ZONE 'UTC' + interval '18 hours', "
        "w.starts_on::timestamp AT TIME ZONE 'UTC' + interval '18 hours', "
        f"(%(titles)s::text[])[1 + (w.id::int + k) %% {len(titles)}], "
        f"(%(descriptions)s::text[])[1 + (w.id::int + k) %% {len(titles)}], k + 1, w.facilitator, w.id "
        "FROM seed_workshop w, generate_series(0, 3) k",
        {"titles": titles, "descriptions": descriptions},
    )
    fill.sql(
        "INSERT INTO workshops_commonproblem_dimensions (commonproblem_id, teachingdimension_id) "
        "SELECT id, (%(dims)s::bigint[])[1 + id %% %(n)s] FROM workshops_commonproblem WHERE id > %(start)s "
        "UNION ALL SELECT id, (%(dims)s::bigint[])[1 + (id + 2) %% %(n)s] FROM workshops_commonproblem "
        "WHERE id > %(start)s AND id %% 2 = 0",
        {"dims": dims, "n": len(dims), "start": start},
    )
    fill.sql("CREATE TEMP TABLE seed_problem AS SELECT id, workshop_id, rank FROM workshops_commonproblem "
             "WHERE id > %(start)s", {"start": start})  # fmt: skip
    fill.sql("CREATE INDEX ON seed_problem (workshop_id, rank); ANALYZE seed_problem")
    columns = [list(column) for column in zip(*words.SITUATIONS, strict=True)]
    situations = fill.scalar("SELECT coalesce(max(id), 0) FROM workshops_situation")
    fill.sql(
        "INSERT INTO workshops_situation (created_at, updated_at, description, observed, reasons, change, "
        "author_id, problem_id, workshop_id) "
        "SELECT w.starts_on::timestamp AT TIME ZONE 'UTC' + interval '17 hours', "
        "w.starts_on::timestamp AT TIME ZONE 'UTC' + interval '17 hours', (%(d)s::text[])[g], (%(o)s::text[])[g], "
        "(%(r)s::text[])[g], (%(c)s::text[])[g], p.person_id, "
        "(SELECT id FROM seed_problem sp WHERE sp.workshop_id = w.id AND sp.rank = 1 + p.person_id %% 4), w.id "
        "FROM seed_participant p JOIN seed_workshop w ON w.id = p.workshop_id, "
        f"LATERAL (SELECT 1 + p.person_id::int %% {len(columns[0])} AS g) x WHERE p.teaches",
        dict(zip("dorc", columns, strict=True)),
    )
    fill.sql(
        "INSERT INTO workshops_situation_dimensions (situation_id, teachingdimension_id) "
        "SELECT id, (%(dims)s::bigint[])[1 + id %% %(n)s] FROM workshops_situation WHERE id > %(start)s",
        {"dims": dims, "n": len(dims), "start": situations},
    )
    # Three dots each; the first problem collects the most, as its rank says.
    fill.sql(
        "INSERT INTO workshops_dot (created_at, problem_id, voter_id, workshop_id) "
        "SELECT w.starts_on::timestamp AT TIME ZONE 'UTC' + interval '23 hours', sp.id, p.person_id, w.id "
        "FROM seed_participant p JOIN seed_workshop w ON w.id = p.workshop_id, generate_series(0, 2) k, "
        "seed_problem sp WHERE sp.workshop_id = w.id AND sp.rank = 1 + least(k, (p.person_id::int + k) %% 4)"
    )


def _construyendo(fill: Fill) -> None:
    titles, objectives, resources, evaluations = (list(c) for c in zip(*words.PROPOSALS, strict=True))
    start = fill.scalar("SELECT coalesce(max(id), 0) FROM workshops_collaborativeproposal")
    fill.sql(
        "INSERT INTO workshops_collaborativeproposal (created_at, updated_at, example, own_challenge, title, "
        "objective, resources, evaluation, revision, created_by_id, updated_by_id, problem_id, workshop_id) "
        "SELECT w.ends_on::timestamp AT TIME ZONE 'UTC' + interval '16 hours', "
        "w.ends_on::timestamp AT TIME ZONE 'UTC' + interval '17 hours', '', '', (%(t)s::text[])[sp.rank], "
        "(%(o)s::text[])[sp.rank], (%(r)s::text[])[sp.rank], (%(e)s::text[])[sp.rank], 3, w.facilitator, "
        "w.first_teacher + sp.rank, sp.id, w.id "
        "FROM seed_workshop w JOIN seed_problem sp ON sp.workshop_id = w.id AND sp.rank <= 3",
        {"t": titles, "o": objectives, "r": resources, "e": evaluations},
    )
    fill.sql(
        "CREATE TEMP TABLE seed_proposal AS SELECT p.id, p.workshop_id, sp.rank, w.first_teacher, w.n_teachers, "
        "w.ends_on FROM workshops_collaborativeproposal p JOIN seed_problem sp ON sp.id = p.problem_id "
        "JOIN seed_workshop w ON w.id = p.workshop_id WHERE p.id > %(start)s",
        {"start": start},
    )
    fill.sql(
        "INSERT INTO workshops_collaborativeproposal_team (collaborativeproposal_id, user_id) "
        "SELECT p.id, p.first_teacher + (p.rank + k) %% p.n_teachers FROM seed_proposal p, generate_series(0, 2) k"
    )
    fill.sql(
        "INSERT INTO workshops_proposalaction (text, due_on, owner_id, proposal_id) "
        f"SELECT (%(actions)s::text[])[1 + (p.rank + k) %% {len(words.PROPOSAL_ACTIONS)}], p.ends_on + 10 + 10 * k, "
        "p.first_teacher + (p.rank + k) %% p.n_teachers, p.id FROM seed_proposal p, generate_series(0, 2) k",
        {"actions": words.PROPOSAL_ACTIONS},
    )
    horizons, texts = (list(c) for c in zip(*words.CONTINUITY, strict=True))
    fill.sql(
        "INSERT INTO workshops_continuityagreement (horizon, text, due_on, status, wants_goal, created_at, "
        "agreement_id, goal_id, owner_id, proposal_id) "
        "SELECT h.horizon, h.text, p.ends_on + h.horizon, CASE WHEN p.id %% 4 = 0 THEN 'pending' ELSE 'done' END, "
        "false, p.ends_on::timestamp AT TIME ZONE 'UTC' + interval '18 hours', NULL, NULL, "
        "p.first_teacher + p.rank %% p.n_teachers, p.id "
        "FROM seed_proposal p, LATERAL (SELECT * FROM unnest(%(h)s::int[], %(x)s::text[]) AS u(horizon, text) "
        "OFFSET (p.rank %% 2) * 2 LIMIT 2) h",
        {"h": horizons, "x": texts},
    )


def _caligrama_and_directors(fill: Fill) -> None:
    fill.sql(
        "INSERT INTO workshops_calligramword (created_at, updated_at, text, key, author_id, workshop_id) "
        "SELECT w.ends_on::timestamp AT TIME ZONE 'UTC' + interval '19 hours', "
        "w.ends_on::timestamp AT TIME ZONE 'UTC' + interval '19 hours', x.word, lower(x.word), p.person_id, w.id "
        "FROM seed_participant p JOIN seed_workshop w ON w.id = p.workshop_id, generate_series(0, 1) k, "
        f"LATERAL (SELECT (%(words)s::text[])[1 + (p.person_id::int * 3 + k * 5) %% {len(words.CALLIGRAM_WORDS)}] "
        "AS word) x",
        {"words": words.CALLIGRAM_WORDS},
    )
    fill.sql(
        "INSERT INTO workshops_calligram (created_at, updated_at, shape, commitment, revision, updated_by_id, "
        "workshop_id) "
        "SELECT w.ends_on::timestamp AT TIME ZONE 'UTC' + interval '20 hours', "
        "w.ends_on::timestamp AT TIME ZONE 'UTC' + interval '20 hours', "
        "(ARRAY['arbol', 'escuela', 'corazon', 'manos'])[1 + w.idx %% 4], pg_temp.pick(%(commitments)s), 2, "
        "w.facilitator, w.id FROM seed_workshop w",
        {"commitments": words.CALLIGRAM_COMMITMENTS},
    )
    start = fill.scalar("SELECT coalesce(max(id), 0) FROM workshops_directorsday")
    fill.sql(
        "INSERT INTO workshops_directorsday (created_at, updated_at, reflection, poster_title, author_id, "
        "workshop_id) "
        "SELECT w.starts_on::timestamp AT TIME ZONE 'UTC' - interval '8 hours', "
        "w.starts_on::timestamp AT TIME ZONE 'UTC' - interval '7 hours', pg_temp.pick(%(reflections)s), "
        "'Nuestros compromisos con la comunidad', w.director_id, w.id FROM seed_workshop w",
        {"reflections": words.DIRECTOR_REFLECTIONS},
    )
    fill.sql(
        "INSERT INTO workshops_directorcommitment (text, position, day_id) "
        f"SELECT (%(texts)s::text[])[1 + (d.id::int + k) %% {len(words.DIRECTOR_COMMITMENTS)}], k, d.id "
        "FROM workshops_directorsday d, generate_series(0, 2) k WHERE d.id > %(start)s",
        {"texts": words.DIRECTOR_COMMITMENTS, "start": start},
    )
