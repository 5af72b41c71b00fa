"""Settings for CAS — Comunidades de Aprendizaje.

Everything that differs between a laptop and production comes from the
environment (see .env.example). With nothing set the app runs locally on SQLite
and a file-based Celery broker; with DATABASE_URL and REDIS_URL it runs on
PostgreSQL and Redis.
"""

from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cas_project.env import env_bool, env_choice, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
# Runtime files (SQLite database, local broker queue, uploads) live outside the
# code so that a checkout stays clean and the folder can be put on its own volume.
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Generate one with: "
            'python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"  # noqa: S105
# Former keys, still accepted while a new SECRET_KEY settles in: sessions,
# signed links and the diagnostic's printed access codes keep working.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DEBUG is off (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The party responsible for the personal data (LGPDPPSO), named in the privacy
# notices: the public body that runs the programme, where to write to it, and
# the day the full notice last changed.
PRIVACY_CONTROLLER_NAME = env_str("PRIVACY_CONTROLLER_NAME", "Secretaría de Educación Pública (SEP)")
PRIVACY_CONTROLLER_ADDRESS = env_str(
    "PRIVACY_CONTROLLER_ADDRESS",
    "República de Argentina 28, Centro Histórico, Cuauhtémoc, 06020, Ciudad de México",
)
PRIVACY_CONTROLLER_EMAIL = env_str("PRIVACY_CONTROLLER_EMAIL", "privacidad@cas.local")
try:
    PRIVACY_NOTICE_UPDATED = date.fromisoformat(env_str("PRIVACY_NOTICE_UPDATED", "2026-02-01"))
except ValueError:
    raise ImproperlyConfigured("PRIVACY_NOTICE_UPDATED must be a date written YYYY-MM-DD.") from None

