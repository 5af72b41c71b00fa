"""Demo data for the core: two schools, their staff and a platform admin.

`manage.py seed_demo` runs the `seed` function of every app that has a demo
module, core first, so satellites can build on what this one creates.
Running it again updates the same rows; it never duplicates them.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from communities.catalogue import ensure_catalogue
from communities.demo import cas, diffusion, journal, meetings, privacy
from communities.models import Event, ImportRun, Notification, School, Skill, SkillDimension, StaffMembership, User
from communities.models.schools import Level, Shift, State
from communities.services import accounts, delivery, onboarding
from communities.services.notices import notify_overdue_agreements

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
    # Added by the director from a CSV list this week; not invited to the CAS yet.
    imported_teachers: tuple[str, ...] = ()
    # The rest of the school's teachers, outside its CAS (they take part in the
    # school's workshop, as every teacher does).
    other_teachers: tuple[str, ...] = ()

    def teacher_emails(self) -> list[tuple[str, str]]:
        names = (*self.teachers, *self.imported_teachers, *self.other_teachers)
        return [(f"docente{n}@{self.slug}.demo", name) for n, name in enumerate(names, start=1)]

    def imported_emails(self) -> list[tuple[str, str]]:
        start = len(self.teachers)
        return self.teacher_emails()[start : start + len(self.imported_teachers)]

    def staff_emails(self) -> list[tuple[str, str]]:
        """The teachers already on the school's staff when the demo starts."""
        return [row for row in self.teacher_emails() if row not in self.imported_emails()]


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
        imported_teachers=("Marco Antonio Santiago Ramírez", "Lucía García Mendoza"),
        other_teachers=(
            "Eloísa Toledo Zárate",
            "Gerardo Luis Pacheco",
            "Yesenia Gopar Cruz",
            "Raúl Antonio Sosa Regalado",
            "Natividad Chávez Mendoza",
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
        for email, _ in school.teacher_emails():
            accounts.append((email, f"Docente · {school.name}"))
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


def _import_staff(demo: DemoSchool, school: School) -> None:
    """The director adds the newest teachers from a CSV list, as a school would."""
    rows = demo.imported_emails()
    if not rows or User.objects.filter(email=rows[0][0]).exists():
        return
    listing = "nombre,correo,rol\n" + "".join(f"{name},{email},docente\n" for email, name in rows)
    upload = SimpleUploadedFile("personal-nuevo.csv", listing.encode(), content_type="text/csv")
    director = User.objects.get(email=f"director@{demo.slug}.demo")
    last_event = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    run = onboarding.start_staff_import(actor=director, school=school, upload=upload)
    # Checked and written here rather than by the worker, so the accounts
    # exist when the demo goes on; the worker's turn then finds nothing to do.
    onboarding.process_import(run_id=run.pk)
    # Two days ago, after the last CTE session.
    uploaded = timezone.localtime() - timedelta(days=2)
    uploaded = uploaded.replace(hour=15, minute=10)
    ImportRun.objects.filter(pk=run.pk).update(
        created_at=uploaded, started_at=uploaded, finished_at=uploaded + timedelta(seconds=2)
    )
    Event.objects.filter(pk__gt=last_event).update(created_at=uploaded)


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
        people += [(email, name, Role.TEACHER) for email, name in demo.staff_emails()]
        for email, name, role in people:
            user = _person(email, name, password)
            StaffMembership.objects.get_or_create(user=user, school=school, role=role)
        _import_staff(demo, school)
        for email, name in demo.imported_emails():
            _person(email, name, password)
        schools[demo.slug] = school
    ensure_catalogue(SkillDimension, Skill)
    cas.seed_escuela_a(schools["escuela-a"])
    cas.seed_escuela_b(schools["escuela-b"])
    meetings.seed_meetings_and_goals_a(schools["escuela-a"])
    meetings.seed_meetings_b(schools["escuela-b"])
    journal.seed_journal_and_practices(schools)
    diffusion.seed_summary_draft()
    # What the daily job left this morning at 07:35: notices of the overdue agreements.
    last_notice = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    notify_overdue_agreements()
    morning = timezone.localtime().replace(hour=7, minute=35, second=0, microsecond=0)
    if morning > timezone.now():
        morning -= timedelta(days=1)
    Notification.objects.filter(pk__gt=last_notice).update(created_at=morning)
    _preferences()
    privacy.seed_data_requests(ADMIN_EMAIL)


# How some demo accounts chose to get their notices (the others keep their role's defaults).
PREFERENCES = {
    "director@escuela-a.demo": ({"minutes": "digest", "proposal": "digest", "meeting_now": "off"}, 18, "es-mx"),
    "tutor@escuela-a.demo": ({"phase_waiting": "email", "comment": "email", "minutes": "digest"}, 7, "es-mx"),
    "docente1@escuela-a.demo": ({"meeting_now": "email", "journal_quiet": "off", "comment": "email"}, 20, "es-mx"),
    "docente2@escuela-a.demo": ({"proposal": "email", "agreement_due": "digest"}, 6, "en"),
    "director@escuela-b.demo": ({"invitation_waiting": "digest", "continuity_due": "digest"}, 17, "es-mx"),
}


def _preferences() -> None:
    for email, (channels, hour, language) in PREFERENCES.items():
        person = User.objects.get(email=email)
        if not person.notice_preferences.exists():
            delivery.set_preferences(actor=person, channels=channels, digest_hour=hour)
            accounts.set_language(actor=person, language=language)
