"""Rate limits on the pages that take a secret from someone who is not signed in:
the sign-in, the password reset, the activation link, and (through `Limit`,
`refusal` and `hit`) the diagnostic's access codes.

Counters live in Django's cache (Redis in production), one per limit and
subject (an IP address, an e-mail address, an account), under a keyed hash of
the subject so that no address is ever a cache key. Each limit allows
`attempts` per `RATE_LIMIT_WINDOW` over a sliding window: the current fixed
window's count plus the previous one's, weighted by how much of it still
overlaps, so a burst across a window's edge is not let through twice.

A limit is counted on the subject as typed, whether an account or a code
exists or not, so its answer (429, the same page, the same wait) tells nothing
about existence. When the cache is unreachable every check passes: the pages
keep working without limits rather than failing (django-axes' lockout, kept in
the database, still holds)."""

import functools
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from communities.models.people import normalize_email_address

log = logging.getLogger(__name__)

KEY_SALT = "communities.ratelimits"


@dataclass(frozen=True)
class Limit:
    """`attempts` (read from the setting named `setting`, so that a test can
    change it) per RATE_LIMIT_WINDOW for one subject; 0 attempts turns it off."""

    scope: str
    setting: str

    @property
    def attempts(self) -> int:
        return getattr(settings, self.setting)

    @property
    def seconds(self) -> int:
        return max(1, int(settings.RATE_LIMIT_WINDOW.total_seconds()))


@dataclass(frozen=True)
class Refusal:
    """A limit is reached: `retry_after` seconds until the next attempt passes."""

    retry_after: int

    @property
    def minutes(self) -> int:
        # retry_after is one second past the exact wait, so that it is never early.
        return max(1, math.ceil((self.retry_after - 1) / 60))


# Sign-in: failures from one IP address whatever the account, and failures on
# one account from every address (django-axes locks an account per IP besides).
SIGN_IN_PER_IP = Limit("sign-in-ip", "RATE_LIMIT_SIGN_IN_PER_IP")
SIGN_IN_PER_ACCOUNT = Limit("sign-in-account", "RATE_LIMIT_SIGN_IN_PER_ACCOUNT")
# Password reset: every request counts, existing address or not.
PASSWORD_RESET_PER_IP = Limit("password-reset-ip", "RATE_LIMIT_PASSWORD_RESET_PER_IP")
PASSWORD_RESET_PER_ADDRESS = Limit("password-reset-address", "RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS")
# Activation links that do not work, per IP and per account they name.
ACTIVATION_PER_IP = Limit("activation-ip", "RATE_LIMIT_ACTIVATION_PER_IP")
ACTIVATION_PER_ACCOUNT = Limit("activation-account", "RATE_LIMIT_ACTIVATION_PER_ACCOUNT")


def client_ip(request: HttpRequest) -> str:
    """The client's address as django-axes reads it (AXES_IPWARE_* settings:
    X-Forwarded-For only behind TRUSTED_PROXY_COUNT proxies)."""
    return get_client_ip_address(request) or "unknown"


