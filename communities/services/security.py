"""A person's second factor (an authenticator app, with single-use recovery
codes) and the end of their sessions.

The factor is django-otp's: a `TOTPDevice` for the app and a `StaticDevice`
holding the recovery codes, both confirmed only once the person typed a code
from the app. Ending every session of a person raises `User.session_epoch`,
which is folded into the hash Django keeps in each session
(`User._get_session_auth_hash`): every other browser is signed out on its next
request; the view that asked keeps its own session with
`update_session_auth_hash`.
"""

import math
import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from communities import access
from communities.models import Event, User
from communities.services.audit import record_event

RECOVERY_CODES = 10
# StaticToken.random_token(): 5 random bytes in lower-case base 32.
RECOVERY_CODE_LENGTH = 8
BASE32 = frozenset("abcdefghijklmnopqrstuvwxyz234567")
APP_NAME = "Authenticator app"  # the device's name, for the admin only
CODES_NAME = "Recovery codes"

# TOTPDevice's defaults: what every authenticator app expects.
STEP, DIGITS, TOLERANCE = 30, 6, 1


@dataclass(frozen=True)
class FactorStatus:
    """What the security page shows of a person's second factor."""

    app: TOTPDevice | None
    codes_left: int

    @property
    def is_set_up(self) -> bool:
        return self.app is not None


def factor_status(person: User) -> FactorStatus:
    """The person's confirmed app and how many unused recovery codes they hold
    (two queries)."""
    app = TOTPDevice.objects.devices_for_user(person, confirmed=True).order_by("pk").first()
    codes_left = StaticToken.objects.filter(device__user=person, device__confirmed=True).count() if app else 0
    return FactorStatus(app=app, codes_left=codes_left)


def has_factor(person: User) -> bool:
    """Has the person a confirmed second factor, so that signing in asks for it?"""
    return TOTPDevice.objects.devices_for_user(person, confirmed=True).exists()


# --- Setting up the app -------------------------------------------------------------------


def new_app_key() -> str:
    """A fresh secret for an authenticator app (20 random bytes, hex), kept in
    the session until the person confirms it with a code."""
    return secrets.token_hex(20)


def readable_key(key: str) -> str:
    """The secret as apps ask for it when it is typed: base 32, in groups of four."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def setup_address(person: User, key: str) -> str:
    """The otpauth:// address the QR code carries (Google's Key URI format)."""
    issuer = str(settings.OTP_TOTP_ISSUER).replace(":", "")
    label = quote(f"{issuer}:{person.email}")
    params = urlencode({"secret": b32encode(unhexlify(key)).decode(), "digits": DIGITS, "period": STEP})
    return f"otpauth://totp/{label}?{params}&issuer={quote(issuer)}"


def setup_qr_svg(person: User, key: str) -> str:
    """The QR code of `setup_address`, drawn here as inline SVG (no request
    leaves the page, nothing needs JavaScript)."""
    qr = segno.make(setup_address(person, key), error="m")
    return qr.svg_inline(scale=5, dark="#000", light="#fff", title=_("QR code to scan with your authenticator app"))


def _time_step_of(key: str, code: str) -> int | None:
    """The time step at which `code` is the app's code for `key`, or None."""
    if not (code.isdigit() and len(code) == DIGITS):
        return None
    totp = TOTP(unhexlify(key), STEP, 0, DIGITS)
    totp.time = time.time()
    return totp.t() if totp.verify(int(code), TOLERANCE) else None


