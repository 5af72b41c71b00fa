from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from communities.demo import demo_accounts
from communities.models import School, StaffMembership, User

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_documented_accounts(settings):
    settings.DEMO_PASSWORD = "clave-demo-para-pruebas"
    out = StringIO()
    call_command("seed_demo", stdout=out)

    emails = {email for email, _ in demo_accounts()}
    assert len(emails) == 22
    assert set(User.objects.values_list("email", flat=True)) == emails
    assert "director@escuela-a.demo" in out.getvalue()
    assert "clave-demo-para-pruebas" in out.getvalue()
    assert School.objects.count() == 2
    for slug, teachers in (("escuela-a", 5), ("escuela-b", 12)):
        roles = StaffMembership.objects.filter(user__email__endswith=f"@{slug}.demo").values_list("role", flat=True)
        assert sorted(roles) == ["director"] + ["teacher"] * teachers + ["tutor"]
    assert User.objects.get(email="admin@cas.demo").is_superuser


def test_seed_demo_is_idempotent_and_resets_passwords(settings):
    call_command("seed_demo", stdout=StringIO())
    teacher = User.objects.get(email="docente3@escuela-b.demo")
    teacher.set_password("la-cambio-la-maestra")
    teacher.save()
    counts = (User.objects.count(), School.objects.count(), StaffMembership.objects.count())

    call_command("seed_demo", stdout=StringIO())

    assert (User.objects.count(), School.objects.count(), StaffMembership.objects.count()) == counts
    teacher.refresh_from_db()
    assert teacher.check_password(settings.DEMO_PASSWORD)


def test_every_demo_account_can_sign_in(client, settings):
    call_command("seed_demo", stdout=StringIO())
    for email, _ in demo_accounts():
        response = client.post(reverse("login"), {"username": email, "password": settings.DEMO_PASSWORD})
        assert response.status_code == 302, email
        client.post(reverse("logout"))


def test_demo_schools_keep_the_other_schools_staff_apart():
    call_command("seed_demo", stdout=StringIO())
    school_a = School.objects.get(cct="14DCT0038K")
    emails = set(school_a.staff_memberships.values_list("user__email", flat=True))
    assert all(email.endswith("@escuela-a.demo") for email in emails)


def test_demo_accounts_command_prints_the_accounts(settings):
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    assert "docente5@escuela-b.demo" in out.getvalue()
    assert settings.DEMO_PASSWORD in out.getvalue()


def test_install_schedules_installs_the_defaults_and_keeps_what_admins_changed(settings):
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    out = StringIO()
    call_command("install_schedules", stdout=out)
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert names == set(settings.BEAT_DEFAULTS)
    reminders = PeriodicTask.objects.get(name="send-reminders")
    assert (reminders.task, reminders.crontab.minute, str(reminders.crontab.timezone)) == (
        "communities.tasks.send_reminders",
        "*/5",
        "America/Mexico_City",
    )
    # An admin moves the digests to minute 30; installing again keeps it.
    digests = PeriodicTask.objects.get(name="send-digests")
    digests.crontab = CrontabSchedule.objects.create(minute="30", hour="*", timezone="America/Mexico_City")
    digests.save()
    call_command("install_schedules", stdout=StringIO())
    assert PeriodicTask.objects.get(name="send-digests").crontab.minute == "30"
    assert PeriodicTask.objects.count() == len(settings.BEAT_DEFAULTS)
