import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from communities.services.security import idle_timeout_words


class ChosenLanguageMiddleware:
    """Mexican Spanish unless the person chose another language with the switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    many school computers and phones are set up in English, and the product
    speaks Spanish to everyone who has not asked otherwise.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "").lower()
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class PrivatePagesMiddleware:
    """Every page answered to a signed-in person shows their own content
    (journal entries, exports, evidence, survey results): `Cache-Control:
    private, no-store`, so that on a shared school computer nothing of it stays
    in the browser's cache after signing out. A response that chose its own
    caching keeps it; static files never reach this (WhiteNoise answers first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "private, no-store"
        return response


class RequestSizeMiddleware:
    """Refuse a request whose body is larger than `MAX_REQUEST_BYTES` before a
    byte of it is read (a 60 MB upload used to be read in full, then refused):
    413 with a page that says the limit. Nothing was saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            limit = filesizeformat(settings.MAX_REQUEST_BYTES - 1024 * 1024)
            response = render(request, "413.html", {"limit": limit}, status=413)
            response["Connection"] = "close"  # the rest of the body is never read
            return response
        return self.get_response(request)


class IdleSessionMiddleware:
    """Sign out a session unused for `SESSION_IDLE_TIMEOUT` (a shared school
    computer left signed in), saying so on the page that follows, which for
    every private page is the sign-in page.

    The last activity is kept to the minute, so the session is written at most
    once a minute, not on every request. htmx GET requests do not count: in
    this app they are all polls (a report's or an import's progress, the
    workshop room), which a page left open would send for ever."""

    KEY = "cas_last_seen"
    GRANULARITY = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    @classmethod
    def stamp_sign_in(cls, sender, request, user, **kwargs) -> None:
        """Signing in counts as activity, written with the new session (which
        Django saves anyway), so the first page after it writes nothing."""
        request.session[cls.KEY] = int(time.time())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(self.KEY)
            if isinstance(seen, int) and now - seen > settings.SESSION_IDLE_TIMEOUT.total_seconds():
                logout(request)
                messages.info(
                    request,
                    _("Your session was closed after %(duration)s without activity. Sign in again to go on.")
                    % {"duration": idle_timeout_words()},
                )
            elif not isinstance(seen, int) or (now - seen >= self.GRANULARITY and not self._is_poll(request)):
                request.session[self.KEY] = now
        return self.get_response(request)

    @staticmethod
    def _is_poll(request: HttpRequest) -> bool:
        return request.method == "GET" and request.headers.get("HX-Request") == "true"
