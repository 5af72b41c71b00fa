from contextvars import ContextVar
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from communities import extensions
from communities.models.community import Community, Phase
from communities.models.conditions import ConditionKind
from communities.models.delivery import Channel
from communities.models.journal import notice_kinds
from communities.models.meetings import Agreement, Attendance, SessionRole
from communities.models.phases import MilestoneKind
from communities.models.proposals import Proposal, ProposalVote
from communities.models.schools import School, StaffMembership


class Flag(models.TextChoices):
    """How a yes/no value reads in the activity (a condition in place or not)."""

    YES = "yes", _("in place")
    NO = "no", _("not yet")


class YesNo(models.TextChoices):
    """How a yes/no setting reads in the trail (a superuser flag edited in the admin)."""

    YES = "yes", _("yes")
    NO = "no", _("no")


# Set by `services.audit.anonymising()` (the one path that rewrites a row's
# texts) and `services.audit.backdating()` (the demo dating what it seeds):
# without it the trail only grows. PostgreSQL's trigger says the same (0022).
REWRITING: ContextVar[str] = ContextVar("audit_rewriting", default="")
REWRITABLE = {"anonymising": {"subject", "old_value", "new_value"}, "backdating": {"created_at"}}


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        if not set(kwargs) <= REWRITABLE.get(REWRITING.get(), set()):
            raise TypeError("The audit trail is append-only: events are never updated.")
        return super().update(**kwargs)

    def delete(self):
        raise TypeError("The audit trail is append-only: events are never deleted.")

    delete.queryset_only = True

    def for_reading(self) -> "EventQuerySet":
        """With everything a line of the trail names, fetched with the rows."""
        return self.select_related("actor", "person", "community__school", "school")

    def matching(
        self,
        *,
        verb: str = "",
        actor: str = "",
        person: str = "",
        school: str = "",
        community=None,
        since: date | None = None,
        until: date | None = None,
    ) -> "EventQuerySet":
        """The filters of the trail's pages: who acted and the person concerned
        by name or e-mail, a school by CCT or name (its own events and its CAS's),
        one CAS, a verb, and days in the schools' time zone (both included)."""
        rows = self
        if verb:
            rows = rows.filter(verb=verb)
        if actor:
            rows = rows.filter(models.Q(actor__email__icontains=actor) | models.Q(actor__full_name__icontains=actor))
        if person:
            rows = rows.filter(
                models.Q(person__email__icontains=person) | models.Q(person__full_name__icontains=person)
            )
        if school:
            rows = rows.filter(
                models.Q(school__cct__iexact=school)
                | models.Q(school__name__icontains=school)
                | models.Q(community__school__cct__iexact=school)
                | models.Q(community__school__name__icontains=school)
            )
        if community is not None:
            rows = rows.filter(community=community)
        if since:
            rows = rows.filter(created_at__gte=_start_of(since))
        if until:
            rows = rows.filter(created_at__lt=_start_of(until + timedelta(days=1)))
        return rows


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def event_verbs() -> list[tuple[str, str]]:
    """The core's verbs, then those the satellites registered (extensions.EventVerb)."""
    return [*Event.Verb.choices, *extensions.registry.event_verbs.items()]


