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


def test_env_example_lists_every_variable_the_settings_read():
    settings_source = (BASE_DIR / "cas_project" / "settings.py").read_text()
    read = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', settings_source))
    example = (BASE_DIR / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.MULTILINE))
    assert read - listed == set()
