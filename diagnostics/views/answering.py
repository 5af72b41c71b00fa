"""The questionnaire answered online with an access code, without an account:
enter the code (or open the slip's QR address), answer one dimension per page,
come back later with the same code, and send once.

Plain forms that work without JavaScript. The pages keep no trace of who
answers: the draft is the code's, the response has only its day, and the
client's address is used only as a (hashed) cache key for the rate limit. An
unknown and a used code get the same page, status and work (`find_code`), and
failed attempts are limited per address."""

import functools
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from communities import ratelimits
from communities.forms.fields import add_service_errors
from diagnostics.forms import CodeForm, SectionForm
from diagnostics.models import AccessCode, Audience, normalize_code
from diagnostics.services import (
    INVALID_CODE,
    find_code,
    format_code,
    questionnaire,
    save_answers,
    submit_answers,
    unanswered_sections,
)

# Codes that do not work, per client address and from every address together
# (the core's limiter, settings RATE_LIMIT_DIAGNOSTIC_CODES_*); past either,
# every page that reads a code, a good one included, answers 429 until the
# window lets the next through. Only failures count, so a classroom behind one
# address answers freely.
CODE_FAILURES_PER_IP = ratelimits.Limit("diagnostic-codes-ip", "RATE_LIMIT_DIAGNOSTIC_CODES_PER_IP")
CODE_FAILURES_ALL = ratelimits.Limit("diagnostic-codes-all", "RATE_LIMIT_DIAGNOSTIC_CODES_ALL")
EVERY_ADDRESS = "*"


def _refusal(request: HttpRequest) -> ratelimits.Refusal | None:
    return ratelimits.first_refusal(
        (CODE_FAILURES_PER_IP, ratelimits.client_ip(request)), (CODE_FAILURES_ALL, EVERY_ADDRESS)
    )


def _count_failure(request: HttpRequest) -> None:
    ratelimits.hit(CODE_FAILURES_PER_IP, ratelimits.client_ip(request))
    ratelimits.hit(CODE_FAILURES_ALL, EVERY_ADDRESS)


def _too_many(request: HttpRequest, refused: ratelimits.Refusal) -> HttpResponse:
    return ratelimits.too_many(request, refused, "diagnostics/answer/too_many.html")


def _with_code(view: Callable) -> Callable:
    """Resolve the code in the address: 429 past the rate limit; the same 404
    page for an unknown and a used code; 403 with the reason when its campaign
    does not take answers today. The view gets the code and its canonical text."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, code: str, *args, **kwargs) -> HttpResponse:
        refused = _refusal(request)
        if refused:
            return _too_many(request, refused)
        found = find_code(code)
        if found is None:
            _count_failure(request)
            form = CodeForm()
            return render(request, "diagnostics/answer/enter.html", {"form": form, "invalid": INVALID_CODE}, status=404)
        refusal = found.campaign.answering_refusal()
        if refusal:
            return render(request, "diagnostics/answer/closed.html", {"message": refusal}, status=403)
        response = view(request, found, format_code(normalize_code(code)), *args, **kwargs)
        # A respondent's own answers, on what may be a shared school computer.
        response.headers.setdefault("Cache-Control", "private, no-store")
        return response

    return wrapper


@never_cache
@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method != "POST":
        return render(request, "diagnostics/answer/enter.html", {"form": form})
    refused = _refusal(request)
    if refused:
        return _too_many(request, refused)
    if form.is_valid():
        typed = form.cleaned_data["code"]
        if find_code(typed) is not None:
            return redirect("answer:start", code=format_code(normalize_code(typed)))
        form.add_error("code", str(INVALID_CODE))
    _count_failure(request)
    return render(request, "diagnostics/answer/enter.html", {"form": form}, status=400)


def _context(code: AccessCode, slug: str, sections: list, **extra) -> dict:
    return {
        "campaign": code.campaign,
        "school": code.campaign.school,
        "audience": Audience(code.audience).label,
        "slug": slug,
        "sections": sections,
        "total": len(sections),
        **extra,
    }


@never_cache
@require_GET
@_with_code
def start(request: HttpRequest, code: AccessCode, slug: str) -> HttpResponse:
    sections = questionnaire(version_id=code.campaign.version_id, audience=code.audience)
    missing = unanswered_sections(code, sections)
    if missing:
        next_url = reverse("answer:section", args=[slug, missing[0].number])
    else:
        next_url = reverse("answer:review", args=[slug])
    context = _context(
        code,
        slug,
        sections,
        next_url=next_url,
        started=bool(code.draft),
        questions=sum(len(s.items) for s in sections),
    )
    return render(request, "diagnostics/answer/start.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@_with_code
def section(request: HttpRequest, code: AccessCode, slug: str, number: int) -> HttpResponse:
    sections = questionnaire(version_id=code.campaign.version_id, audience=code.audience)
    if not 1 <= number <= len(sections):
        raise Http404
    page = sections[number - 1]
    initial = {f"item_{item.pk}": code.draft[str(item.pk)] for item in page.items if str(item.pk) in code.draft}
    form = SectionForm(request.POST or None, section=page, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_answers(code=code, section=page, values=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if number < len(sections):
                return redirect("answer:section", code=slug, number=number + 1)
            return redirect("answer:review", code=slug)
    context = _context(code, slug, sections, form=form, section=page)
    return render(request, "diagnostics/answer/section.html", context, status=400 if form.is_bound else 200)


@never_cache
@require_http_methods(["GET", "POST"])
@_with_code
def review(request: HttpRequest, code: AccessCode, slug: str) -> HttpResponse:
    """The last page: which sections are complete, and the button that sends."""
    sections = questionnaire(version_id=code.campaign.version_id, audience=code.audience)
    error = None
    if request.method == "POST":
        try:
            submit_answers(code=code)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            return redirect("answer:thanks")
    missing = {s.number for s in unanswered_sections(code, sections)}
    context = _context(code, slug, sections, missing=missing, error=error)
    return render(request, "diagnostics/answer/review.html", context, status=400 if error else 200)


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "diagnostics/answer/thanks.html")
