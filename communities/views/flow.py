"""The two shapes every view of the app repeats, written once.

- `submit`: a form that writes. On a valid POST it calls the service; a
  ValidationError from the service goes next to the fields it names (the page
  is rendered again, as for invalid input); success flashes a message and
  redirects. Without a form (a button) a refusal is flashed instead.
- `filtered_page`: a list under a filter form, paginated. An invalid filter
  shows its errors and no rows, never the unfiltered list.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from communities.forms.fields import add_service_errors


def submit(
    request: HttpRequest,
    form: forms.Form | None,
    action: Callable[[], Any],
    *,
    success: str | Callable[[Any], str],
    then: str | Callable[[Any], str],
) -> HttpResponse | None:
    """Run `action` (a service call reading `form.cleaned_data`) for a valid POST.
    Returns the redirect on success; None when the caller must render the page
    (a GET, or errors now on the form). `then` is a URL or builds it from the
    action's result; so may `success`, the message."""
    if request.method != "POST":
        return None
    if form is not None and not form.is_valid():
        return None
    try:
        result = action()
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect(then(None) if callable(then) else then)
        add_service_errors(form, error)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(then(result) if callable(then) else then)


def filtered_page(
    request: HttpRequest, form: forms.Form, rows: Callable[[dict], QuerySet], *, per_page: int
) -> tuple[Page, str]:
    """The page of rows the filters select, and the query string (without the
    page number) that pagination links carry."""
    if form.is_bound and not form.is_valid():
        selected = rows({}).none()
    else:
        selected = rows(form.cleaned_data if form.is_bound else {})
    page = Paginator(selected, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
