"""The bank of good practices."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communities import access, selectors
from communities.access import Need
from communities.forms.practices import FeedbackForm, PracticeFilterForm, PracticeForm
from communities.services import practices as services
from communities.uploads import download_response
from communities.views.flow import filtered_page, submit

PAGE_SIZE = 20


def _practice_url(practice) -> str:
    return reverse("communities:practice", args=[practice.pk])


@login_required
def practice_list(request: HttpRequest) -> HttpResponse:
    form = PracticeFilterForm(request.GET or None)
    page, query = filtered_page(
        request, form, lambda filters: selectors.practices_for(request.user, filters), per_page=PAGE_SIZE
    )
    context = {"form": form, "page": page, "query": query, "may_share": access.shares_practices(request.user)}
    return render(request, "communities/practices/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def practice_create(request: HttpRequest) -> HttpResponse:
    access.require_school_staff(request.user)
    form = PracticeForm(request.POST or None, request.FILES or None, actor=request.user)
    done = submit(
        request,
        form,
        lambda: services.share_practice(actor=request.user, **form.cleaned_data),
        success=_("Your practice is in the bank."),
        then=_practice_url,
    )
    return done or render(request, "communities/practices/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = access.get_practice_for(request.user, pk, Need.EDIT)
    form = PracticeForm(
        request.POST or None, request.FILES or None, initial=PracticeForm.initial_for(practice), actor=request.user
    )

    def update():
        arguments = dict(form.cleaned_data)
        del arguments["school"]  # a practice stays with the school it was shared from
        return services.update_practice(actor=request.user, practice=practice, **arguments)

    done = submit(request, form, update, success=_("Practice saved."), then=_practice_url(practice))
    return done or render(request, "communities/practices/form.html", {"form": form, "practice": practice})


@login_required
@require_http_methods(["GET", "POST"])
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = access.get_practice_for(request.user, pk, Need.VIEW)
    form = FeedbackForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda: services.give_practice_feedback(actor=request.user, practice=practice, **form.cleaned_data),
        success=_("Thank you for your comment."),
        then=_practice_url(practice),
    )
    context = {"practice": practice, "form": form, **selectors.practice_page(practice, request.user)}
    return done or render(request, "communities/practices/detail.html", context)


@login_required
@require_POST
def practice_used(request: HttpRequest, pk: int) -> HttpResponse:
    practice = access.get_practice_for(request.user, pk, Need.VIEW)
    used = request.POST.get("used") != "0"
    return submit(
        request,
        None,
        lambda: services.mark_practice_used(actor=request.user, practice=practice, used=used),
        success=_("Marked as used in your class.") if used else _("No longer marked as used."),
        then=_practice_url(practice),
    )


@login_required
def practice_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    practice = access.get_practice_for(request.user, pk, Need.VIEW)
    stored = get_object_or_404(practice.files, pk=file_pk)
    return download_response(stored.file, stored.original_name)
