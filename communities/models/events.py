from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities import extensions
from communities.models.community import Community, Phase
from communities.models.conditions import ConditionKind
from communities.models.meetings import Agreement, Attendance, SessionRole
from communities.models.phases import MilestoneKind
from communities.models.proposals import ProposalVote
from communities.models.schools import School, StaffMembership


class Flag(models.TextChoices):
    """How a yes/no value reads in the activity (a condition in place or not)."""

    YES = "yes", _("in place")
    NO = "no", _("not yet")


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
        SUMMARY_WRITTEN = "summary_written", _("wrote the dissemination summary")
        SUMMARY_PUBLISHED = "summary_published", _("published the dissemination summary")
        SUMMARY_CORRECTED = "summary_corrected", _("corrected the published dissemination summary")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("For what happens at a school outside its CAS."),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="account_events",
        help_text=_("For what is done to a person's own account: their second factor, sessions, settings."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
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

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(community__isnull=False)
                | models.Q(school__isnull=False)
                | models.Q(person__isnull=False),
                name="event_names_a_community_a_school_or_a_person",
                violation_error_message=_("An event happens in a community, at a school or to a person's account."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor or 'CAS'} {self.get_verb_display()} {self.subject_display}".strip()

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
        catalogue = VALUE_CATALOGUES.get(self.verb)
        if catalogue is not None and value in catalogue.values:
            return str(catalogue(value).label)
        return value


# The codes an event stores as its before and after values, by verb.
VALUE_CATALOGUES = {
    Event.Verb.ATTENDANCE_RECORDED: Attendance.Status,
    Event.Verb.AGREEMENT_CLOSED: Agreement.Status,
    Event.Verb.AGREEMENT_REOPENED: Agreement.Status,
    Event.Verb.VOTED: ProposalVote.Choice,
    Event.Verb.CONDITION_UPDATED: Flag,
    Event.Verb.PHASE_APPROVED: Phase,
    Event.Verb.STAFF_ADDED: StaffMembership.Role,
}
