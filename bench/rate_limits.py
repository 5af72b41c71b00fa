"""`python -m bench.rate_limits`: the rate limits as an attacker meets them,
through the test client against a throw-away database (SQLite unless
DATABASE_URL says otherwise) and the configured cache (Redis with REDIS_URL,
under a key prefix of this run; else the local memory cache).

1. 100 password-reset requests for one address within a minute, from one IP.
2. 100 wrong passwords for one account from 20 IPs (5 each, django-axes' own
   limit per address and IP), then the right password from a 21st.
3. The same with an address that has no account: the answers must be the same.
4. The median time of a failed sign-in and of a reset request, for an existing
   and a missing account, with the production password hasher (PBKDF2),
   with the limits and django-axes off so that every request does the page's work.

With the settings' limits (RATE_LIMIT_*), printed first.
"""

import logging
import statistics
import time
import uuid


def main() -> int:
    from bench.scratch import scratch_database, setup_django

    setup_django("cas-bench-limits-")
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    from communities.models import Event, OutgoingEmail, QueuedTask, User
    from communities.tasks import send_password_reset

    caches = {name: {**conf, "KEY_PREFIX": f"bench-{uuid.uuid4().hex}"} for name, conf in settings.CACHES.items()}
    quiet = {"ALLOWED_HOSTS": ["testserver"], "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    logging.disable(logging.CRITICAL)  # django-axes logs every failure; the counts below say it
    with scratch_database() as connection, override_settings(CACHES=caches, **quiet):
        window = int(settings.RATE_LIMIT_WINDOW.total_seconds() // 60)
        print(
            f"{connection.vendor}, cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; "
            f"limits per {window} min: sign-in {settings.RATE_LIMIT_SIGN_IN_PER_IP}/IP, "
            f"{settings.RATE_LIMIT_SIGN_IN_PER_ACCOUNT}/account; reset {settings.RATE_LIMIT_PASSWORD_RESET_PER_IP}/IP, "
            f"{settings.RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS}/address; "
            f"django-axes {settings.AXES_FAILURE_LIMIT}/address and IP"
        )
        User.objects.create_user("tere@escuela.test", "una-clave-de-prueba-2026", full_name="Teresa Docente")
        client = Client()

        # 1. A flood of resets for one address.
        statuses = []
        started = time.perf_counter()
        for _ in range(100):
            statuses.append(client.post("/accounts/password/reset/", {"email": "tere@escuela.test"}).status_code)
        elapsed = time.perf_counter() - started
        # What the worker then does with the queued requests (no worker runs here).
        for row in QueuedTask.objects.filter(task=send_password_reset.name):
            send_password_reset(*row.args)
        print(
            f"password reset, 100 requests for one address in {elapsed:.1f} s: {statuses.count(302)} accepted, "
            f"{OutgoingEmail.objects.count()} e-mails queued, {statuses.count(429)} answered 429"
        )

        # 2 and 3. Wrong passwords on one account from 20 addresses.
        for k, (label, email) in enumerate((("an existing", "tere@escuela.test"), ("a missing", "nadie@escuela.test"))):
            before = OutgoingEmail.objects.count()
            statuses = []
            for n in range(100):
                response = client.post(
                    "/accounts/login/",
                    {"username": email, "password": f"intento-{n}"},
                    REMOTE_ADDR=f"198.51.{100 + k}.{n % 20}",
                )
                statuses.append(response.status_code)
            right = client.post(
                "/accounts/login/",
                {"username": email, "password": "una-clave-de-prueba-2026"},
                REMOTE_ADDR=f"198.51.{200 + k}.1",
            )
            told = OutgoingEmail.objects.count() - before
            print(
                f"sign-in, 100 wrong passwords for {label} account from 20 IPs: "
                f"{statuses.count(200)} checked (wrong password page), "
                f"{statuses.count(429)} answered 429; then the right password from a new IP: {right.status_code}; "
                f"owner e-mails queued: {told}, account events: "
                f"{Event.objects.filter(verb=Event.Verb.SIGN_IN_PAUSED).count() if told else 0}"
            )

        # 4. Timing with the real hasher and the limits off: the pages' own work.
        hashers = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
        off = {name: 0 for name in dir(settings) if name.startswith("RATE_LIMIT_") and name != "RATE_LIMIT_WINDOW"}
        with override_settings(PASSWORD_HASHERS=hashers, AXES_ENABLED=False, **off):
            User.objects.create_user("dora@escuela.test", "una-clave-de-prueba-2026", full_name="Dora Directora")
            rounds = 30
            timings = {}
            pages = (
                ("sign-in", "/accounts/login/", lambda email: {"username": email, "password": "equivocada"}),
                ("reset", "/accounts/password/reset/", lambda email: {"email": email}),
            )
            for label, email in (("existing", "dora@escuela.test"), ("missing", "nadie2@escuela.test")):
                for kind, path, data in pages:
                    samples = []
                    for _ in range(rounds):
                        started = time.perf_counter()
                        client.post(path, data(email))
                        samples.append(time.perf_counter() - started)
                    timings[(kind, label)] = statistics.median(samples) * 1000
            for kind in ("sign-in", "reset"):
                existing, missing = timings[(kind, "existing")], timings[(kind, "missing")]
                print(
                    f"{kind}, median of {rounds}: existing account {existing:.1f} ms, missing {missing:.1f} ms "
                    f"(difference {existing - missing:+.1f} ms)"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
