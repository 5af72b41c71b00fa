"""Getting a school's people in: the platform admins' schools, a school's staff,
the imports and their progress, and the activation link."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseStopPolling

from communities import access, ratelimits
from communities.access import Need
from communities.activation import activation_tokens
from communities.forms.onboarding import ImportForm, SchoolForm, StaffMemberForm
from communities.models import ImportRun, StaffMembership
from communities.services.onboarding import (
    SCHOOL_COLUMNS,
    STAFF_COLUMNS,
    Written,
    add_staff_member,
    create_school,
    start_school_import,
    start_staff_import,
)
from communities.views.flow import submit
from communities.views.security import verified_factor_required

RECENT_IMPORTS = 10


def _to_run(run: ImportRun) -> str:
    return reverse("communities:import_detail", args=[run.pk])


# --- Platform admins: schools ------------------------------------------------------------------


@login_required
@verified_factor_required
@require_http_methods(["GET", "POST"])
def school_create(request: HttpRequest) -> HttpResponse:
    access.require_platform_staff(request.user)
    form = SchoolForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda: create_school(actor=request.user, **form.service_arguments()),
        success=lambda school: _("%(school)s was registered.") % {"school": school.name},
        then=lambda school: reverse("communities:school_staff", args=[school.pk]),
    )
    return done or render(request, "communities/onboarding/school_form.html", {"form": form})


@login_required
@verified_factor_required
@require_http_methods(["GET", "POST"])
def school_import(request: HttpRequest) -> HttpResponse:
    access.require_platform_staff(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    done = submit(
        request,
        form,
        lambda: start_school_import(actor=request.user, upload=form.cleaned_data["file"]),
        success=_("We received the file and are checking it."),
        then=_to_run,
    )
    context = {
        "form": form,
        "columns": SCHOOL_COLUMNS,
        "runs": ImportRun.objects.filter(kind=ImportRun.Kind.SCHOOLS).select_related("uploaded_by")[:RECENT_IMPORTS],
    }
    return done or render(request, "communities/onboarding/import_form.html", context)


# --- A school's staff -------------------------------------------------------------------------


def _added(written: Written) -> str:
    (person,) = written.users.values()
    if written.resent:
        return _("%(name)s was already on the staff; we sent them a new activation link.") % {"name": person}
    if written.new_accounts:
        return _("%(name)s was added. We sent them an e-mail to choose their password.") % {"name": person}
    return _("%(name)s already had a CAS account: they were added to the staff and told by e-mail.") % {"name": person}


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """The schools the person directs, each with a way to its staff."""
    schools = list(access.require_staff_manager(request.user))
    return render(request, "communities/onboarding/staff_home.html", {"schools": schools})


@login_required
@require_http_methods(["GET", "POST"])
def school_staff(request: HttpRequest, school_pk: int) -> HttpResponse:
    """Who works at the school, and the form to add one person."""
    school = access.get_school_for(request.user, school_pk, Need.STAFF)
    form = StaffMemberForm(request.POST or None, roles=access.grantable_roles(request.user, school))
    done = submit(
        request,
        form,
        lambda: add_staff_member(actor=request.user, school=school, **form.cleaned_data),
        success=_added,
        then=reverse("communities:school_staff", args=[school.pk]),
    )
    staff = StaffMembership.objects.filter(school=school).select_related("user").order_by("role", "user__full_name")
    context = {"school": school, "form": form, "staff": list(staff)}
    return done or render(request, "communities/onboarding/staff.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def staff_import(request: HttpRequest, school_pk: int) -> HttpResponse:
    school = access.get_school_for(request.user, school_pk, Need.STAFF)
    form = ImportForm(request.POST or None, request.FILES or None)
    done = submit(
        request,
        form,
        lambda: start_staff_import(actor=request.user, school=school, upload=form.cleaned_data["file"]),
        success=_("We received the file and are checking it."),
        then=_to_run,
    )
    context = {
        "form": form,
        "school": school,
        "columns": STAFF_COLUMNS,
        "runs": school.import_runs.select_related("uploaded_by")[:RECENT_IMPORTS],
    }
    return done or render(request, "communities/onboarding/import_form.html", context)


# --- An import and its progress ---------------------------------------------------------------


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_import_for(request.user, pk)
    return render(request, "communities/onboarding/import_detail.html", {"run": run})


@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of the import page that htmx asks for every two seconds; once
    the import is finished it answers 286, which stops the polling."""
    run = access.get_import_for(request.user, pk)
    response = render(request, "communities/onboarding/_import_status.html", {"run": run})
    if request.htmx and run.is_finished:
        return HttpResponseStopPolling(response.content)
    return response


# --- The activation link ------------------------------------------------------------------------


class ActivationView(auth_views.PasswordResetConfirmView):
    """Django's set-password page with the activation token: the link moves into
    the session, the person chooses a password, and is signed in."""

    token_generator = activation_tokens
    template_name = "communities/onboarding/activate.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("communities:home")

    def dispatch(self, *args, **kwargs):
        # Links that do not work are limited per IP and per account they name.
        uidb64 = kwargs["uidb64"]
        refused = ratelimits.activation_refusal(self.request, uidb64)
        if refused:
            return ratelimits.too_many(self.request, refused, "communities/onboarding/activation_limited.html")
        response = super().dispatch(*args, **kwargs)
        # A good link redirects (its token moves into the session) with validlink
        # still False; a bad one is the page that says it no longer works.
        if not self.validlink and response.status_code == 200:
            ratelimits.count_activation_failure(self.request, uidb64)
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is saved. From now on, sign in with your e-mail address."))
        return response
