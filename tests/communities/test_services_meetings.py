from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from communities.models import Agreement, Attendance, Event, Meeting, MilestoneKind, SessionRole
from communities.services import meetings as services
from communities.services.phases import complete_milestone
from tests.conftest import held, schedule

pytestmark = pytest.mark.django_db


def test_scheduling_tells_the_members_and_records_it(cas, teacher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(cas, purpose="Planeación del semestre")
    assert meeting.status == Meeting.Status.SCHEDULED
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([cas.tutor.email, teacher.email])  # not the director who scheduled it
    assert mail.outbox[0].subject.startswith("Sesión de la CAS el ")
    assert Event.objects.filter(community=cas, verb=Event.Verb.MEETING_SCHEDULED).exists()


def test_end_before_start_or_a_past_start_is_refused(cas):
    start = timezone.now() + timedelta(days=2)
    with pytest.raises(ValidationError) as excinfo:
        services.schedule_meeting(
            actor=cas.director,
            community=cas,
            purpose="X",
            starts_at=start,
            ends_at=start - timedelta(hours=1),
            place="A",
        )
    assert excinfo.value.message_dict["ends_at"] == ["La sesión debe terminar después de empezar."]
    past = timezone.now() - timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        services.schedule_meeting(
            actor=cas.director, community=cas, purpose="X", starts_at=past, ends_at=past + timedelta(hours=1), place="A"
        )
    assert excinfo.value.message_dict["starts_at"] == ["La sesión no puede empezar en el pasado."]
    with pytest.raises(ValidationError) as excinfo:
        services.schedule_meeting(
            actor=cas.director, community=cas, purpose="X", starts_at=start, ends_at=start + timedelta(hours=1)
        )
    assert "place" in excinfo.value.message_dict
    assert not Meeting.objects.exists()


def test_only_the_director_and_the_tutor_schedule(cas, teacher):
    schedule(cas, actor=cas.tutor)
    with pytest.raises(PermissionDenied):
        schedule(cas, actor=teacher)


def test_rescheduling_and_cancelling_raise_the_sequence_and_tell_the_members(
    cas, teacher, django_capture_on_commit_callbacks
):
    meeting = schedule(cas)
    later = meeting.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.reschedule_meeting(
            actor=cas.director,
            meeting=meeting,
            purpose=meeting.purpose,
            starts_at=later,
            ends_at=later + timedelta(hours=2),
            place="Aula 3",
        )
        meeting = services.cancel_meeting(actor=cas.director, meeting=meeting, reason="Suspensión de clases")
    assert (meeting.sequence, meeting.status, meeting.place) == (2, Meeting.Status.CANCELLED, "Aula 3")
    subjects = [m.subject for m in mail.outbox if m.to == [teacher.email]]
    assert subjects[0].startswith("Cambio: la sesión de la CAS ahora es el")
    assert subjects[1] == f"Cancelada: sesión de la CAS «{meeting.purpose}»"
    with pytest.raises(ValidationError):
        services.cancel_meeting(actor=cas.director, meeting=meeting)


def test_members_add_agenda_items_before_it_starts_and_the_scheduler_reorders(cas, teacher, outsider):
    meeting = schedule(cas)
    first = services.add_agenda_item(actor=teacher, meeting=meeting, title="Evidencias de la lección")
    second = services.add_agenda_item(actor=cas.director, meeting=meeting, title="Calendario")
    services.move_agenda_item(actor=cas.director, item=second, up=True)
    assert list(meeting.agenda.values_list("pk", flat=True)) == [second.pk, first.pk]
    with pytest.raises(PermissionDenied):
        services.move_agenda_item(actor=teacher, item=first, up=True)
    with pytest.raises(PermissionDenied):
        services.add_agenda_item(actor=outsider, meeting=meeting, title="Intruso")
    held(meeting)
    with pytest.raises(ValidationError, match="antes de que empiece"):
        services.add_agenda_item(actor=teacher, meeting=meeting, title="Tarde")


def test_attendance_only_for_members_once_started(cas, teacher, outsider):
    meeting = schedule(cas)
    services.assign_session_roles(actor=cas.director, meeting=meeting, people={SessionRole.Kind.MINUTES: teacher})
    with pytest.raises(ValidationError, match="una vez que la sesión empezó"):
        services.record_attendance(actor=teacher, meeting=meeting, statuses={teacher.pk: "present"})
    held(meeting)
    with pytest.raises(ValidationError) as excinfo:
        services.record_attendance(
            actor=teacher, meeting=meeting, statuses={teacher.pk: "present", outsider.pk: "present"}
        )
    assert outsider.full_name in excinfo.value.messages[0]
    assert not Attendance.objects.exists()
    services.record_attendance(
        actor=teacher, meeting=meeting, statuses={teacher.pk: "present", cas.tutor.pk: "excused"}
    )
    assert dict(meeting.attendance.values_list("person_id", "status")) == {
        teacher.pk: "present",
        cas.tutor.pk: "excused",
    }


def test_the_relator_writes_minutes_and_members_approve_them(cas, teacher, colleague):
    meeting = held(schedule(cas))
    with pytest.raises(PermissionDenied):
        services.write_minutes(actor=teacher, meeting=meeting, text="Acta")
    services.assign_session_roles(actor=cas.director, meeting=meeting, people={SessionRole.Kind.MINUTES: teacher})
    services.write_minutes(actor=teacher, meeting=meeting, text="Revisamos las metas.")
    services.approve_minutes(actor=cas.director, meeting=meeting)
    services.approve_minutes(actor=cas.director, meeting=meeting)  # once is enough
    assert not services.minutes_are_approved(meeting)  # one of three
    services.approve_minutes(actor=cas.tutor, meeting=meeting)
    assert services.minutes_are_approved(meeting)
    services.write_minutes(actor=teacher, meeting=meeting, text="Revisamos las metas y el calendario.")
    assert not services.minutes_are_approved(meeting)  # a new text needs approval again
    with pytest.raises(PermissionDenied):
        services.approve_minutes(actor=colleague, meeting=meeting)


def test_agreements_need_a_member_owner_and_a_sensible_date(cas, teacher, outsider):
    meeting = held(schedule(cas))
    day = timezone.localtime(meeting.starts_at).date()
    with pytest.raises(ValidationError) as excinfo:
        services.add_agreement(
            actor=cas.director,
            meeting=meeting,
            text="Traer evidencias",
            owner=outsider,
            due_date=day - timedelta(days=1),
        )
    assert set(excinfo.value.message_dict) == {"owner", "due_date"}
    assert excinfo.value.message_dict["owner"] == ["La persona responsable debe ser integrante de esta CAS."]
    agreement = services.add_agreement(
        actor=cas.director, meeting=meeting, text="Traer evidencias", owner=teacher, due_date=day + timedelta(days=15)
    )
    assert agreement.status == Agreement.Status.PENDING


def test_pending_agreements_go_on_the_next_agenda(cas, teacher):
    first = held(schedule(cas), days_ago=20)
    day = timezone.localtime(first.starts_at).date()
    open_one = services.add_agreement(
        actor=cas.director, meeting=first, text="Entrevistar tutores", owner=teacher, due_date=day + timedelta(days=15)
    )
    done = services.add_agreement(
        actor=cas.director, meeting=first, text="Subir rúbrica", owner=teacher, due_date=day + timedelta(days=15)
    )
    services.set_agreement_status(actor=teacher, agreement=done, status=Agreement.Status.DONE)

    following = schedule(cas)
    reviews = list(following.agenda.filter(review_of__isnull=False).values_list("review_of_id", flat=True))
    assert reviews == [open_one.pk]
    assert services.carry_pending_agreements(meeting=following) == 0  # idempotent

    later = services.add_agreement(
        actor=cas.director, meeting=first, text="Nuevo acuerdo", owner=teacher, due_date=day + timedelta(days=30)
    )
    assert following.agenda.filter(review_of=later).exists()


def test_only_the_owner_or_the_schedulers_close_an_agreement(cas, teacher, school):
    from tests.conftest import join, more_teachers

    other = more_teachers(school, 1)[0]
    join(cas, other)
    meeting = held(schedule(cas))
    agreement = services.add_agreement(
        actor=cas.director, meeting=meeting, text="Algo", owner=teacher, due_date=timezone.localdate()
    )
    with pytest.raises(PermissionDenied):
        services.set_agreement_status(actor=other, agreement=agreement, status=Agreement.Status.DONE)
    services.set_agreement_status(actor=teacher, agreement=agreement, status=Agreement.Status.DONE)
    agreement.refresh_from_db()
    assert agreement.closed_at is not None
    with pytest.raises(ValidationError):
        services.set_agreement_status(actor=teacher, agreement=agreement, status="maybe")


def test_a_held_meeting_with_minutes_and_agreements_proves_a_development_milestone(cas, teacher):
    from communities.models import Community, Phase

    Community.objects.filter(pk=cas.pk).update(phase=Phase.DEVELOPMENT)
    milestone = cas.milestones.get(kind=MilestoneKind.ACTIONS)
    meeting = held(schedule(cas))
    with pytest.raises(ValidationError) as excinfo:
        complete_milestone(actor=cas.director, milestone=milestone, meeting=meeting)
    assert "meeting" in excinfo.value.message_dict
    services.write_minutes(actor=cas.director, meeting=meeting, text="Definimos la metodología.")
    services.add_agreement(
        actor=cas.director, meeting=meeting, text="Aplicar la lección", owner=teacher, due_date=timezone.localdate()
    )
    complete_milestone(actor=cas.director, milestone=milestone, meeting=meeting)
    milestone.refresh_from_db()
    assert milestone.evidence_meeting == meeting
