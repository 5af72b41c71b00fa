"""How django-axes identifies and answers repeated failed sign-ins."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from communities.models.people import normalize_email_address


def attempted_email(request: HttpRequest, credentials: dict | None = None) -> str:
    """The address a sign-in attempt was for, normalised as accounts are, so that
    'ANA@x.mx' and 'ana@x.mx' count as the same account."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_email_address(raw)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page shown while an address is locked out from an IP address."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
