"""Signing in with a second factor, the account security page, and the gate
that keeps platform administrators out of their pages until their session is
verified by it.

Sign-in is two steps for a person with a factor: the password
(`SignInView`, Django's LoginView with `EmailAuthenticationForm`) leaves only
a pending sign-in in the session; the code (`sign_in_code`) signs them in.
"""

import time
from functools import wraps
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communities import access
from communities.forms.fields import add_service_errors
from communities.forms.security import EnrolAppForm, RemoveFactorForm, SignInCodeForm
from communities.models import User
from communities.services import security

# The person whose password was right, waiting for their code: {user, backend, since}.
PENDING_SIGN_IN = "cas_pending_sign_in"
PENDING_SECONDS = 10 * 60
# The secret of an app being set up, until a code confirms it.
APP_KEY = "cas_new_app_key"


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else resolve_url(default)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


# --- Signing in ------------------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    """The password step. A person without a second factor is signed in here;
    one with a factor goes on to the code, not yet signed in."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not security.has_factor(user):
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING_SIGN_IN] = {"user": user.pk, "backend": user.backend, "since": int(time.time())}
        return redirect(_with_next("login_code", self.get_success_url()))


def _pending_person(request: HttpRequest) -> tuple[User | None, dict | None]:
    """Who is to type a code: the person of a pending sign-in, or a signed-in
    person with a factor whose session it has not verified."""
    if request.user.is_authenticated:
        if not request.user.is_verified() and security.has_factor(request.user):
            return request.user, None
        return None, None
    pending = request.session.get(PENDING_SIGN_IN)
    if not isinstance(pending, dict) or time.time() - pending.get("since", 0) > PENDING_SECONDS:
        return None, None
    return User.objects.filter(pk=pending.get("user"), is_active=True).first(), pending


@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The second step: the app's code or a recovery code. Wrong codes get a
    message and slow down (django-otp's throttling per device); the person is
    signed in only once one is right."""
    person, pending = _pending_person(request)
    if person is None:
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        request.session.pop(PENDING_SIGN_IN, None)
        return redirect("login")
    next_url = _safe_next(request, settings.LOGIN_REDIRECT_URL)
    form = SignInCodeForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        if pending is not None:
            del request.session[PENDING_SIGN_IN]
            auth_login(request, person, backend=pending["backend"])  # a new session key
        else:
            request.session.cycle_key()
        django_otp.login(request, form.device)
        return redirect(next_url)
    status = 400 if form.is_bound else 200
    return render(request, "registration/login_code.html", {"form": form, "next": next_url}, status=status)


# --- The gate of the platform's pages ---------------------------------------------------------


def factor_detour(request: HttpRequest, next_url: str) -> HttpResponse | None:
    """Where a platform administrator whose session is not verified goes
    before a page of theirs: to set up their factor, or to type its code.
    None for everyone else (the page decides what they may see)."""
    user = request.user
    if not access.needs_second_factor(user) or user.is_verified():
        return None
    if security.has_factor(user):
        return redirect(_with_next("login_code", next_url))
    messages.info(request, _("Platform administrators need a second factor. Set it up to go on."))
    return redirect(_with_next("security_app", next_url))


def verified_factor_required(view):
    """For the platform administrator's pages (put it under login_required)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return factor_detour(request, request.get_full_path()) or view(request, *args, **kwargs)

    return wrapped


# --- The security page ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def security_home(request: HttpRequest) -> HttpResponse:
    """The person's second factor (how many recovery codes are left) and their sessions."""
    context = {"status": security.factor_status(request.user), "idle": security.idle_timeout_words()}
    return render(request, "communities/security/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def security_app(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret),
    then type the code the app shows. The codes shown next come once."""
    if security.has_factor(request.user):
        messages.info(request, _("You already have an authenticator app."))
        return redirect("security")
    next_url = _safe_next(request, "security")
    key = request.session.get(APP_KEY) or security.new_app_key()
    request.session[APP_KEY] = key
    form = EnrolAppForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            app, codes = security.enrol_app(actor=request.user, key=key, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            del request.session[APP_KEY]
            update_session_auth_hash(request, request.user)  # this session stays (a new key); the others end
            django_otp.login(request, app)
            messages.success(request, _("Your second factor is ready: from now on signing in asks for a code."))
            return _show_codes(request, codes, next_url)
    context = {
        "form": form,
        "qr": security.setup_qr_svg(request.user, key),
        "secret": security.readable_key(key),
        "next": next_url,
    }
    return render(request, "communities/security/app.html", context, status=400 if form.is_bound else 200)


def _show_codes(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    """The recovery codes, in this answer only: they are never shown again."""
    return render(request, "communities/security/codes.html", {"codes": codes, "next": next_url})


@login_required
@require_POST
def security_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes; the old ones stop working."""
    if not request.user.is_verified():
        if security.has_factor(request.user):
            return redirect(_with_next("login_code", reverse("security")))
        messages.error(request, _("Set up an authenticator app first: recovery codes go with it."))
        return redirect("security")
    codes = security.renew_recovery_codes(actor=request.user)
    return _show_codes(request, codes, reverse("security"))


@login_required
@require_http_methods(["GET", "POST"])
def security_remove(request: HttpRequest) -> HttpResponse:
    """Remove the second factor, after the password or a code."""
    if not security.has_factor(request.user):
        messages.info(request, _("You have no second factor to remove."))
        return redirect("security")
    form = RemoveFactorForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        security.remove_factor(actor=request.user)
        update_session_auth_hash(request, request.user)
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        messages.success(request, _("Your second factor was removed. Signing in asks only for your password."))
        return redirect("security")
    status = 400 if form.is_bound else 200
    return render(request, "communities/security/remove.html", {"form": form}, status=status)


@login_required
@require_POST
def security_sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """ "Cerrar sesión en todos mis dispositivos": this one included."""
    security.end_all_sessions(actor=request.user)
    logout(request)
    messages.success(request, _("You have signed out on all your devices."))
    return redirect("login")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset link; the new password is an account event too (the
    person's sessions end with their old password's hash)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        security.password_changed(actor=form.user, person=form.user)
        return response