INSTALLED_APPS = [
    # Django's admin on a site that asks platform administrators for their second factor.
    "cas_project.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "cas_project.apps.AxesConfig",
    # Serves Bootstrap's CSS and JS from the pip package django-bootstrap-static.
    "bootstrap",
    # Celery beat's schedule kept in the database, editable in Django admin.
    "django_celery_beat",
    # The second factor: an authenticator app (TOTP) and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "communities",
    "diagnostics",
    "workshops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cas_project.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cas_project.middleware.PrivatePagesMiddleware",
    "cas_project.middleware.RequestSizeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cas_project.middleware.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cas_project.urls"
WSGI_APPLICATION = "cas_project.wsgi.application"
ASGI_APPLICATION = "cas_project.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "communities.context_processors.platform",
                "communities.context_processors.notices",
                "communities.context_processors.privacy",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASE_URL = env_url(
    "DATABASE_URL",
    schemes={"postgres", "postgresql", "pgsql", "sqlite"},
    default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
)
# PgBouncer in transaction mode hands each transaction to whichever server
# connection is free, so nothing may outlive a transaction on a connection:
# no persistent connections (PgBouncer keeps those), and no server-side
# cursors, which Django declares WITH HOLD outside a transaction (.iterator()).
DATABASE_POOLER = env_choice("DATABASE_POOLER", {"pgbouncer"})
# A streaming replica of the primary; the report builds and the platform's
# figures read from it (cas_project/db_routers.py), everything else stays on
# the primary.
DATABASE_REPLICA_URL = env_url("DATABASE_REPLICA_URL", schemes={"postgres", "postgresql", "pgsql"})


def _database(url: str) -> dict:
    database = dj_database_url.parse(
        url,
        # Persistent connections on PostgreSQL; health checks drop a connection
        # that the server or a pooler closed before it is reused.
        conn_max_age=env_int("CONN_MAX_AGE", 600, minimum=0),
        conn_health_checks=True,
    )
    if DATABASE_POOLER:
        database["CONN_MAX_AGE"] = 0
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
    return database


DATABASES = {"default": _database(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASE_POOLER or DATABASE_REPLICA_URL:
        raise ImproperlyConfigured("DATABASE_POOLER and DATABASE_REPLICA_URL need a PostgreSQL DATABASE_URL.")
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL and a busy timeout let the web server and the Celery worker share
        # the file without "database is locked" errors.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
if DATABASE_REPLICA_URL:
    # Tests read the test database through it: no second server needed.
    DATABASES["replica"] = _database(DATABASE_REPLICA_URL) | {"TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["cas_project.db_routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and cache ----------------------------------------------
REDIS_URL = env_url("REDIS_URL", schemes={"redis", "rediss"})

if REDIS_URL:
    CACHES = {
        "default": {
            # Redis's cache, degrading to none (a miss, a no-op) while Redis is
            # down, so that pages keep answering (cas_project/cache.py).
            "BACKEND": "cas_project.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cas",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ------------------------------------------------------------------
# Without Redis, kombu's filesystem transport carries tasks between the web
# process, the worker and beat through a folder, so `make run` needs no server.
CELERY_QUEUE_DIR = VAR_DIR / "celery" / "queue"
CELERY_PROCESSED_DIR = VAR_DIR / "celery" / "processed"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A task not acknowledged within this time is delivered again; it must
        # exceed the longest task (see CELERY_TASK_TIME_LIMIT) and any countdown.
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=60),
        "socket_connect_timeout": 5,
        "socket_timeout": 10,
        # One quick retry when a web process publishes: with Redis down the
        # page answers at once and the task waits in its QueuedTask row
        # (communities/task_queue.py) instead of the request waiting seconds.
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    }
    CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
else:
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR),
        "data_folder_out": str(CELERY_QUEUE_DIR),
        "processed_folder": str(CELERY_PROCESSED_DIR),
        # Fan-out exchanges (worker control, pidbox) live here, not in ./control.
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
        "visibility_timeout": 3600,
    }
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "America/Mexico_City"
# Beat reads its schedule from the database (django-celery-beat), where admins
# change it. These are the defaults `manage.py install_schedules` installs
# where a task has no row yet; deliberately not CELERY_BEAT_SCHEDULE, which the
# database scheduler would write over the admins' changes on every start.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
DJANGO_CELERY_BEAT_TZ_AWARE = True
BEAT_DEFAULTS = {
    "clear-expired-sessions": {
        "task": "communities.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=10),
    },
    "expire-invitations": {
        "task": "communities.tasks.expire_invitations",
        "schedule": crontab(minute=5),
    },
    # Every reminder kind, each delivered once however often this runs.
    "send-reminders": {
        "task": "communities.tasks.send_reminders",
        "schedule": crontab(minute="*/5"),
    },
    # Each person's daily digest, at the hour they chose.
    "send-digests": {
        "task": "communities.tasks.send_digests",
        "schedule": crontab(minute=0),
    },
    "notify-overdue-agreements": {
        "task": "communities.tasks.notify_overdue_agreements",
        "schedule": crontab(hour=7, minute=35),
    },
    "resend-unsent-email": {
        "task": "communities.emails.resend_unsent_email",
        "schedule": crontab(minute="*/15"),
    },
    "sweep-reports": {
        "task": "communities.tasks.sweep_reports",
        "schedule": crontab(minute="*/10"),
    },
    # Work asked for while Redis was down (communities.task_queue), handed
    # over once it is back.
    "republish-queued-tasks": {
        "task": "communities.tasks.republish_queued_tasks",
        "schedule": crontab(minute="*"),
    },
    "prune-queued-tasks": {
        "task": "communities.tasks.prune_queued_tasks",
        "schedule": crontab(hour=3, minute=40),
    },
}

# --- People and authentication ----------------------------------------------------
AUTH_USER_MODEL = "communities.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "communities:home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3  # three hours: long enough for a slow inbox
# The link that lets a person added by their school choose a first password:
# a school's staff reads its mail when it can.
ACCOUNT_ACTIVATION_TIMEOUT = 60 * 60 * 24 * 7
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lock out an e-mail address from one IP address after repeated failures, so a
# forgotten password at one school cannot lock a colleague out elsewhere.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
# A request body larger than this is refused before it is read: the largest
# upload (10 MB of evidence) and the form around it. The proxy in front should
# refuse the same (nginx: client_max_body_size 11m).
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 11 * 1024 * 1024, minimum=1024 * 1024)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "communities.authentication.locked_out"
AXES_USERNAME_CALLABLE = "communities.authentication.attempted_email"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
# Rate limits (communities/ratelimits.py): attempts allowed per subject in a
# sliding window, counted in the cache whether the account or code exists or
# not; past one, the page answers 429 until the window lets the next through.
# 0 turns a limit off. The account's sign-in limit pauses that account from
# every address and tells its owner by e-mail, once per window.
RATE_LIMIT_WINDOW = timedelta(minutes=env_int("RATE_LIMIT_WINDOW_MINUTES", 15, minimum=1))
RATE_LIMIT_SIGN_IN_PER_IP = env_int("RATE_LIMIT_SIGN_IN_PER_IP", 30, minimum=0)
RATE_LIMIT_SIGN_IN_PER_ACCOUNT = env_int("RATE_LIMIT_SIGN_IN_PER_ACCOUNT", 15, minimum=0)
RATE_LIMIT_PASSWORD_RESET_PER_IP = env_int("RATE_LIMIT_PASSWORD_RESET_PER_IP", 20, minimum=0)
RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS = env_int("RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS", 3, minimum=0)
RATE_LIMIT_ACTIVATION_PER_IP = env_int("RATE_LIMIT_ACTIVATION_PER_IP", 20, minimum=0)
RATE_LIMIT_ACTIVATION_PER_ACCOUNT = env_int("RATE_LIMIT_ACTIVATION_PER_ACCOUNT", 10, minimum=0)
# The diagnostic's access codes: codes that do not work, from one address, and
# from every address together (a guess's target is the whole pool of codes).
RATE_LIMIT_DIAGNOSTIC_CODES_PER_IP = env_int("RATE_LIMIT_DIAGNOSTIC_CODES_PER_IP", 20, minimum=0)
RATE_LIMIT_DIAGNOSTIC_CODES_ALL = env_int("RATE_LIMIT_DIAGNOSTIC_CODES_ALL", 2000, minimum=0)
# A session unused this long is closed (shared school computers); the page
# that follows says so.
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SESSION_IDLE_MINUTES", 120, minimum=1))
# The name an authenticator app shows beside the person's address.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "CAS")

# --- E-mail ------------------------------------------------------------------
# With nothing set, each e-mail is written, readable, to var/mail/; set
# EMAIL_BACKEND=cas_project.mail.ConsoleBackend to read them in the console.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "cas_project.mail.FileBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set only one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
EMAIL_TIMEOUT = 20
EMAIL_MESSAGE_ID_DOMAIN = urlsplit(SITE_URL).hostname or "cas.local"
# How long a worker owns a message it is sending before another may try it
# (a worker killed mid-send leaves it claimed), and how old an unsent message
# is when beat hands it over again.
EMAIL_SEND_LEASE_SECONDS = env_int("EMAIL_SEND_LEASE_SECONDS", 600, minimum=1)
EMAIL_STRANDED_AFTER_SECONDS = env_int("EMAIL_STRANDED_AFTER_SECONDS", 900, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CAS — Comunidades de Aprendizaje <no-responder@cas.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Language and time ------------------------------------------------------------
LANGUAGE_CODE = "es-mx"
LANGUAGES = [
    ("es-mx", _("Spanish (Mexico)")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "America/Mexico_City")
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# build/static first: what `make css` generates (cas_project/stylesheet.py, not in git).
STATICFILES_DIRS = [BASE_DIR / "build" / "static", BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# `make backup` (cas_project/backup.py): one folder per backup; the newest of
# each of the last BACKUP_KEEP_DAYS days and BACKUP_KEEP_WEEKS weeks are kept.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_KEEP_DAYS = env_int("BACKUP_KEEP_DAYS", 7, minimum=1)
BACKUP_KEEP_WEEKS = env_int("BACKUP_KEEP_WEEKS", 4, minimum=0)
# Uploads and built reports: MEDIA_ROOT, or with STORAGE_BUCKET a private
# bucket of S3 or an S3-compatible service (MinIO, DigitalOcean Spaces), which
# every web node and worker shares. Files are only ever streamed through the
# app's views, which check who is asking; no bucket address is handed out.
STORAGE_BUCKET = env_str("STORAGE_BUCKET")
if STORAGE_BUCKET:
    UPLOADS_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            # Empty for AWS; the service's address for MinIO or Spaces.
            "endpoint_url": env_url("STORAGE_ENDPOINT_URL", schemes={"https", "http"}) or None,
            "region_name": env_str("STORAGE_REGION") or None,
            # Empty: boto3's own chain (an instance role, AWS_ACCESS_KEY_ID...).
            "access_key": env_str("STORAGE_ACCESS_KEY_ID") or None,
            "secret_key": env_str("STORAGE_SECRET_ACCESS_KEY") or None,
            # No ACL sent: a new object is then private (its owner alone).
            # Naming "private" would fail every upload on AWS's default
            # buckets, whose ACLs are off and refuse any but the owner's.
            "default_acl": None,
            # Any address of an object is signed and short-lived.
            "querystring_auth": True,
            "querystring_expire": 300,
            "signature_version": "s3v4",
            # Generated names never collide; a name is never written twice.
            "file_overwrite": False,
            # A download is read from the bucket into memory up to this, then
            # into a temporary file, and streamed from there.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }
else:
    UPLOADS_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": UPLOADS_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        # Hashed, compressed and cached forever: cheap on slow connections.
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Django's renderer, writing a select's options without a template each.
FORM_RENDERER = "cas_project.form_renderer.Renderer"

# --- Security -----------------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# Sessions in the database, never in the cache: signing in keeps working while
# Redis is down (the cache then degrades to none).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe /healthz over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script, no inline style, no event-handler attributes on any page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws its form and navbar icons as data: SVGs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Demo data ------------------------------------------------------------------------
# `manage.py seed_demo` sets every demo account's password to this.
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "aprender-juntos-2026")
