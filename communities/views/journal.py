from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import exports, selectors
from communities.access import visible_reflections
from communities.forms import CommentForm, JournalFilterForm, ReflectionForm, add_service_errors
from communities.models import Community, Notification, Reflection, ReflectionPrompt
from communities.services import journal as services

PAGE_SIZE = 20


def _get_reflection(user, pk: int) -> Reflection:
    """An entry the person may read; everything else is 404, so the existence of
    a private entry never shows."""
    entry = (
        visible_reflections(user)
        .select_related("author", "community__school", "community__tutor", "prompt", "meeting", "goal")
        .prefetch_related("dimensions", "skills__dimension")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def _writable_communities(user):
    return list(Community.objects.active().with_member(user).select_related("school").order_by("school__name"))


@login_required
def journal(request: HttpRequest) -> HttpResponse:
    form = JournalFilterForm(request.GET or None, authors=selectors.visible_authors(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    if request.GET and not form.is_valid():
        entries = Reflection.objects.none()
    else:
        entries = selectors.reflections_for(request.user, filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "communities/journal/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_write": bool(_writable_communities(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reflection_create(request: HttpRequest) -> HttpResponse:
    communities = _writable_communities(request.user)
    if not communities:
        raise PermissionDenied(_("You write in the journal once you belong to a CAS."))
    prompt = None
    if request.GET.get("prompt", "").isdigit():
        prompt = ReflectionPrompt.objects.filter(pk=request.GET["prompt"], is_active=True).first()
    initial = {"workspace": prompt.workspace} if prompt else {}
    form = ReflectionForm(request.POST or None, initial=initial, communities=communities)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.write_reflection(actor=request.user, prompt=prompt, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Entry saved."))
            return redirect("communities:reflection", pk=entry.pk)
    return render(request, "communities/journal/form.html", {"form": form, "prompt": prompt})


@login_required
@require_http_methods(["GET", "POST"])
def reflection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _get_reflection(request.user, pk)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_on_reflection(actor=request.user, reflection=entry, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Comment published."))
            return redirect("communities:reflection", pk=entry.pk)
    comments = entry.comments.select_related("author")
    return render(request, "communities/journal/detail.html", {"entry": entry, "form": form, "comments": comments})


@login_required
@require_http_methods(["GET", "POST"])
def reflection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _get_reflection(request.user, pk)
    if entry.author_id != request.user.pk:
        raise PermissionDenied(_("Only the author edits an entry."))
    initial = {
        "community": entry.community_id,
        "title": entry.title,
        "body": entry.body,
        "written_on": entry.written_on,
        "visibility": entry.visibility,
        "dimensions": list(entry.dimensions.all()),
        "skills": list(entry.skills.all()),
        "meeting": entry.meeting_id,
        "goal": entry.goal_id,
        "workspace": entry.workspace,
    }
    form = ReflectionForm(request.POST or None, initial=initial, communities=[entry.community])
    if request.method == "POST" and form.is_valid():
        try:
            services.update_reflection(actor=request.user, reflection=entry, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Entry saved."))
            return redirect("communities:reflection", pk=entry.pk)
    return render(request, "communities/journal/form.html", {"form": form, "entry": entry})


@login_required
@require_POST
def reflection_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _get_reflection(request.user, pk)
    services.delete_reflection(actor=request.user, reflection=entry)
    messages.success(request, _("Entry deleted."))
    return redirect("communities:journal")


def _own_entries(user) -> list[Reflection]:
    return list(
        Reflection.objects.filter(author=user).prefetch_related("dimensions", "skills").order_by("written_on", "pk")
    )


@login_required
@require_GET
def journal_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """All of the person's own entries, and nobody else's."""
    if fmt not in {"md", "pdf"}:
        raise Http404
    entries = _own_entries(request.user)
    if fmt == "md":
        response = HttpResponse(
            exports.journal_markdown(request.user, entries), content_type="text/markdown; charset=utf-8"
        )
    else:
        response = HttpResponse(exports.journal_pdf(request.user, entries), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mi-bitacora.{fmt}"'
    return response


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = list(Notification.objects.filter(recipient=request.user)[:50])
    services.mark_notifications_read(actor=request.user)
    return render(request, "communities/notifications.html", {"items": items})