def _keys(limit: Limit, subject: str, now: float) -> tuple[str, str, float]:
    """The current and the previous window's keys, and how far into the current
    window `now` is (0–1)."""
    seconds = limit.seconds
    window = int(now // seconds)
    digest = salted_hmac(KEY_SALT, f"{limit.scope}\n{subject}").hexdigest()[:40]
    prefix = f"ratelimit:{limit.scope}"
    return f"{prefix}:{window}:{digest}", f"{prefix}:{window - 1}:{digest}", (now % seconds) / seconds


def refusal(limit: Limit, subject: str) -> Refusal | None:
    """A Refusal when `subject` has used up `limit`, without counting this look."""
    if limit.attempts <= 0:
        return None
    current_key, previous_key, elapsed = _keys(limit, subject, time.time())
    try:
        counts = cache.get_many([current_key, previous_key])
    except Exception:  # the cache is down: no limit rather than no page
        log.warning("Rate limit %s not checked: the cache is unreachable.", limit.scope, exc_info=True)
        return None
    current, previous = int(counts.get(current_key) or 0), int(counts.get(previous_key) or 0)
    allowed, seconds = limit.attempts, limit.seconds
    if previous * (1 - elapsed) + current < allowed:
        return None
    if current >= allowed:
        # Only once this window is the previous one, and enough of it has slid by.
        wait = (1 - elapsed) * seconds + (1 - allowed / current) * seconds
    else:
        wait = (1 - (allowed - current) / previous - elapsed) * seconds
    return Refusal(retry_after=math.floor(wait) + 1)


def hit(limit: Limit, subject: str) -> bool:
    """Count one attempt of `subject`; True when this one used up the limit (the
    next attempt will be refused), so that its consequence happens once."""
    if limit.attempts <= 0:
        return False
    current_key, previous_key, elapsed = _keys(limit, subject, time.time())
    try:
        cache.add(current_key, 0, timeout=2 * limit.seconds + 60)
        current = cache.incr(current_key)
        previous = int(cache.get(previous_key) or 0)
    except ValueError:  # expired between add and incr, or a cache that keeps nothing
        return False
    except Exception:
        log.warning("Rate limit %s not counted: the cache is unreachable.", limit.scope, exc_info=True)
        return False
    before = previous * (1 - elapsed) + current - 1
    return before < limit.attempts <= before + 1


def forget(limit: Limit, subject: str) -> None:
    """Start `subject` afresh (its owner proved who they are)."""
    current_key, previous_key, _elapsed = _keys(limit, subject, time.time())
    try:
        cache.delete_many([current_key, previous_key])
    except Exception:
        log.warning("Rate limit %s not reset: the cache is unreachable.", limit.scope, exc_info=True)


def first_refusal(*checks: tuple[Limit, str]) -> Refusal | None:
    """The longest wait among the limits reached (every limit is looked at, so
    the work does not depend on which one is reached)."""
    found = [refused for limit, subject in checks if (refused := refusal(limit, subject))]
    return max(found, key=lambda refused: refused.retry_after, default=None)


def too_many(request: HttpRequest, refused: Refusal, template: str, minutes_name: str = "minutes") -> HttpResponse:
    """The 429 page: `template` gets the minutes to wait as `minutes_name`."""
    response = render(request, template, {minutes_name: refused.minutes}, status=429)
    response["Retry-After"] = str(refused.retry_after)
    return response


# --- Sign-in --------------------------------------------------------------------------------


def sign_in_refusal(request: HttpRequest, address: str) -> Refusal | None:
    return first_refusal(
        (SIGN_IN_PER_IP, client_ip(request)),
        (SIGN_IN_PER_ACCOUNT, normalize_email_address(address)),
    )


def count_sign_in_failure(request: HttpRequest, address: str) -> bool:
    """Count a wrong password (or an unknown address) for the IP and the
    account; True when this failure paused the account."""
    hit(SIGN_IN_PER_IP, client_ip(request))
    return hit(SIGN_IN_PER_ACCOUNT, normalize_email_address(address))


def forget_sign_in_failures(address: str) -> None:
    forget(SIGN_IN_PER_ACCOUNT, normalize_email_address(address))


def limit_sign_in(view: Callable) -> Callable:
    """Answer a sign-in POST with the lockout page (429) while its IP or its
    account is over the limit, before any password is checked. The form counts
    the failures (`EmailAuthenticationForm.clean`) and refuses too, so the limit
    holds whatever view shows it."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            refused = sign_in_refusal(request, request.POST.get("username", ""))
            if refused:
                return too_many(request, refused, "registration/locked_out.html", "cooloff_minutes")
        return view(request, *args, **kwargs)

    return wrapper


# --- Password reset -------------------------------------------------------------------------


def limit_password_resets(view: Callable) -> Callable:
    """Count each reset request per IP and per address typed (existing or not)
    and answer 429, sending nothing, once either is over the limit."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            ip, address = client_ip(request), normalize_email_address(request.POST.get("email", ""))
            refused = first_refusal((PASSWORD_RESET_PER_IP, ip), (PASSWORD_RESET_PER_ADDRESS, address))
            if refused:
                return too_many(request, refused, "registration/password_reset_limited.html")
            hit(PASSWORD_RESET_PER_IP, ip)
            hit(PASSWORD_RESET_PER_ADDRESS, address)
        return view(request, *args, **kwargs)

    return wrapper


# --- Activation links -----------------------------------------------------------------------


def activation_refusal(request: HttpRequest, uidb64: str) -> Refusal | None:
    return first_refusal((ACTIVATION_PER_IP, client_ip(request)), (ACTIVATION_PER_ACCOUNT, uidb64.rstrip("=")))


def count_activation_failure(request: HttpRequest, uidb64: str) -> None:
    """A link that did not work (wrong, used or expired), for the IP and the account it names."""
    hit(ACTIVATION_PER_IP, client_ip(request))
    hit(ACTIVATION_PER_ACCOUNT, uidb64.rstrip("="))
