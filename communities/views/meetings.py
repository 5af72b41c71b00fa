"""Meetings: scheduling, the agenda, session roles, attendance, minutes and
agreements, the agreements board and the participation summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import access, ical, selectors
from communities.access import Need
from communities.forms.meetings import (
    AgendaItemForm,
    AgreementForm,
    AgreementStatusForm,
    AttendanceForm,
    CancelMeetingForm,
    MeetingForm,
    MinutesForm,
    SessionRolesForm,
)
from communities.models import Meeting
from communities.services import meetings as services
from communities.views.flow import submit


def _meeting_url(meeting: Meeting) -> str:
    return reverse("communities:meeting", args=[meeting.community_id, meeting.pk])


@login_required
def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    community = access.get_community_for(request.user, pk, Need.VIEW)
    context = {"community": community, **selectors.meetings_page(community)}
    return render(request, "communities/meetings/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    community = access.get_community_for(request.user, pk, Need.LEAD)
    form = MeetingForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda: services.schedule_meeting(actor=request.user, community=community, **form.service_arguments()),
        success=_("Meeting scheduled. We told the members by e-mail."),
        then=_meeting_url,
    )
    return done or render(request, "communities/meetings/form.html", {"community": community, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = access.get_meeting_for(request.user, pk, meeting_pk, Need.LEAD)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    done = submit(
        request,
        form,
        lambda: services.reschedule_meeting(actor=request.user, meeting=meeting, **form.service_arguments()),
        success=_("Meeting changed. We told the members by e-mail."),
        then=_meeting_url,
    )
    context = {"community": meeting.community, "form": form, "meeting": meeting}
    return done or render(request, "communities/meetings/form.html", context)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = access.get_meeting_for(request.user, pk, meeting_pk, Need.LEAD)
    form = CancelMeetingForm(request.POST)
    if not form.is_valid():
        return _render_meeting(request, meeting, status=400, cancel_form=form)
    return submit(
        request,
        None,
        lambda: services.cancel_meeting(actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]),
        success=_("Meeting cancelled. We told the members by e-mail."),
        then=_meeting_url(meeting),
    )


def _render_meeting(request: HttpRequest, meeting: Meeting, status: int = 200, **forms) -> HttpResponse:
    page = selectors.meeting_page(meeting, request.user)
    recorded = {person.pk: row.status for person, row in page["attendance"] if row}
    members = page["members"]
    context = {
        "community": meeting.community,
        "meeting": meeting,
        **page,
        "cancel_form": forms.get("cancel_form") or CancelMeetingForm(),
        "agenda_form": forms.get("agenda_form") or AgendaItemForm(),
        "roles_form": forms.get("roles_form") or SessionRolesForm(members=members, current=page["role_ids"]),
        "attendance_form": forms.get("attendance_form") or AttendanceForm(members=members, recorded=recorded),
        "minutes_form": forms.get("minutes_form") or MinutesForm(initial={"minutes": meeting.minutes}),
        "agreement_form": forms.get("agreement_form") or AgreementForm(members=members, meeting=meeting),
    }
    return render(request, "communities/meetings/detail.html", context, status=status)


@login_required
def meeting_detail(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return _render_meeting(request, access.get_meeting_for(request.user, pk, meeting_pk, Need.VIEW))


@login_required
@require_GET
def meeting_ics(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = access.get_meeting_for(request.user, pk, meeting_pk, Need.VIEW)
    body = ical.calendar([meeting], name=str(meeting.community))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sesion-cas-{meeting.pk}.ics"'
    return response


def _post_on_meeting(request, pk, meeting_pk, *, need, form_name, make_form, action, success) -> HttpResponse:
    """The meeting page's forms: authorise, validate, call the service; on
    refusal, the meeting page again with the errors next to the fields."""
    meeting = access.get_meeting_for(request.user, pk, meeting_pk, need)
    form = make_form(meeting)
    done = submit(request, form, lambda: action(meeting, form), success=success, then=_meeting_url(meeting))
    return done or _render_meeting(request, meeting, status=400, **{form_name: form})


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return _post_on_meeting(
        request,
        pk,
        meeting_pk,
        need=Need.PARTICIPATE,
        form_name="agenda_form",
        make_form=lambda meeting: AgendaItemForm(request.POST),
        action=lambda meeting, form: services.add_agenda_item(
            actor=request.user, meeting=meeting, title=form.cleaned_data["title"]
        ),
        success=_("Topic added to the agenda."),
    )


@login_required
@require_POST
def agenda_move(request: HttpRequest, pk: int, meeting_pk: int, item_pk: int) -> HttpResponse:
    meeting = access.get_meeting_for(request.user, pk, meeting_pk, Need.LEAD)
    item = get_object_or_404(meeting.agenda, pk=item_pk)
    return submit(
        request,
        None,
        lambda: services.move_agenda_item(actor=request.user, item=item, up=request.POST.get("direction") == "up"),
        success=_("Agenda reordered."),
        then=_meeting_url(meeting),
    )


@login_required
@require_POST
def roles_assign(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return _post_on_meeting(
        request,
        pk,
        meeting_pk,
        need=Need.LEAD,
        form_name="roles_form",
        make_form=lambda meeting: SessionRolesForm(request.POST, members=list(meeting.community.members()), current={}),
        action=lambda meeting, form: services.assign_session_roles(
            actor=request.user, meeting=meeting, people=form.cleaned_data
        ),
        success=_("Session roles saved."),
    )


@login_required
@require_POST
def attendance_record(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return _post_on_meeting(
        request,
        pk,
        meeting_pk,
        need=Need.RECORD,
        form_name="attendance_form",
        make_form=lambda meeting: AttendanceForm(request.POST, members=meeting.community.members(), recorded={}),
        action=lambda meeting, form: services.record_attendance(
            actor=request.user, meeting=meeting, statuses=form.statuses()
        ),
        success=_("Attendance saved."),
    )


@login_required
@require_POST
def minutes_write(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return _post_on_meeting(
        request,
        pk,
        meeting_pk,
        need=Need.RECORD,
        form_name="minutes_form",
        make_form=lambda meeting: MinutesForm(request.POST),
        action=lambda meeting, form: services.write_minutes(
            actor=request.user, meeting=meeting, text=form.cleaned_data["minutes"]
        ),
        success=_("Minutes saved. The members can now approve them."),
    )


@login_required
@require_POST
def minutes_approve(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = access.get_meeting_for(request.user, pk, meeting_pk, Need.PARTICIPATE)
    return submit(
        request,
        None,
        lambda: services.approve_minutes(actor=request.user, meeting=meeting),
        success=_("You approved the minutes."),
        then=_meeting_url(meeting),
    )


@login_required
@require_POST
def agreement_add(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    return _post_on_meeting(
        request,
        pk,
        meeting_pk,
        need=Need.RECORD,
        form_name="agreement_form",
        make_form=lambda meeting: AgreementForm(
            request.POST, members=list(meeting.community.members()), meeting=meeting
        ),
        action=lambda meeting, form: services.add_agreement(
            actor=request.user,
            meeting=meeting,
            text=form.cleaned_data["text"],
            owner=form.cleaned_data["owner"],
            due_date=form.cleaned_data["due_date"],
        ),
        success=_("Agreement recorded."),
    )


@login_required
@require_POST
def agreement_status(request: HttpRequest, pk: int, agreement_pk: int) -> HttpResponse:
    """Mark an agreement done, cancelled or pending again, from the board or
    from its meeting's page (`next_page=meeting`)."""
    community = access.get_community_for(request.user, pk, Need.PARTICIPATE)
    agreement = get_object_or_404(community.agreements, pk=agreement_pk)
    access.require(request.user, agreement, Need.UPDATE)
    if request.POST.get("next_page") == "meeting" and agreement.meeting_id:
        back = reverse("communities:meeting", args=[community.pk, agreement.meeting_id])
    else:
        back = reverse("communities:agreements", args=[community.pk])
    form = AgreementStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["status"]))
        return redirect(back)
    return submit(
        request,
        None,
        lambda: services.set_agreement_status(actor=request.user, agreement=agreement, **form.cleaned_data),
        success=_("Agreement updated."),
        then=back,
    )


@login_required
def agreement_board(request: HttpRequest, pk: int) -> HttpResponse:
    community = access.get_community_for(request.user, pk, Need.VIEW)
    context = {"community": community, **selectors.agreements_board(community, request.user)}
    return render(request, "communities/meetings/agreements.html", context)


@login_required
def participation(request: HttpRequest, pk: int) -> HttpResponse:
    community = access.get_community_for(request.user, pk, Need.LEAD)
    context = {"community": community, "rows": selectors.participation(community)}
    return render(request, "communities/meetings/participation.html", context)
