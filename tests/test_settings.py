"""Settings come from the environment and refuse bad values loudly."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cas_project.env import env_bool, env_int, env_list, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
STRONG_KEY = "k3y-" + "x9Qz_" * 12

# Variables that would leak the developer's or CI's configuration into a check.
_CONFIG_VARS = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "CONN_MAX_AGE",
    "DATABASE_POOLER",
    "DATABASE_REPLICA_URL",
    "STORAGE_BUCKET",
    "STORAGE_ENDPOINT_URL",
    "STORAGE_REGION",
    "STORAGE_ACCESS_KEY_ID",
    "STORAGE_SECRET_ACCESS_KEY",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in _CONFIG_VARS}
    clean["DJANGO_SETTINGS_MODULE"] = "cas_project.settings"
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=BASE_DIR, env=clean | env, capture_output=True, text=True, timeout=120
    )


def _load_settings(**env):
    return _run(["-c", "import django; django.setup()"], **env)


def test_env_bool_accepts_the_usual_spellings(monkeypatch):
    for raw, expected in [("1", True), ("TRUE", True), ("on", True), ("0", False), ("No", False), ("", True)]:
        monkeypatch.setenv("SOME_FLAG", raw)
        assert env_bool("SOME_FLAG", default=True) is expected


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", default=False)


def test_env_int_refuses_words_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "diez")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_NUMBER", "-3")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("SOME_NUMBER", 1, minimum=0)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", " cas.example.org, www.cas.example.org ,")
    assert env_list("SOME_HOSTS") == ["cas.example.org", "www.cas.example.org"]


def test_env_url_refuses_a_wrong_scheme_or_missing_host(monkeypatch):
    monkeypatch.setenv("SOME_URL", "mysql://db/cas")
    with pytest.raises(ImproperlyConfigured, match="scheme"):
        env_url("SOME_URL", schemes={"postgres"})
    monkeypatch.setenv("SOME_URL", "redis://")
    with pytest.raises(ImproperlyConfigured, match="host"):
        env_url("SOME_URL", schemes={"redis"})


def test_production_mode_without_secret_key_stops_with_a_clear_message():
    result = _load_settings(DEBUG="0", ALLOWED_HOSTS="cas.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_production_mode_without_allowed_hosts_stops():
    result = _load_settings(DEBUG="0", SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is required" in result.stderr


def test_a_malformed_flag_stops_the_process():
    result = _load_settings(DEBUG="sí")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_a_database_url_of_another_kind_stops_the_process():
    result = _load_settings(DATABASE_URL="mysql://cas@db/cas")
    assert result.returncode != 0
    assert "DATABASE_URL must be a URL with scheme" in result.stderr


def test_deploy_checklist_passes_with_nothing_silenced():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="cas.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_defaults_run_on_sqlite_and_a_serverless_broker():
    result = _run(
        [
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.TIME_ZONE, s.LANGUAGE_CODE, "
            "s.EMAIL_BACKEND)",
        ]
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "filesystem://localhost//",
        "America/Mexico_City",
        "es-mx",
        "cas_project.mail.FileBackend",
    ]


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    result = _run(
        [
            "-c",
            "import django; django.setup(); from django.conf import settings as s; d = s.DATABASES['default']; "
            "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], s.CELERY_BROKER_URL, "
            "s.CACHES['default']['BACKEND'])",
        ],
        DATABASE_URL="postgres://cas:secret@db.internal:5432/cas",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "600",
        "True",
        "redis://cache.internal:6379/0",
        "cas_project.cache.ForgivingRedisCache",  # Django's RedisCache, degrading to none while Redis is down
    ]


def _printed(expression: str, **env) -> list[str]:
    result = _run(
        ["-c", f"import django; django.setup(); from django.conf import settings as s; print({expression})"], **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


PRIMARY = "postgres://cas:secret@pgbouncer.internal:6432/cas"
REPLICA = "postgres://cas:secret@replica.internal:5432/cas"


def test_pgbouncer_turns_off_persistent_connections_and_server_side_cursors():
    printed = _printed(
        "*(s.DATABASES[alias][key] for alias in ('default', 'replica') "
        "for key in ('CONN_MAX_AGE', 'DISABLE_SERVER_SIDE_CURSORS'))",
        DATABASE_URL=PRIMARY,
        DATABASE_REPLICA_URL=REPLICA,
        DATABASE_POOLER="pgbouncer",
        CONN_MAX_AGE="600",
    )
    assert printed == ["0", "True", "0", "True"]


def test_without_a_pooler_connections_persist_and_cursors_stay_on_the_server():
    printed = _printed(
        "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS', False)",
        DATABASE_URL=PRIMARY,
    )
    assert printed == ["600", "False"]


def test_an_unknown_pooler_stops_the_process():
    result = _load_settings(DATABASE_URL=PRIMARY, DATABASE_POOLER="pgpool")
    assert result.returncode != 0
    assert "DATABASE_POOLER must be one of pgbouncer" in result.stderr


def test_a_pooler_or_a_replica_on_sqlite_stops_the_process():
    for env in ({"DATABASE_POOLER": "pgbouncer"}, {"DATABASE_REPLICA_URL": REPLICA}):
        result = _load_settings(**env)
        assert result.returncode != 0
        assert "need a PostgreSQL DATABASE_URL" in result.stderr


def test_a_replica_url_adds_a_replica_that_tests_mirror_and_the_router_reads_from():
    script = (
        "import django; django.setup(); from django.conf import settings as s; from django.db import router; "
        "from communities.models import Report; from communities.replica import reading_from_replica; "
        "print(*sorted(s.DATABASES), s.DATABASES['replica']['HOST'], s.DATABASES['replica']['TEST']['MIRROR']); "
        "print(router.db_for_read(Report), router.db_for_write(Report))\n"
        "with reading_from_replica():\n"
        "    print(router.db_for_read(Report), router.db_for_write(Report))"
    )
    result = _run(["-c", script], DATABASE_URL=PRIMARY, DATABASE_REPLICA_URL=REPLICA)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "default replica replica.internal default",
        "default default",
        "replica default",
    ]


def test_without_a_replica_there_is_only_default():
    assert _printed("list(s.DATABASES)", DATABASE_URL=PRIMARY) == ["['default']"]


def test_a_replica_url_of_another_kind_stops_the_process():
    result = _load_settings(DATABASE_URL=PRIMARY, DATABASE_REPLICA_URL="sqlite:///replica.sqlite3")
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL must be a URL with scheme" in result.stderr


def test_uploads_stay_on_the_file_system_without_a_bucket():
    assert _printed("s.STORAGES['default']['BACKEND']") == ["django.core.files.storage.FileSystemStorage"]


def test_a_bucket_keeps_uploads_private_in_object_storage():
    printed = _printed(
        "s.STORAGES['default']['BACKEND'], *(s.STORAGES['default']['OPTIONS'][key] for key in "
        "('bucket_name', 'endpoint_url', 'region_name', 'access_key', 'default_acl', 'querystring_auth', "
        "'file_overwrite'))",
        STORAGE_BUCKET="cas-archivos",
        STORAGE_ENDPOINT_URL="https://minio.internal:9000",
        STORAGE_REGION="us-east-1",
        STORAGE_ACCESS_KEY_ID="cas-app",
        STORAGE_SECRET_ACCESS_KEY="not-a-real-secret",
    )
    assert printed == [
        "storages.backends.s3.S3Storage",
        "cas-archivos",
        "https://minio.internal:9000",
        "us-east-1",
        "cas-app",
        "None",  # no ACL sent: private, and accepted by buckets whose ACLs are off
        "True",
        "False",
    ]


def test_a_bucket_endpoint_that_is_not_a_web_address_stops_the_process():
    result = _load_settings(STORAGE_BUCKET="cas-archivos", STORAGE_ENDPOINT_URL="minio.internal:9000")
    assert result.returncode != 0
    assert "STORAGE_ENDPOINT_URL must be a URL with scheme" in result.stderr


def test_the_deploy_checklist_passes_behind_pgbouncer_with_a_replica_and_a_bucket():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="cas.example.org",
        DATABASE_URL=PRIMARY,
        DATABASE_POOLER="pgbouncer",
        DATABASE_REPLICA_URL=REPLICA,
        STORAGE_BUCKET="cas-archivos",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_env_example_lists_every_variable_the_settings_read():
    settings_source = (BASE_DIR / "cas_project" / "settings.py").read_text()
    read = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', settings_source))
    example = (BASE_DIR / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.MULTILINE))
    assert read - listed == set()
