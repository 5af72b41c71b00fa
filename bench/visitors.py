"""The people who open the pages the bench measures: a session in the database
for each role of a dataset (the admin's verified by their authenticator app,
as `django_otp.login` marks it), and a respondent's access code for the
diagnostic's answer page.

`python -m bench.visitors --dataset large` writes them in that dataset and
prints them as JSON: {"cookies": {role: session key}, "cookie_name": ...,
"answer_code": "ABCD-EFGH" or null}. Run with the settings of the server that
will read them (the same SECRET_KEY: `bench.production`)."""

import argparse
import json
import sys
import time

from bench import dataset as datasets
from bench import production


def session_key(user, *, verified: bool = False) -> str:
    """A new signed-in session of `user`, as Django's `login()` writes it;
    `verified`: as after a right code of their confirmed authenticator app
    (django-otp's `otp_device_id`), one made for them when they have none."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string
    from django_otp import DEVICE_ID_SESSION_KEY

    from cas_project.middleware import IdleSessionMiddleware

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[IdleSessionMiddleware.KEY] = int(time.time())
    if verified:
        store[DEVICE_ID_SESSION_KEY] = _authenticator(user).persistent_id
    store.create()
    return store.session_key


def _authenticator(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app (bench)", confirmed=True)


def sessions(found: datasets.Dataset) -> dict[str, str]:
    """role → session key, for every person of the dataset (the admin verified)."""
    from communities.models import User

    return {
        role: session_key(User.objects.get(email=email), verified=role == "admin")
        for role, email in found.people.items()
    }


def answer_code(found: datasets.Dataset) -> str | None:
    """A fresh access code of a campaign that takes answers today (the
    dataset's school's when it has one, else another school's), issued by that
    school's director; None when no campaign takes answers."""
    from communities.models import StaffMembership
    from diagnostics.models import Campaign
    from diagnostics.services import issue_codes

    school = found.ids["school"]
    open_campaigns = Campaign.objects.filter(status=Campaign.Status.OPEN).select_related("school")
    ordered = sorted(open_campaigns, key=lambda c: (c.school_id != school, -c.pk))
    campaign = next((c for c in ordered if not c.answering_refusal()), None)
    if campaign is None:
        return None
    director = (
        StaffMembership.objects.filter(school=campaign.school, role=StaffMembership.Role.DIRECTOR, user__is_active=True)
        .select_related("user")
        .first()
    )
    if director is None:
        return None
    audience = campaign.audiences.order_by("pk").values_list("audience", flat=True).first()
    return issue_codes(actor=director.user, campaign=campaign, audience=audience, count=1)[0]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.visitors")
    parser.add_argument("--dataset", choices=datasets.SIZES, default="large")
    args = parser.parse_args(argv)
    found = datasets.describe(args.dataset)
    production.use_in_this_process(found)
    import django

    django.setup()
    from django.conf import settings

    print(
        json.dumps(
            {
                "cookie_name": settings.SESSION_COOKIE_NAME,
                "cookies": sessions(found),
                "answer_code": answer_code(found),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
