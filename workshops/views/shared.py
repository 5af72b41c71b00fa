"""A save of a text several people write (a space's synthesis, a proposal, the
calligram's commitment): like communities.views.flow.submit, but a save based
on an older revision renders the page again with both texts side by side,
what the person wrote kept in the form, now based on the saved revision."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from communities.forms.fields import add_service_errors
from workshops.services.common import EditConflict


def save_shared_text(
    request: HttpRequest,
    form: forms.Form,
    action: Callable[[], Any],
    *,
    success: str,
    then: str,
    page: Callable[[forms.Form, EditConflict | None], HttpResponse],
) -> HttpResponse:
    if not form.is_valid():
        return page(form, None)
    try:
        action()
    except EditConflict as conflict:
        conflict.rows = [
            (form.fields[name].label, value) for name, value in conflict.theirs.items() if name in form.fields
        ]
        form.data = form.data.copy()
        form.data[form.add_prefix("revision")] = str(conflict.revision)
        response = page(form, conflict)
        response.status_code = 409
        return response
    except ValidationError as error:
        add_service_errors(form, error)
        return page(form, None)
    messages.success(request, success)
    return redirect(then)


def bad_request(response: HttpResponse) -> HttpResponse:
    response.status_code = 400
    return response