@transaction.atomic
def enrol_app(*, actor: User, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the app whose secret is `key` with a code it shows, give the
    person a first set of recovery codes and end their other sessions. Returns
    the app's device (which verified this session) and the codes, shown once.
    A wrong code changes nothing."""
    person = User.objects.select_for_update().get(pk=actor.pk)
    if has_factor(person):
        raise ValidationError(_("You already have an authenticator app. Remove it first to set up another."))
    step = _time_step_of(key, normalise_code(code))
    if step is None:
        wrong = _("That code is not the one your app shows. Check that you scanned this page's code and type it again.")
        raise ValidationError({"code": wrong})
    TOTPDevice.objects.devices_for_user(person, confirmed=None).delete()
    # `last_t`: the code that confirmed the app cannot sign anyone in again.
    app = TOTPDevice.objects.create(user=person, name=APP_NAME, key=key, confirmed=True, last_t=step)
    codes = _replace_recovery_codes(person)
    _end_sessions(person)
    actor.session_epoch = person.session_epoch  # the view keeps the asking session with the new hash
    record_event(person=person, actor=actor, verb=Event.Verb.FACTOR_ADDED)
    return app, codes


# --- Recovery codes ------------------------------------------------------------------------


def _replace_recovery_codes(person: User) -> list[str]:
    StaticDevice.objects.filter(user=person).delete()
    device = StaticDevice.objects.create(user=person, name=CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=token) for token in codes)
    return codes


@transaction.atomic
def renew_recovery_codes(*, actor: User) -> list[str]:
    """Replace the person's recovery codes with a new set (the old ones stop
    working); returns them, shown once."""
    person = User.objects.select_for_update().get(pk=actor.pk)
    if not has_factor(person):
        raise ValidationError(_("Set up an authenticator app first: recovery codes go with it."))
    codes = _replace_recovery_codes(person)
    record_event(person=person, actor=actor, verb=Event.Verb.RECOVERY_CODES_RENEWED)
    return codes


# --- Checking a code -----------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """People type codes with spaces, hyphens and capitals; the codes have none."""
    return "".join(ch for ch in str(code) if ch.isalnum()).lower()[:16]


def verify_code(*, person: User, code: str) -> Device:
    """The device that accepts `code`: six digits are checked against the app,
    anything else against the recovery codes (used up when it matches). Each
    device slows down after a wrong code (django-otp's throttling: 1, 2, 4…
    seconds). Raises ValidationError with the reason otherwise."""
    code = normalise_code(code)
    if code.isdigit() and len(code) == DIGITS:
        devices = TOTPDevice.objects.devices_for_user(person, confirmed=True)
    elif len(code) == RECOVERY_CODE_LENGTH and set(code) <= BASE32:
        devices = StaticDevice.objects.devices_for_user(person, confirmed=True)
    else:  # could never match: no device counts it against the person
        devices = StaticDevice.objects.none()
    with transaction.atomic():
        for device in devices.select_for_update():
            allowed, why = device.verify_is_allowed()
            if not allowed:
                wait = max(1, math.ceil((why["locked_until"] - timezone.now()).total_seconds()))
                raise ValidationError(
                    ngettext(
                        "Too many wrong codes. Wait %(seconds)d second and try again.",
                        "Too many wrong codes. Wait %(seconds)d seconds and try again.",
                        wait,
                    )
                    % {"seconds": wait}
                )
            if device.verify_token(code):
                return device
    raise ValidationError(
        _("That code is not right. Type the 6 digits your app shows now, or one of your recovery codes.")
    )


def check_confirmation(*, person: User, secret: str) -> None:
    """Raise ValidationError unless `secret` is the person's password or a
    valid code: what removing the factor asks for."""
    if secret and person.check_password(secret):
        return
    try:
        verify_code(person=person, code=secret)
    except ValidationError:
        raise ValidationError(_("That is neither your password nor a valid code.")) from None


# --- Removing or resetting the factor --------------------------------------------------------


@transaction.atomic
def remove_factor(*, actor: User) -> None:
    """The person removes their own second factor (having typed their password
    or a code); their other sessions end."""
    person = User.objects.select_for_update().get(pk=actor.pk)
    if not _delete_devices(person):
        raise ValidationError(_("You have no second factor to remove."))
    _end_sessions(person)
    actor.session_epoch = person.session_epoch
    record_event(person=person, actor=actor, verb=Event.Verb.FACTOR_REMOVED)


@transaction.atomic
def reset_factor(*, actor: User, person: User) -> bool:
    """A platform administrator removes another person's second factor (a lost
    phone, no recovery codes left): every session of that person ends, and
    they sign in with their password alone until they set it up again. False
    when the person had none."""
    access.require_platform_staff(actor)
    person = User.objects.select_for_update().get(pk=person.pk)
    if not _delete_devices(person):
        return False
    _end_sessions(person)
    record_event(person=person, actor=actor, verb=Event.Verb.FACTOR_RESET, subject=person.email)
    return True


def _delete_devices(person: User) -> bool:
    apps = TOTPDevice.objects.filter(user=person).delete()[0]
    codes = StaticDevice.objects.filter(user=person).delete()[0]
    return bool(apps or codes)


# --- Sessions ------------------------------------------------------------------------------


def idle_timeout_words() -> str:
    """How long an unused session lasts, in words ("2 horas", "90 minutos")."""
    minutes = max(1, int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _end_sessions(person: User) -> None:
    User.objects.filter(pk=person.pk).update(session_epoch=F("session_epoch") + 1)
    person.refresh_from_db(fields=["session_epoch"])


@transaction.atomic
def end_all_sessions(*, actor: User) -> None:
    """ "Sign out on every device": every session of the person ends, this one
    included."""
    _end_sessions(actor)
    record_event(person=actor, actor=actor, verb=Event.Verb.SESSIONS_ENDED)


def sign_out_everywhere(*, person: User) -> None:
    """Signing out anywhere signs the person out everywhere (a shared school
    computer, a lost phone). Not audited: it is every sign-out."""
    _end_sessions(person)


@transaction.atomic
def password_changed(*, actor: User | None, person: User) -> None:
    """Audit a new password (changed by the person signed in, or set through
    the reset link they were e-mailed). Django's own session hash already ends
    the person's other sessions; the change view keeps the one it answered."""
    record_event(person=person, actor=actor, verb=Event.Verb.PASSWORD_CHANGED)


def account_deactivated(*, person: User) -> None:
    """A deactivated account's sessions end now (Django already refuses an
    inactive person's session) and stay ended if it is turned on again."""
    _end_sessions(person)
