from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communities import selectors
from communities.access import visible_practices
from communities.forms import FeedbackForm, PracticeFilterForm, PracticeForm, add_service_errors
from communities.models import Practice, PracticeUse
from communities.services import practices as services
from communities.uploads import download_response

PAGE_SIZE = 20


def _get_practice(user, pk: int) -> Practice:
    practice = (
        visible_practices(user)
        .select_related("author", "school", "community")
        .prefetch_related("skills", "files")
        .filter(pk=pk)
        .first()
    )
    if practice is None:
        raise Http404
    return practice


@login_required
def practice_list(request: HttpRequest) -> HttpResponse:
    form = PracticeFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    practices = (
        Practice.objects.none()
        if request.GET and not form.is_valid()
        else selectors.practices_for(request.user, filters)
    )
    page = Paginator(practices, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "communities/practices/list.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
@require_http_methods(["GET", "POST"])
def practice_create(request: HttpRequest) -> HttpResponse:
    if not request.user.staff_memberships.exists():
        raise PermissionDenied(_("Practices are shared by the staff of a school."))
    form = PracticeForm(request.POST or None, request.FILES or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        school = data.pop("school")
        try:
            practice = services.share_practice(actor=request.user, school=school, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your practice is in the bank."))
            return redirect("communities:practice", pk=practice.pk)
    return render(request, "communities/practices/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _get_practice(request.user, pk)
    if practice.author_id != request.user.pk:
        raise PermissionDenied(_("Only the author edits a practice."))
    initial = {name: getattr(practice, name) for name in ("kind", "title", "summary", "level", "grade", "subject")}
    initial |= {
        "duration": practice.duration,
        "steps": practice.steps,
        "materials": practice.materials,
        "scope": practice.scope,
        "school": practice.school_id,
        "skills": list(practice.skills.all()),
    }
    form = PracticeForm(request.POST or None, request.FILES or None, initial=initial, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("school")
        try:
            services.update_practice(actor=request.user, practice=practice, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Practice saved."))
            return redirect("communities:practice", pk=practice.pk)
    return render(request, "communities/practices/form.html", {"form": form, "practice": practice})


@login_required
@require_http_methods(["GET", "POST"])
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _get_practice(request.user, pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.give_practice_feedback(actor=request.user, practice=practice, body=form.cleaned_data["body"])
        messages.success(request, _("Thank you for your comment."))
        return redirect("communities:practice", pk=practice.pk)
    return render(
        request,
        "communities/practices/detail.html",
        {
            "practice": practice,
            "form": form,
            "feedback": practice.feedback.select_related("author"),
            "uses": practice.uses.count(),
            "used_by_me": PracticeUse.objects.filter(practice=practice, user=request.user).exists(),
        },
    )


@login_required
@require_POST
def practice_used(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _get_practice(request.user, pk)
    services.mark_practice_used(actor=request.user, practice=practice, used=request.POST.get("used") != "0")
    return redirect("communities:practice", pk=practice.pk)


@login_required
def practice_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    practice = _get_practice(request.user, pk)
    stored = practice.files.filter(pk=file_pk).first()
    if stored is None:
        raise Http404
    return download_response(stored.file, stored.original_name)
