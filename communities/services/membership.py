import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from communities import access
from communities.access import Need
from communities.emails import queue_email
from communities.models import Community, Event, Invitation, Membership, StaffMembership, User
from communities.models.community import hash_token
from communities.services import notices
from communities.services.audit import record_event
from communities.services.phases import refresh_milestones_from_data

INVITATION_LIFETIME = timedelta(days=14)


def _locked(community: Community) -> Community:
    # Serialise writes that depend on how many teachers the CAS has.
    return Community.objects.select_for_update().select_related("school", "director").get(pk=community.pk)


def _ensure_open(community: Community) -> None:
    if not community.accepts_members:
        raise ValidationError(_("This CAS has concluded; it no longer takes new members."))


def _ensure_room(community: Community, message: str) -> None:
    if community.current_teacher_count() >= community.teacher_cap:
        raise ValidationError(message % {"cap": community.teacher_cap}, code="full")


def _teaches_at(user: User, community: Community) -> bool:
    return access.staff_with_role(community.school, StaffMembership.Role.TEACHER).filter(pk=user.pk).exists()


@transaction.atomic
def invite_teacher(*, actor: User, community: Community, teacher: User, message: str = "") -> Invitation:
    """Invite a teacher of the school to the CAS and e-mail them a personal,
    single-use link. Only the community's director invites."""
    community = _locked(community)
    access.require(actor, community, Need.MANAGE)
    _ensure_open(community)
    if not _teaches_at(teacher, community):
        raise ValidationError({"teacher": _("%(name)s is not a teacher at this school.") % {"name": teacher}})
    if community.memberships.current().filter(teacher=teacher).exists():
        raise ValidationError({"teacher": _("%(name)s already belongs to this CAS.") % {"name": teacher}})
    now = timezone.now()
    lapsed = community.invitations.filter(invitee=teacher).lapsed(now)
    notices.invitations_closed(invitations=lapsed)
    lapsed.update(status=Invitation.Status.EXPIRED)
    if community.invitations.filter(invitee=teacher, status=Invitation.Status.PENDING).exists():
        raise ValidationError({"teacher": _("%(name)s already has a pending invitation.") % {"name": teacher}})
    _ensure_room(community, _("The CAS already has its %(cap)s teachers; there is no room to invite anyone else."))

    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        community=community,
        invitee=teacher,
        invited_by=actor,
        message=message.strip(),
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    _mail_invitation(invitation, token)
    notices.invitation_sent(invitation=invitation)
    record_event(community=community, person=teacher, actor=actor, verb=Event.Verb.INVITED, subject=teacher.full_name)
    invitation.token = token  # only in memory: the e-mail is the one place it is written down
    return invitation


def _mail_invitation(invitation: Invitation, token: str) -> None:
    context = {
        "invitation": invitation,
        "community": invitation.community,
        "link": settings.SITE_URL + reverse("communities:invitation", args=[token]),
        "expires": formats.date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT"),
    }
    queue_email(
        to=invitation.invitee.email,
        subject=render_to_string("communities/email/invitation_subject.txt", context).strip(),
        body=render_to_string("communities/email/invitation.txt", context),
    )


def _answerable(invitation: Invitation, actor: User) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    access.require(actor, invitation, Need.ANSWER)
    messages = {
        Invitation.Status.ACCEPTED: _("You already accepted this invitation."),
        Invitation.Status.DECLINED: _("You already declined this invitation."),
        Invitation.Status.REVOKED: _("The director withdrew this invitation."),
    }
    if invitation.status in messages:
        raise ValidationError(messages[invitation.status], code="answered")
    if invitation.is_expired:
        raise ValidationError(
            _("This invitation expired on %(date)s. Ask the director for a new one.")
            % {"date": formats.date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")},
            code="expired",
        )
    return invitation


@transaction.atomic
def accept_invitation(*, actor: User, invitation: Invitation) -> Membership:
    """The invited teacher joins the CAS, if it still has room."""
    community = _locked(invitation.community)
    invitation = _answerable(invitation, actor)
    _ensure_open(community)
    if community.memberships.current().filter(teacher=actor).exists():
        raise ValidationError(_("You already belong to this CAS."))
    if not _teaches_at(actor, community):
        raise ValidationError(_("You are no longer registered as a teacher at this school."))
    _ensure_room(
        community,
        _("The CAS already has its %(cap)s teachers, so there is no room for you right now. Talk to the director."),
    )
    now = timezone.now()
    membership = Membership.objects.create(community=community, teacher=actor, joined_at=now)
    _answer(invitation, Invitation.Status.ACCEPTED, now)
    record_event(community=community, person=actor, actor=actor, verb=Event.Verb.JOINED, subject=actor.full_name)
    refresh_milestones_from_data(community=community)
    return membership


def _answer(invitation: Invitation, status: Invitation.Status, when: datetime) -> None:
    invitation.status = status
    invitation.responded_at = when
    invitation.save(update_fields=["status", "responded_at"])
    notices.invitation_closed(invitation=invitation)


@transaction.atomic
def decline_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    """The invited teacher says no; participation is voluntary."""
    invitation = _answerable(invitation, actor)
    _answer(invitation, Invitation.Status.DECLINED, timezone.now())
    record_event(
        community=invitation.community, person=actor, actor=actor, verb=Event.Verb.DECLINED, subject=actor.full_name
    )
    return invitation


@transaction.atomic
def revoke_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    """The director withdraws an invitation that has not been answered."""
    invitation = Invitation.objects.select_for_update().select_related("community", "invitee").get(pk=invitation.pk)
    access.require(actor, invitation.community, Need.MANAGE)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("Only a pending invitation can be withdrawn."))
    _answer(invitation, Invitation.Status.REVOKED, timezone.now())
    record_event(
        community=invitation.community,
        person=invitation.invitee,
        actor=actor,
        verb=Event.Verb.INVITATION_REVOKED,
        subject=invitation.invitee.full_name,
    )
    return invitation


@transaction.atomic
def leave_community(*, actor: User, community: Community) -> Membership:
    """A teacher leaves the CAS; the membership stays in the history."""
    access.require(actor, community, Need.LEAVE)
    membership = Membership.objects.select_for_update().current().filter(community=community, teacher=actor).first()
    if membership is None:
        raise ValidationError(_("You are not a member of this CAS."))
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    record_event(community=community, person=actor, actor=actor, verb=Event.Verb.LEFT, subject=actor.full_name)
    return membership


@transaction.atomic
def expire_invitations(*, now: datetime | None = None) -> int:
    """Mark unanswered invitations past their date as expired, and their
    notices read. Safe to repeat."""
    lapsed = Invitation.objects.lapsed(now)
    notices.invitations_closed(invitations=lapsed)
    return lapsed.update(status=Invitation.Status.EXPIRED)
