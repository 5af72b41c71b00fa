"""The admin site: Django's, closed to a platform administrator until their
session is verified by their second factor (as django-otp's OTPAdminSite),
and signed into through the app's own sign-in, which asks for the code."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from communities.views.security import factor_detour


class CasAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and request.user.is_verified()

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """Signed out: the app's sign-in, with its rate limits and its second
        step. A platform administrator not yet verified: set up the factor or
        type its code. Anyone else signed in: Django's page, which says they
        may not enter."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(next_url, reverse("login"))
        return factor_detour(request, next_url) or super().login(request, extra_context)
