"""The journal (bitácora): entries, comments, exports and notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import access, exports, extensions, selectors
from communities.access import Need
from communities.forms.fields import ModelChoiceField
from communities.forms.journal import CommentForm, JournalFilterForm, ReflectionForm
from communities.models import Reflection, ReflectionPrompt
from communities.services import journal as services
from communities.services import notices
from communities.views.flow import filtered_page, submit

PAGE_SIZE = 20


@login_required
def journal(request: HttpRequest) -> HttpResponse:
    visible = access.visible_reflections(request.user)
    form = JournalFilterForm(request.GET or None, authors=selectors.visible_authors(request.user, visible))
    page, query = filtered_page(
        request, form, lambda filters: selectors.reflections_for(request.user, filters, visible), per_page=PAGE_SIZE
    )
    entries = list(page)
    labels = extensions.entry_labels(entries)
    for entry in entries:
        entry.labels = labels.get(entry.pk, [])
    context = {
        "form": form,
        "page": page,
        "entries": entries,
        "query": query,
        "can_write": access.writes_in_journal(request.user),
        "panels": extensions.render_panels(request, "journal"),
    }
    return render(request, "communities/journal/list.html", context)


def _prompt_from(request: HttpRequest) -> ReflectionPrompt | None:
    """The prompt the entry starts from (`?prompt=`), if it is one still offered."""
    field = ModelChoiceField(queryset=ReflectionPrompt.objects.filter(is_active=True), required=False)
    try:
        return field.clean(request.GET.get("prompt"))
    except ValidationError:  # a stale or made-up link: the entry starts without a prompt
        return None


@login_required
@require_http_methods(["GET", "POST"])
def reflection_create(request: HttpRequest) -> HttpResponse:
    communities = access.require_journal_writer(request.user)
    prompt = _prompt_from(request)
    initial = {
        name: entry_field.initial_for_prompt(prompt)
        for name, entry_field in extensions.registry.entry_fields.items()
        if prompt is not None
    }
    form = ReflectionForm(request.POST or None, initial=initial, communities=communities)
    done = submit(
        request,
        form,
        lambda: services.write_reflection(actor=request.user, prompt=prompt, **form.service_arguments()),
        success=_("Entry saved."),
        then=lambda entry: reverse("communities:reflection", args=[entry.pk]),
    )
    return done or render(request, "communities/journal/form.html", {"form": form, "prompt": prompt})


@login_required
@require_http_methods(["GET", "POST"])
def reflection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.get_reflection_for(request.user, pk, Need.COMMENT if request.method == "POST" else Need.VIEW)
    form = CommentForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda: services.comment_on_reflection(actor=request.user, reflection=entry, **form.cleaned_data),
        success=_("Comment published."),
        then=reverse("communities:reflection", args=[entry.pk]),
    )
    entry.labels = extensions.entry_labels([entry]).get(entry.pk, [])
    context = {"entry": entry, "form": form, "comments": entry.comments.select_related("author")}
    return done or render(request, "communities/journal/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reflection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.get_reflection_for(request.user, pk, Need.EDIT)
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
    } | {name: entry_field.value_of(entry) for name, entry_field in extensions.registry.entry_fields.items()}
    form = ReflectionForm(request.POST or None, initial=initial, communities=[entry.community])

    def update():
        arguments = form.service_arguments()
        del arguments["community"]  # an entry stays in its CAS
        return services.update_reflection(actor=request.user, reflection=entry, **arguments)

    done = submit(
        request,
        form,
        update,
        success=_("Entry saved."),
        then=reverse("communities:reflection", args=[entry.pk]),
    )
    return done or render(request, "communities/journal/form.html", {"form": form, "entry": entry})


@login_required
@require_POST
def reflection_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.get_reflection_for(request.user, pk, Need.EDIT)
    return submit(
        request,
        None,
        lambda: services.delete_reflection(actor=request.user, reflection=entry),
        success=_("Entry deleted."),
        then=reverse("communities:journal"),
    )


@login_required
@require_GET
def journal_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """All of the person's own entries, and nobody else's."""
    if fmt not in {"md", "pdf"}:
        raise Http404
    entries = list(
        Reflection.objects.filter(author=request.user)
        .prefetch_related("dimensions", "skills")
        .order_by("written_on", "pk")
    )
    labels = extensions.entry_labels(entries)
    for entry in entries:
        entry.labels = labels.get(entry.pk, [])
    if fmt == "md":
        body = exports.journal_markdown(request.user, entries)
        response = HttpResponse(body, content_type="text/markdown; charset=utf-8")
    else:
        response = HttpResponse(exports.journal_pdf(request.user, entries), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mi-bitacora.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """The person's notices, unread first; a POST marks them all read."""
    if request.method == "POST":
        if notices.mark_all_read(actor=request.user):
            messages.success(request, _("All your notices are marked as read."))
        return redirect("communities:notifications")
    items = selectors.notices_page(request.user)
    context = {"items": items, "has_unread": any(item.is_unread for item in items)}
    return render(request, "communities/journal/notifications.html", context)


@login_required
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open one notice: it is marked read and leads to its thing. Only its
    recipient opens it; for anyone else it does not exist (404)."""
    notice = access.get_notice_for(request.user, pk)
    notices.open_notice(actor=request.user, notice=notice)
    if not url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()}):
        return redirect("communities:notifications")
    return redirect(notice.url)
