"""The privacy notice, and «Mis datos»: a person's download of everything the
app holds about them and their requests about it (derechos ARCO)."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from communities import extensions, personal_data
from communities.documents.personal_data import personal_data_pdf
from communities.forms.privacy import DataRequestForm
from communities.models import DataRequest
from communities.services import privacy
from communities.views.flow import submit


@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The full privacy notice (aviso de privacidad integral), for everyone."""
    parts = [part.label for part in extensions.personal_data_parts()]
    return render(request, "communities/privacy/notice.html", {"parts": parts})


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    """The person's downloads, their requests with their answers, and the form
    to ask for a correction, a cancellation or an opposition."""
    form = DataRequestForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda: privacy.request_data_change(
            actor=request.user, kind=form.cleaned_data["kind"], details=form.cleaned_data["details"]
        ),
        success=_("We received your request. You will see the answer here, within 20 working days."),
        then=reverse("my_data"),
    )
    if done:
        return done
    context = {"form": form, "requests": list(DataRequest.objects.of_person(request.user))}
    return render(request, "communities/privacy/my_data.html", context, status=400 if form.is_bound else 200)


def _download_name(extension: str) -> str:
    return f"mis-datos-cas-{timezone.localdate().isoformat()}.{extension}"


def _attachment(content: bytes, content_type: str, extension: str) -> HttpResponse:
    # Cache-Control: private, no-store comes from PrivatePagesMiddleware (a signed-in person).
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_download_name(extension)}"'
    return response


@login_required
@require_GET
def my_data_json(request: HttpRequest) -> HttpResponse:
    """Everything the app holds about the person, as JSON (portability)."""
    person = request.user
    document = {
        _("document"): _("Your personal data in CAS"),
        _("person"): person.full_name,
        _("e-mail address"): person.email,
        _("prepared on"): timezone.localtime().isoformat(timespec="seconds"),
        _("responsible party"): personal_data.controller().name,
        _("parts"): [
            {_("code"): part["code"], _("title"): part["title"], _("records"): part["records"]}
            for part in personal_data.collect(person)
        ],
    }
    content = json.dumps(document, ensure_ascii=False, indent=2).encode()
    return _attachment(content, "application/json; charset=utf-8", "json")


@login_required
@require_GET
def my_data_pdf(request: HttpRequest) -> HttpResponse:
    """The same as the JSON, to read and print."""
    content = personal_data_pdf(person=request.user, parts=personal_data.collect(request.user))
    return _attachment(content, "application/pdf", "pdf")
