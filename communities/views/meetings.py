from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import ical, selectors
from communities.access import Need, can_record, get_community_for, members_of
from communities.forms import (
    AgendaItemForm,
    AgreementForm,
    AgreementStatusForm,
    AttendanceForm,
    MeetingForm,
    MinutesForm,
    SessionRolesForm,
    add_service_errors,
)
from communities.models import Community, Meeting
from communities.services import meetings as services


def _meeting_of(community: Community, meeting_pk: int) -> Meeting:
    meeting = community.meetings.filter(pk=meeting_pk).first()
    if meeting is None:
        raise Http404
    meeting.community = community  # already authorised and loaded with its school
    return meeting


def _back(meeting: Meeting) -> HttpResponse:
    return redirect("communities:meeting", pk=meeting.community_id, meeting_pk=meeting.pk)


@login_required
def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.VIEW)
    return render(
        request, "communities/meetings/list.html", {"community": community, **selectors.meetings_page(community)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.SCHEDULE)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.schedule_meeting(actor=request.user, community=community, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting scheduled. We told the members by e-mail."))
            return _back(meeting)
    return render(request, "communities/meetings/form.html", {"community": community, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.SCHEDULE)
    meeting = _meeting_of(community, meeting_pk)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.reschedule_meeting(actor=request.user, meeting=meeting, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting changed. We told the members by e-mail."))
            return _back(meeting)
    return render(request, "communities/meetings/form.html", {"community": community, "form": form, "meeting": meeting})


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.SCHEDULE)
    meeting = _meeting_of(community, meeting_pk)
    try:
        services.cancel_meeting(actor=request.user, meeting=meeting, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Meeting cancelled. We told the members by e-mail."))
    return _back(meeting)


def _render_meeting(request: HttpRequest, community: Community, meeting: Meeting, status: int = 200, **forms):
    page = selectors.meeting_page(meeting)
    recorded = {person.pk: row.status for person, row in page["attendance"] if row}
    context = {
        "community": community,
        "meeting": meeting,
        **page,
        "can_record": can_record(meeting, request.user),
        "agenda_form": forms.get("agenda_form") or AgendaItemForm(),
        "roles_form": forms.get("roles_form") or SessionRolesForm(members=page["members"], current=page["role_ids"]),
        "attendance_form": forms.get("attendance_form") or AttendanceForm(members=page["members"], recorded=recorded),
        "minutes_form": forms.get("minutes_form") or MinutesForm(initial={"minutes": meeting.minutes}),
        "agreement_form": forms.get("agreement_form") or AgreementForm(members=page["members"], meeting=meeting),
    }
    return render(request, "communities/meetings/detail.html", context, status=status)


@login_required
def meeting_detail(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.VIEW)
    return _render_meeting(request, community, _meeting_of(community, meeting_pk))


@login_required
@require_GET
def meeting_ics(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.VIEW)
    meeting = _meeting_of(community, meeting_pk)
    response = HttpResponse(ical.calendar([meeting], name=str(community)), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sesion-cas-{meeting.pk}.ics"'
    return response


def _post_to_meeting(request, pk, meeting_pk, *, need, form_name, make_form, action, success, recorder=False):
    """The shared shape of the meeting page's forms: authorise, validate, call the
    service; on refusal, the meeting page again with the errors next to the fields."""
    community = get_community_for(request.user, pk, need)
    meeting = _meeting_of(community, meeting_pk)
    if recorder and not can_record(meeting, request.user):
        raise PermissionDenied(_("The relator, the director or the tutor record what happened in the meeting."))
    form = make_form(community, meeting, request.POST)
    if form.is_valid():
        try:
            action(request.user, meeting, form.cleaned_data, form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return _back(meeting)
    return _render_meeting(request, community, meeting, status=400, **{form_name: form})


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return _post_to_meeting(
        request,
        pk,
        meeting_pk,
        need=Need.PARTICIPATE,
        form_name="agenda_form",
        make_form=lambda community, meeting, data: AgendaItemForm(data),
        action=lambda user, meeting, data, form: services.add_agenda_item(
            actor=user, meeting=meeting, title=data["title"]
        ),
        success=_("Topic added to the agenda."),
    )


@login_required
@require_POST
def agenda_move(request: HttpRequest, pk: int, meeting_pk: int, item_pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.SCHEDULE)
    meeting = _meeting_of(community, meeting_pk)
    item = meeting.agenda.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    services.move_agenda_item(actor=request.user, item=item, up=request.POST.get("direction") == "up")
    return _back(meeting)


@login_required
@require_POST
def roles_assign(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return _post_to_meeting(
        request,
        pk,
        meeting_pk,
        need=Need.SCHEDULE,
        form_name="roles_form",
        make_form=lambda community, meeting, data: SessionRolesForm(
            data, members=list(members_of(community)), current={}
        ),
        action=lambda user, meeting, data, form: services.assign_session_roles(
            actor=user, meeting=meeting, people=data
        ),
        success=_("Session roles saved."),
    )


@login_required
@require_POST
def attendance_record(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return _post_to_meeting(
        request,
        pk,
        meeting_pk,
        need=Need.VIEW,
        recorder=True,
        form_name="attendance_form",
        make_form=lambda community, meeting, data: AttendanceForm(data, members=members_of(community), recorded={}),
        action=lambda user, meeting, data, form: services.record_attendance(
            actor=user, meeting=meeting, statuses=form.statuses()
        ),
        success=_("Attendance saved."),
    )


@login_required
@require_POST
def minutes_write(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return _post_to_meeting(
        request,
        pk,
        meeting_pk,
        need=Need.VIEW,
        recorder=True,
        form_name="minutes_form",
        make_form=lambda community, meeting, data: MinutesForm(data),
        action=lambda user, meeting, data, form: services.write_minutes(
            actor=user, meeting=meeting, text=data["minutes"]
        ),
        success=_("Minutes saved. The members can now approve them."),
    )


@login_required
@require_POST
def minutes_approve(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.PARTICIPATE)
    meeting = _meeting_of(community, meeting_pk)
    try:
        services.approve_minutes(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You approved the minutes."))
    return _back(meeting)


@login_required
@require_POST
def agreement_add(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return _post_to_meeting(
        request,
        pk,
        meeting_pk,
        need=Need.VIEW,
        recorder=True,
        form_name="agreement_form",
        make_form=lambda community, meeting, data: AgreementForm(
            data, members=list(members_of(community)), meeting=meeting
        ),
        action=lambda user, meeting, data, form: services.add_agreement(
            actor=user, meeting=meeting, text=data["text"], owner=data["owner"], due_date=data["due_date"]
        ),
        success=_("Agreement recorded."),
    )


@login_required
@require_POST
def agreement_status(request: HttpRequest, pk: int, agreement_pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.PARTICIPATE)
    agreement = community.agreements.filter(pk=agreement_pk).first()
    if agreement is None:
        raise Http404
    form = AgreementStatusForm(request.POST)
    if form.is_valid():
        services.set_agreement_status(actor=request.user, agreement=agreement, status=form.cleaned_data["status"])
        messages.success(request, _("Agreement updated."))
    else:
        messages.error(request, _("Choose pending, done or cancelled."))
    if request.POST.get("next_page") == "meeting":
        return redirect("communities:meeting", pk=community.pk, meeting_pk=agreement.meeting_id)
    return redirect("communities:agreements", pk=community.pk)


@login_required
def agreement_board(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.VIEW)
    return render(
        request,
        "communities/meetings/agreements.html",
        {"community": community, **selectors.agreements_board(community, request.user)},
    )


@login_required
def participation(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.VIEW)
    if not community.permissions.schedule:
        raise PermissionDenied(_("The director and the tutor see the participation summary."))
    return render(
        request,
        "communities/meetings/participation.html",
        {"community": community, "rows": selectors.participation(community)},
    )
