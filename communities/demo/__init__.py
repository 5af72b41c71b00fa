"""Demo data for the core: two schools, their staff and a platform admin.

`manage.py seed_demo` runs the `seed` function of every app that has a demo
module, core first, so satellites can build on what this one creates.
Running it again updates the same rows; it never duplicates them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from communities.catalogue import ensure_catalogue
from communities.demo import cas, journal, meetings
from communities.models import School, Skill, SkillDimension, StaffMembership, User
from communities.models.schools import Level, Shift, State

Role = StaffMembership.Role


@dataclass(frozen=True)
class DemoSchool:
    slug: str
    name: str
    cct: str
    state: str
    municipality: str
    level: str
    shift: str
    director: str
    tutor: str
    teachers: tuple[str, ...]


SCHOOLS = (
    DemoSchool(
        slug="escuela-a",
        name="Centro de Bachillerato Tecnológico Industrial y de Servicios No. 38",
        cct="14DCT0038K",
        state=State.JALISCO,
        municipality="Guadalajara",
        level=Level.MEDIA_SUPERIOR,
        shift=Shift.MATUTINO,
        director="Patricia Hernández Ruiz",
        tutor="Jorge Luis Medina Castañeda",
        teachers=(
            "Ana Sofía Ramírez López",
            "Luis Fernando García Torres",
            "María Guadalupe Sánchez Ortiz",
            "Roberto Carlos Domínguez Flores",
            "Claudia Verónica Morales Rivera",
        ),
    ),
    DemoSchool(
        slug="escuela-b",
        name="Escuela Secundaria General No. 5 «Sor Juana Inés de la Cruz»",
        cct="20DES0005Q",
        state=State.OAXACA,
        municipality="Oaxaca de Juárez",
        level=Level.BASICA,
        shift=Shift.VESPERTINO,
        director="Héctor Manuel Cruz Velasco",
        tutor="Gabriela Jiménez Santiago",
        teachers=(
            "Rosa Elena Martínez Pérez",
            "José Antonio Vásquez Luna",
            "Itzel Hernández Matus",
            "Fernando Ruiz Aquino",
            "Adriana López Bautista",
        ),
    ),
)

ADMIN_EMAIL = "admin@cas.demo"
ADMIN_NAME = "Administración CAS"


def demo_accounts() -> list[tuple[str, str]]:
    """(e-mail, description) of every demo account, in the order to print them."""
    accounts = [(ADMIN_EMAIL, "Administrador(a) de la plataforma")]
    for school in SCHOOLS:
        accounts.append((f"director@{school.slug}.demo", f"Director(a) · {school.name}"))
        accounts.append((f"tutor@{school.slug}.demo", f"Tutor Construye T · {school.name}"))
        for number in range(1, len(school.teachers) + 1):
            accounts.append((f"docente{number}@{school.slug}.demo", f"Docente · {school.name}"))
    return accounts


def write_demo_accounts(stdout) -> None:
    stdout.write(f"Password for every demo account: {settings.DEMO_PASSWORD}\n")
    for email, description in demo_accounts():
        stdout.write(f"  {email:<28} {description}\n")


def _person(email: str, full_name: str, password: str, **flags) -> User:
    user, _ = User.objects.update_or_create(email=email, defaults={"full_name": full_name, "is_active": True, **flags})
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed(stdout=None) -> None:
    password = settings.DEMO_PASSWORD
    _person(ADMIN_EMAIL, ADMIN_NAME, password, is_staff=True, is_superuser=True)
    schools = {}
    for demo in SCHOOLS:
        school, _ = School.objects.update_or_create(
            cct=demo.cct,
            defaults={
                "name": demo.name,
                "state": demo.state,
                "municipality": demo.municipality,
                "level": demo.level,
                "shift": demo.shift,
            },
        )
        people = [(f"director@{demo.slug}.demo", demo.director, Role.DIRECTOR)]
        people.append((f"tutor@{demo.slug}.demo", demo.tutor, Role.TUTOR))
        people += [
            (f"docente{n}@{demo.slug}.demo", name, Role.TEACHER) for n, name in enumerate(demo.teachers, start=1)
        ]
        for email, name, role in people:
            user = _person(email, name, password)
            StaffMembership.objects.get_or_create(user=user, school=school, role=role)
        schools[demo.slug] = school
    ensure_catalogue(SkillDimension, Skill)
    cas.seed_escuela_a(schools["escuela-a"])
    cas.seed_escuela_b(schools["escuela-b"])
    meetings.seed_meetings_and_goals_a(schools["escuela-a"])
    meetings.seed_meetings_b(schools["escuela-b"])
    journal.seed_journal_and_practices(schools)
