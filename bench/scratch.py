"""A throw-away database and a school with its director, for the benches that
write: a SQLite file in a temporary VAR_DIR when DATABASE_URL is unset, a test
database created and dropped on PostgreSQL."""

import contextlib
import os
import tempfile


def setup_django(prefix: str) -> None:
    os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cas_project.settings")
    import django

    django.setup()


@contextlib.contextmanager
def scratch_database():
    from django.core.management import call_command
    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    if on_postgres:
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    try:
        yield connection
    finally:
        if on_postgres:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def school_with_director():
    from communities.models import School, StaffMembership, User

    school = School.objects.create(
        name="Escuela de prueba",
        cct="14DST0118A",
        state="14",
        municipality="Zapopan",
        level="basica",
        shift="matutino",
    )
    director = User.objects.create_user("director@escuela.test", full_name="Dora Directora")
    StaffMembership.objects.create(user=director, school=school, role=StaffMembership.Role.DIRECTOR)
    return school, director
