from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models.community import Community, Phase
from communities.models.goals import Goal, Skill
from communities.models.meetings import Meeting


class TeachingDimension(models.Model):
    """The six dimensions of teaching practice (Fierro et al.), as data."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("dimension of teaching practice")
        verbose_name_plural = _("dimensions of teaching practice")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class ReflectionPrompt(models.Model):
    """A question to start an entry from. Prompts of a phase are suggested to the
    CAS in that phase; satellites tie others to their own activities (the SEP
    workshop's work spaces, in workshops.models.PromptWorkSpace)."""

    text = models.CharField(_("question"), max_length=300)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, blank=True)
    is_active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("reflection prompt")
        verbose_name_plural = _("reflection prompts")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Visibility(models.TextChoices):
    PRIVATE = "private", pgettext_lazy("visibility", "Private (only me)")
    TUTOR = "tutor", pgettext_lazy("visibility", "Me and the tutor")
    COMMUNITY = "community", pgettext_lazy("visibility", "The whole CAS")


class Reflection(models.Model):
    """An entry of a teacher's journal (bitácora). Who may read it is decided
    in communities.access.visible_reflections, and only there."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="reflections", verbose_name=_("community")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections", verbose_name=_("author")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"), max_length=20000, help_text=_("You can use Markdown: **bold**, *italics*, lists.")
    )
    body_html = models.TextField(editable=False, blank=True)
    written_on = models.DateField(_("date"), default=timezone.localdate)
    visibility = models.CharField(_("who can read it"), max_length=10, choices=Visibility.choices)
    dimensions = models.ManyToManyField(
        TeachingDimension, related_name="reflections", blank=True, verbose_name=_("dimensions of practice")
    )
    skills = models.ManyToManyField(Skill, related_name="reflections", blank=True, verbose_name=_("Construye T skills"))
    prompt = models.ForeignKey(
        ReflectionPrompt, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("prompt")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="reflections", verbose_name=_("meeting")
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="reflections", verbose_name=_("goal")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["-written_on", "-pk"]
        indexes = [models.Index(fields=["community", "visibility", "written_on"], name="reflection_visibility_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.visibility != Visibility.PRIVATE


class ReflectionComment(models.Model):
    reflection = models.ForeignKey(
        Reflection, on_delete=models.CASCADE, related_name="comments", verbose_name=_("reflection")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user) -> "NotificationQuerySet":
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def about(self, *keys: str) -> "NotificationQuerySet":
        """The notices of one thing (an invitation, a proposal…), whoever got them."""
        return self.filter(key__in=keys)


class NoticeKind(models.TextChoices):
    """What a notice is about: most are something that waits on the person."""

    INVITATION = "invitation", pgettext_lazy("notice", "Invitation to answer")
    PROPOSAL = "proposal", pgettext_lazy("notice", "Proposal to vote on")
    MINUTES = "minutes", pgettext_lazy("notice", "Minutes to approve")
    PHASE_REVIEW = "phase_review", pgettext_lazy("notice", "Phase change to review")
    PHASE_RETURNED = "phase_returned", pgettext_lazy("notice", "Phase change returned")
    AGREEMENT_ASSIGNED = "agreement_assigned", pgettext_lazy("notice", "Agreement assigned")
    AGREEMENT_OVERDUE = "agreement_overdue", pgettext_lazy("notice", "Agreement overdue")
    COMMENT = "comment", pgettext_lazy("notice", "Comment")
    OTHER = "other", pgettext_lazy("notice", "Notice")
    # Reminders the platform sends on its own (services.reminders).
    MEETING_SOON = "meeting_soon", pgettext_lazy("notice", "Session tomorrow")
    MEETING_NOW = "meeting_now", pgettext_lazy("notice", "Session in an hour")
    AGREEMENT_DUE = "agreement_due", pgettext_lazy("notice", "Agreement due soon")
    JOURNAL_QUIET = "journal_quiet", pgettext_lazy("notice", "A week without writing in the journal")
    PHASE_WAITING = "phase_waiting", pgettext_lazy("notice", "Phase change waiting for days")
    INVITATION_WAITING = "invitation_waiting", pgettext_lazy("notice", "Invitation waiting for days")
    TUTOR_WEEKLY = "tutor_weekly", pgettext_lazy("notice", "The week in your schools (for tutors)")
    SUMMARY_PUBLISHED = "summary_published", pgettext_lazy("notice", "The CAS shared its results")
    DATA_REQUEST = "data_request", pgettext_lazy("notice", "Personal-data request")


def notice_kinds() -> list[tuple[str, str]]:
    """The core's kinds of notice, then those the satellites registered
    (extensions.NoticeKind)."""
    from communities import extensions

    own = set(NoticeKind.values)
    return [
        *NoticeKind.choices,
        *((kind.code, kind.label) for kind in extensions.registry.notice_kinds.values() if kind.code not in own),
    ]


class Notification(models.Model):
    """A line in a person's in-app notifications (avisos). `key` names the
    thing it is about (`proposal:12`), so the same notice is never left twice
    and the notices of a thing can be marked read once it is done. Notices
    from before keys existed have none (NULL, so they never collide)."""

    Kind = NoticeKind

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=notice_kinds, default=NoticeKind.OTHER)
    key = models.CharField(_("about"), max_length=100, null=True, blank=True)  # noqa: DJ001
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["key"], name="notification_key_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                name="one_notice_per_thing",
                violation_error_message=_("This person already has this notice."),
            ),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
