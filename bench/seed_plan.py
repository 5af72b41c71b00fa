"""Who is where in the bench seed, decided in Python before a row is written:
the sizes, the id blocks each table gets, each school's staff, each CAS's
phase, age, members, meetings and journal volume. The SQL of `seed_fill`
reads this plan from three temporary tables (loaded with COPY) and writes
everything else set by set."""

import math
import random
from dataclasses import dataclass, field

PHASES = ["integration", "development", "dissemination"]
PHASE_WEIGHTS = [0.3, 0.45, 0.25]
# Days since a CAS was formed, by phase: a CAS advances as the school year goes on.
AGE_BY_PHASE = {"integration": (15, 45), "development": (50, 90), "dissemination": (85, 105)}


@dataclass(frozen=True)
class Size:
    name: str
    schools: int
    users: int
    communities: int
    journal: int
    meetings: int
    answers: int
    workshop_schools: int
    rep_staff: int = 60  # the representative school: its director and 59 teachers
    rep_journal: int = 400  # the representative teacher's journal entries
    communities_per_tutor: int = 50


SIZES = {
    "large": Size("large", 10_000, 80_000, 10_000, 1_000_000, 200_000, 2_000_000, 5_000),
    "small": Size("small", 100, 800, 100, 10_000, 2_000, 20_000, 50),
    # Only for the tests: three schools, seeded in a second or two.
    "tiny": Size("tiny", 3, 34, 3, 300, 30, 2_000, 2, rep_staff=12, rep_journal=60, communities_per_tutor=50),
}


@dataclass
class SchoolPlan:
    index: int
    teachers: int
    director_id: int = 0
    tutor_id: int = 0
    first_teacher: int = 0


@dataclass
class CommunityPlan:
    school: SchoolPlan
    phase: str
    age_days: int
    members: int
    meetings: int
    meeting_gap: int
    journal: list[int] = field(default_factory=list)  # entries per member, in member order


@dataclass
class Plan:
    size: Size
    admin_id: int
    tutor_ids: list[int]
    schools: list[SchoolPlan]
    communities: list[CommunityPlan]

    @property
    def user_count(self) -> int:
        return 1 + len(self.tutor_ids) + len(self.schools) + sum(s.teachers for s in self.schools)


def make_plan(size: Size, first_user_id: int, seed: int = 2026) -> Plan:
    """The plan, with user ids from `first_user_id` on: the admin, the tutors,
    the directors, then each school's teachers in one block per school."""
    rng = random.Random(seed)
    tutors = math.ceil(size.communities / size.communities_per_tutor)
    schools = [SchoolPlan(index=s, teachers=0) for s in range(size.schools)]
    _share_teachers(size, schools, tutors, rng)
    admin_id = first_user_id
    tutor_ids = list(range(admin_id + 1, admin_id + 1 + tutors))
    next_id = tutor_ids[-1] + 1
    for school in schools:
        school.director_id = next_id
        next_id += 1
    for school in schools:
        school.first_teacher = next_id
        next_id += school.teachers
    for school in schools[: size.communities]:
        school.tutor_id = tutor_ids[school.index // size.communities_per_tutor]
    communities = [_community(size, school, rng) for school in schools[: size.communities]]
    _share_meetings(size, communities, rng)
    _share_journal(size, communities, rng)
    return Plan(size=size, admin_id=admin_id, tutor_ids=tutor_ids, schools=schools, communities=communities)


def _share_teachers(size: Size, schools: list[SchoolPlan], tutors: int, rng: random.Random) -> None:
    """The representative school gets its 60 staff; the others share the rest
    of the users, 5 at least (a CAS's five), most between 5 and 9."""
    teachers = size.users - 1 - tutors - size.schools
    schools[0].teachers = size.rep_staff - 1
    others = schools[1:]
    left = teachers - schools[0].teachers
    if not others:
        return
    base = max(5, left // len(others))
    for school in others:
        school.teachers = max(5, base + rng.randint(-2, 2))
    surplus = sum(s.teachers for s in others) - left
    while surplus != 0:
        school = rng.choice(others)
        if surplus > 0 and school.teachers > 5:
            school.teachers -= 1
            surplus -= 1
        elif surplus < 0:
            school.teachers += 1
            surplus += 1
        elif all(s.teachers <= 5 for s in others):
            break


def _community(size: Size, school: SchoolPlan, rng: random.Random) -> CommunityPlan:
    if school.index == 0:
        # The representative CAS: in Desarrollo, formed at the start of the
        # school year, with its five teachers and a long history.
        return CommunityPlan(school, "development", 100, 5, 0, 4)
    phase = rng.choices(PHASES, PHASE_WEIGHTS)[0]
    low, high = AGE_BY_PHASE[phase]
    members = rng.randint(3, 5) if phase == "integration" else 5
    return CommunityPlan(school, phase, rng.randint(low, high), min(members, school.teachers), 0, 7)


def _share_meetings(size: Size, communities: list[CommunityPlan], rng: random.Random) -> None:
    rep = min(40, size.meetings // 2)
    communities[0].meetings = rep
    others = communities[1:]
    if not others:
        communities[0].meetings = size.meetings
        return
    base = (size.meetings - rep) / len(others)
    for community in others:
        community.meetings = max(1, round(base * rng.uniform(0.6, 1.4)))
    _rescale(others, "meetings", size.meetings - rep, rng)


def _share_journal(size: Size, communities: list[CommunityPlan], rng: random.Random) -> None:
    """Entries per member: the representative teacher writes hundreds, their
    colleagues of the same CAS a good deal, everyone else shares the rest."""
    rep = communities[0]
    rep_colleague = max(1, size.rep_journal * 3 // 8)
    rep.journal = [size.rep_journal] + [rep_colleague] * (rep.members - 1)
    left = size.journal - sum(rep.journal)
    slots = [(c, m) for c in communities[1:] for m in range(c.members)]
    if not slots:
        return
    base = left / len(slots)
    for community in communities[1:]:
        community.journal = [max(0, round(base * rng.uniform(0.2, 1.8))) for _ in range(community.members)]
    drift = sum(sum(c.journal) for c in communities[1:]) - left
    step = -1 if drift > 0 else 1
    while drift != 0:
        community, member = rng.choice(slots)
        if step < 0 and community.journal[member] == 0:
            continue
        community.journal[member] += step
        drift += step


def _rescale(items: list, attribute: str, total: int, rng: random.Random) -> None:
    """Nudge the items' integer attribute (each at least 1) until they sum to `total`."""
    drift = sum(getattr(item, attribute) for item in items) - total
    step = -1 if drift > 0 else 1
    while drift != 0:
        item = rng.choice(items)
        if step < 0 and getattr(item, attribute) <= 1:
            continue
        setattr(item, attribute, getattr(item, attribute) + step)
        drift += step
