from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
