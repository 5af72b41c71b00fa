from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from communities.forms.accounts import NoticePreferencesForm
from communities.models import User
from communities.services import accounts, delivery, security
from communities.views.flow import submit


class LogoutView(auth_views.LogoutView):
    """Django's POST-only logout, telling the person it worked. Signing out
    here signs the person out on every device (a shared school computer)."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # A body Django cannot parse answers 400 here, before anything is ended.
        request.POST  # noqa: B018
        if request.user.is_authenticated:
            security.sign_out_everywhere(person=request.user)
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have signed out. See you soon."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own: this session stays signed in, the person's others end."""

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        response = super().form_valid(form)
        security.password_changed(actor=self.request.user, person=form.user)
        return response


@login_required
@require_http_methods(["GET", "POST"])
def notice_preferences(request: HttpRequest) -> HttpResponse:
    """How the person gets each kind of notice, and the hour of their digest."""
    form = NoticePreferencesForm(request.POST or None, person=request.user)
    done = submit(
        request,
        form,
        lambda: delivery.set_preferences(
            actor=request.user, channels=form.channels(), digest_hour=form.cleaned_data["digest_hour"]
        ),
        success=_("Saved: from now on you get your notices this way."),
        then=reverse("notice_preferences"),
    )
    return done or render(request, "registration/notice_preferences.html", {"form": form})


@csrf_exempt  # mail programs post the one-click unsubscribe (RFC 8058) without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link of every notice e-mail: it turns that kind of e-mail off without
    signing in (GET, and the POST mail programs send for List-Unsubscribe),
    and says what it did. A forged, altered or expired link changes nothing."""
    try:
        user_id, kind = delivery.read_unsubscribe_token(token[:400])
        person, label, was_on = delivery.turn_off(user_id=user_id, kind=kind)
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "registration/unsubscribe.html", {"valid": False}, status=400)
    context = {"valid": True, "person": person, "label": label, "was_on": was_on}
    return render(request, "registration/unsubscribe.html", context)


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (a POST; a GET only leads back); for a
    signed-in person the choice is also kept with their account, for the
    e-mails they get."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        accounts.set_language(actor=request.user, language=language)
    return response