class Event(models.Model):
    """Who did what in a community, and when: the audit trail and the
    community's recent activity. What happens at a school before or outside
    its CAS (a school registered, a person added to its staff) names the
    school instead of a community."""

    class Verb(models.TextChoices):
        CREATED = "created", _("created the CAS")
        INVITED = "invited", _("invited a teacher")
        INVITATION_REVOKED = "invitation_revoked", _("withdrew an invitation")
        JOINED = "joined", _("joined the CAS")
        DECLINED = "declined", _("declined the invitation")
        LEFT = "left", _("left the CAS")
        CAP_CHANGED = "cap_changed", _("changed the number of teachers")
        PROPOSED = "proposed", _("made a proposal")
        ADOPTED = "adopted", _("proposal adopted")
        REJECTED = "rejected", _("proposal not adopted")
        MILESTONE_COMPLETED = "milestone_completed", _("completed a milestone")
        PHASE_REQUESTED = "phase_requested", _("asked to move to the next phase")
        PHASE_APPROVED = "phase_approved", _("approved the phase change")
        PHASE_RETURNED = "phase_returned", _("returned the phase change")
        CONDITION_UPDATED = "condition_updated", _("updated a condition")
        MEETING_SCHEDULED = "meeting_scheduled", _("scheduled a meeting")
        MEETING_RESCHEDULED = "meeting_rescheduled", _("rescheduled a meeting")
        MEETING_CANCELLED = "meeting_cancelled", _("cancelled a meeting")
        MINUTES_WRITTEN = "minutes_written", _("wrote the minutes")
        AGREEMENT_ADDED = "agreement_added", _("recorded an agreement")
        AGREEMENT_CLOSED = "agreement_closed", _("closed an agreement")
        AGREEMENT_REOPENED = "agreement_reopened", _("reopened an agreement")
        GOAL_SET = "goal_set", _("set a goal")
        GOAL_PROGRESS = "goal_progress", _("recorded progress on a goal")
        VOTED = "voted", _("gave their opinion on a proposal")
        AGENDA_ITEM_ADDED = "agenda_item_added", _("added a topic to the agenda")
        AGENDA_REORDERED = "agenda_reordered", _("reordered the agenda")
        SESSION_ROLE_ASSIGNED = "session_role_assigned", _("named a session role")
        ATTENDANCE_RECORDED = "attendance_recorded", _("recorded attendance")
        MINUTES_APPROVED = "minutes_approved", _("approved the minutes")
        STRATEGY_ANALYSED = "strategy_analysed", _("analysed a Construye T strategy")
        SCHOOL_REGISTERED = "school_registered", _("registered the school")
        STAFF_ADDED = "staff_added", _("added a person to the school's staff")
        STAFF_ROLE_CHANGED = "staff_role_changed", _("changed a person's role at the school")
        STAFF_REMOVED = "staff_removed", _("removed a person from the school's staff")
        DIRECTOR_NAMED = "director_named", _("named the CAS's director")
        TUTOR_NAMED = "tutor_named", _("named the CAS's Construye T tutor")
        # A person's account and settings (Event.person), by themselves or in the admin.
        ACCOUNT_CREATED = "account_created", _("created the account")
        ACCOUNT_CHANGED = "account_changed", _("changed the account")
        ACCOUNT_DEACTIVATED = "account_deactivated", _("deactivated the account")
        ACCOUNT_REACTIVATED = "account_reactivated", _("reactivated the account")
        PLATFORM_ADMIN_GRANTED = "platform_admin_granted", _("made the person a platform administrator")
        PLATFORM_ADMIN_REVOKED = "platform_admin_revoked", _("withdrew the person's platform administration")
        NOTICES_CHANGED = "notices_changed", _("changed how a kind of notice arrives")
        # Any other record edited on the administration site (AuditedAdmin).
        ADMIN_ADDED = "admin_added", _("added in the administration site")
        ADMIN_CHANGED = "admin_changed", _("changed in the administration site")
        ADMIN_DELETED = "admin_deleted", _("deleted in the administration site")
        SUMMARY_WRITTEN = "summary_written", _("wrote the dissemination summary")
        SUMMARY_PUBLISHED = "summary_published", _("published the dissemination summary")
        SUMMARY_CORRECTED = "summary_corrected", _("corrected the published dissemination summary")
        # Many wrong passwords on one account from many addresses (communities.ratelimits).
        SIGN_IN_PAUSED = "sign_in_paused", _("paused sign-in after many wrong passwords")
        # What is done to a person's own account (Event.person).
        FACTOR_ADDED = "factor_added", _("set up the second factor")
        FACTOR_REMOVED = "factor_removed", _("removed the second factor")
        FACTOR_RESET = "factor_reset", _("reset another person's second factor")
        RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _("generated new recovery codes")
        SESSIONS_ENDED = "sessions_ended", _("signed out on every device")
        PASSWORD_CHANGED = "password_changed", _("changed the password")
        # Personal-data rights (services.privacy).
        DATA_REQUESTED = "data_requested", _("asked about their personal data")
        DATA_REQUEST_ANSWERED = "data_request_answered", _("answered a personal-data request")
        PERSON_ANONYMISED = "person_anonymised", _("anonymised the person's data")

    # PROTECT everywhere: a community, school or person with a history is never
    # deleted (their trail would go with it); they are closed, deactivated or
    # anonymised instead.
    community = models.ForeignKey(Community, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("For what happens at a school outside its CAS."),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account_events",
        help_text=_(
            "The person the change is about: their account, settings, second factor and sessions, "
            "and their memberships and roles."
        ),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the platform acted on its own."),
    )
    verb = models.CharField(_("what"), max_length=30, choices=event_verbs)
    subject = models.CharField(_("about"), max_length=300, blank=True)
    old_value = models.CharField(_("before"), max_length=300, blank=True)
    new_value = models.CharField(_("after"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity")
        ordering = ["-created_at", "-pk"]
        # The community page reads its community's latest events; the platform
        # overview the latest of all (the order above, ties on a date included).
        indexes = [
            models.Index(fields=["community", "-created_at", "-id"], name="event_community_latest_idx"),
            models.Index(fields=["-created_at", "-id"], name="event_latest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(community__isnull=False)
                | models.Q(school__isnull=False)
                | models.Q(person__isnull=False)
                | models.Q(actor__isnull=False),
                name="event_names_a_place_a_person_or_an_actor",
                violation_error_message=_(
                    "An event happens in a community, at a school or to a person's account; "
                    "one of the whole platform (a catalogue edited in the admin) names who did it."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor or 'CAS'} {self.get_verb_display()} {self.subject_display}".strip()

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding and not REWRITING.get():
            raise TypeError("The audit trail is append-only: events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit trail is append-only: events are never deleted.")

    @property
    def subject_display(self) -> str:
        """The subject in the reader's language: milestones, conditions and phases
        are stored as codes, people and proposals as written."""
        catalogue = {
            self.Verb.MILESTONE_COMPLETED: MilestoneKind,
            self.Verb.CONDITION_UPDATED: ConditionKind,
            self.Verb.PHASE_REQUESTED: Phase,
            self.Verb.PHASE_APPROVED: Phase,
            self.Verb.PHASE_RETURNED: Phase,
            self.Verb.SESSION_ROLE_ASSIGNED: SessionRole.Kind,
        }.get(self.verb)
        if catalogue is not None and self.subject in catalogue.values:
            return str(catalogue(self.subject).label)
        if self.verb == self.Verb.ACCOUNT_CHANGED and self.subject in ACCOUNT_FIELDS:
            return capfirst(self._meta.get_field("person").related_model._meta.get_field(self.subject).verbose_name)
        if self.verb == self.Verb.NOTICES_CHANGED:
            return str(dict(notice_kinds()).get(self.subject, self.subject))
        return self.subject

    @property
    def change_display(self) -> str:
        """ "before → after" in the reader's language, when a value changed."""
        if not (self.old_value or self.new_value):
            return ""
        if not self.old_value:  # a first value: a first vote, a first attendance
            return self._value_display(self.new_value)
        return f"{self._value_display(self.old_value)} → {self._value_display(self.new_value)}"

    def _value_display(self, value: str) -> str:
        if not value:
            return "—"
        if self.verb == self.Verb.ACCOUNT_CHANGED and self.subject == "language":
            return str(dict(settings.LANGUAGES).get(value, value))
        catalogue = VALUE_CATALOGUES.get(self.verb)
        if catalogue is not None and value in catalogue.values:
            return str(catalogue(value).label)
        return value


# The fields of a person's account an ACCOUNT_CHANGED event names by code (its
# subject), read as the field's label in the reader's language.
ACCOUNT_FIELDS = frozenset(
    {"full_name", "email", "language", "digest_hour", "password", "is_superuser", "groups", "user_permissions"}
)


# The codes an event stores as its before and after values, by verb.
VALUE_CATALOGUES = {
    Event.Verb.ATTENDANCE_RECORDED: Attendance.Status,
    Event.Verb.AGREEMENT_CLOSED: Agreement.Status,
    Event.Verb.AGREEMENT_REOPENED: Agreement.Status,
    Event.Verb.VOTED: ProposalVote.Choice,
    Event.Verb.CONDITION_UPDATED: Flag,
    Event.Verb.PHASE_APPROVED: Phase,
    Event.Verb.STAFF_ADDED: StaffMembership.Role,
    Event.Verb.STAFF_ROLE_CHANGED: StaffMembership.Role,
    Event.Verb.STAFF_REMOVED: StaffMembership.Role,
    Event.Verb.PHASE_REQUESTED: Phase,
    Event.Verb.ADOPTED: Proposal.Status,
    Event.Verb.REJECTED: Proposal.Status,
    Event.Verb.NOTICES_CHANGED: Channel,
    Event.Verb.ACCOUNT_CHANGED: YesNo,
    Event.Verb.ADMIN_CHANGED: YesNo,
}
