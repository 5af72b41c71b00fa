from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from communities.forms.accounts import SchoolAdminForm, UserAdminChangeForm, UserAdminCreationForm
from communities.models import (
    AgendaItem,
    Agreement,
    Attendance,
    CalendarFeed,
    Community,
    ConditionCheck,
    DiffusionSummary,
    DigestItem,
    Event,
    Goal,
    ImportRun,
    Invitation,
    Meeting,
    Membership,
    Milestone,
    MinutesApproval,
    NoticePreference,
    OutgoingEmail,
    PhaseReview,
    Practice,
    PracticeFeedback,
    PracticeFile,
    PracticeUse,
    ProgressUpdate,
    Proposal,
    ProposalVote,
    QueuedTask,
    Reflection,
    ReflectionComment,
    ReflectionPrompt,
    Reminder,
    Report,
    School,
    SessionRole,
    Skill,
    SkillDimension,
    StaffMembership,
    Strategy,
    StrategyAnalysis,
    TeachingDimension,
    User,
    Visibility,
)
from communities.models.community import is_current
from communities.models.goals import plain
from communities.services import admin_changes, security
from communities.services.communities import set_teacher_cap, validate_teacher_cap
from communities.services.phases import refresh_milestones_from_data


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is written by the services; admins read it here. Nor do they
    delete it: a deleted row would take its history (and whatever cascades from
    it) with it, and leave no audit row."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields if field.name not in (self.exclude or [])]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AuditedAdmin:
    """Put before `admin.ModelAdmin`: every add, change and delete made on the
    admin's pages (the form, its inlines, the list's editable columns, the
    delete action) leaves audit rows with the values before and after
    (`services.admin_changes`), in the same transaction as the write."""

    def save_model(self, request, obj, form, change) -> None:
        form._audit_before = admin_changes.before_saving(obj) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)  # many-to-many and inlines saved
        before = getattr(form, "_audit_before", None)
        admin_changes.record_saved(actor=request.user, obj=form.instance, before=before)

    def save_formset(self, request, form, formset, change) -> None:
        deleted = {id(row) for row in formset.deleted_forms}
        added = [row for row in formset.extra_forms if row.has_changed() and id(row) not in deleted]
        changed = [
            (row, admin_changes.before_saving(row.instance))
            for row in formset.initial_forms
            if row.has_changed() and id(row) not in deleted
        ]
        for row in formset.deleted_forms:
            if row.instance.pk is not None:
                admin_changes.record_deleted(actor=request.user, obj=row.instance)
        super().save_formset(request, form, formset, change)
        for row in added:
            admin_changes.record_saved(actor=request.user, obj=row.instance, before=None)
        for row, before in changed:
            admin_changes.record_saved(actor=request.user, obj=row.instance, before=before)

    def delete_model(self, request, obj) -> None:
        admin_changes.record_deleted(actor=request.user, obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            admin_changes.record_deleted(actor=request.user, obj=obj)
        super().delete_queryset(request, queryset)


class StaffMembershipInline(admin.TabularInline):
    model = StaffMembership
    extra = 0
    autocomplete_fields = ["user", "school"]


class DraftOnlyInline(admin.TabularInline):
    """Rows of a `FinalOncePublished` version (an instrument's items, a workshop
    template's spaces): editable while it is a draft, read-only once published."""

    extra = 0

    def _final(self, obj) -> bool:
        return obj is not None and obj.is_published

    def has_add_permission(self, request, obj=None) -> bool:
        return not self._final(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._final(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._final(obj) and super().has_delete_permission(request, obj)


class FinalOncePublishedAdmin(AuditedAdmin, admin.ModelAdmin):
    """A versioned definition: a draft is edited on its page; a published one
    opens read-only and is never deleted. Two actions call the app's services:
    `new_draft(actor=, version=)` and `publish(actor=, version=)`."""

    readonly_fields = ["status", "published_at"]
    actions = ["make_new_draft", "publish_drafts"]
    new_draft = None
    publish = None

    def has_change_permission(self, request, obj=None) -> bool:
        return not (obj is not None and obj.is_published) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not (obj is not None and obj.is_published) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a published version is never deleted
        return actions

    @admin.action(description=_("Make a new draft from the selected version"), permissions=["add"])
    def make_new_draft(self, request, queryset) -> None:
        for version in queryset:
            draft = type(self).new_draft(actor=request.user, version=version)
            self.log_addition(request, draft, [{"added": {}}])
            self.message_user(request, _("%(draft)s was created.") % {"draft": draft})

    @admin.action(description=_("Publish the selected drafts"), permissions=["change"])
    def publish_drafts(self, request, queryset) -> None:
        for version in queryset:
            try:
                with transaction.atomic():
                    type(self).publish(actor=request.user, version=version)
            except ValidationError as error:
                self.message_user(request, f"{version}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.log_change(request, version, _("Published."))


class ReadOnlyInline(admin.TabularInline):
    """The rows of a history shown on their parent's page. `select_related`
    names the objects each row shows, fetched with the rows."""

    extra = 0
    can_delete = False
    select_related: tuple[str, ...] = ()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.select_related)

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class CalendarFeedInline(ReadOnlyInline):
    """Whether the person follows their sessions in a calendar app; the secret
    address itself is theirs alone and is not shown."""

    model = CalendarFeed
    fields = ["address_since"]

    @admin.display(description=_("calendar address created or last reset"))
    def address_since(self, feed: CalendarFeed):
        return feed.created_at


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser", "staff_memberships__role"]
    search_fields = ["email", "full_name"]  # trigram indexes on PostgreSQL (migration 0025)
    ordering = ["full_name", "email"]  # user_name_email_idx: a page is read from the index
    show_full_result_count = False  # no second COUNT of every account under a search
    list_per_page = 50  # half of Django's 100 rows: rendering them was most of the page, on a phone too
    readonly_fields = ["last_login", "date_joined"]
    inlines = [StaffMembershipInline, CalendarFeedInline]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "usable_password", "password1", "password2"]}),
    ]

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # the new password was saved
            admin_changes.record_password_set(actor=request.user, person=self.get_object(request, unquote(id)))
        return response

    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset the second factor (a lost phone)"))
    def reset_second_factor(self, request, queryset) -> None:
        """The person signs in with their password alone until they set up a
        new app; each reset is in their account's activity."""
        done = [person for person in queryset if security.reset_factor(actor=request.user, person=person)]
        if done:
            names = ", ".join(str(person) for person in done)
            self.message_user(request, _("Second factor reset for: %(names)s.") % {"names": names}, messages.SUCCESS)
        else:
            self.message_user(request, _("None of them had a second factor."), messages.WARNING)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            security.account_deactivated(person=obj)


# The devices hold each person's secret: an administrator resets a factor from
# the person's page (the action above), never reads or edits it.
for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)


@admin.register(School)
class SchoolAdmin(AuditedAdmin, admin.ModelAdmin):
    form = SchoolAdminForm
    list_display = ["name", "cct", "state", "municipality", "level", "shift", "staff_count", "form_cas"]
    list_filter = ["state", "level", "shift"]
    search_fields = ["name", "cct", "municipality"]  # trigram indexes on PostgreSQL (migration 0025)
    readonly_fields = ["created_at", "updated_at"]
    inlines = [StaffMembershipInline]
    show_full_result_count = False
    list_per_page = 50  # as the people's list

    def get_queryset(self, request):
        # Counted per shown row in a subquery: a GROUP BY over every school's
        # staff would be read before the page could be cut.
        staff = StaffMembership.objects.filter(school=OuterRef("pk")).order_by().values("school")
        return (
            super()
            .get_queryset(request)
            .annotate(_staff_count=Coalesce(Subquery(staff.annotate(n=Count("pk")).values("n")), 0))
        )

    @admin.display(description=_("staff"), ordering="_staff_count")
    def staff_count(self, school: School) -> int:
        return school._staff_count

    @admin.display(description=_("CAS"))
    def form_cas(self, school: School) -> str:
        return format_html('<a href="{}">{}</a>', reverse("communities:create", args=[school.pk]), _("Form a CAS"))


@admin.register(StaffMembership)
class StaffMembershipAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["user", "school", "role", "created_at"]
    list_filter = ["role", "school__state"]
    list_select_related = ["user", "school"]
    search_fields = ["user__email", "user__full_name", "school__name", "school__cct"]
    autocomplete_fields = ["user", "school"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(QueuedTask)
class QueuedTaskAdmin(ReadOnlyAdmin):
    """Work handed (or still to hand) to the workers: a row left unsent says the
    broker was away when it was asked for; beat hands it over once it is back."""

    list_display = ["task", "dedup_key", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = ["task", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["dedup_key"]
    date_hierarchy = "created_at"


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    """The outbox's state. An unsent message's text may hold a password-reset or
    activation link, so the text is not shown (the outbox erases it once sent)."""

    list_display = ["to", "subject", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = ["sent_at"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    exclude = ["body", "html_body"]


class ProposalVoteInline(ReadOnlyInline):
    model = ProposalVote
    fields = ["voter", "choice", "comment", "voted_at"]
    select_related = ("voter",)


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["teacher", "joined_at", "left_at"]
    select_related = ("teacher",)


class InvitationInline(ReadOnlyInline):
    model = Invitation
    fields = ["invitee", "status", "created_at", "expires_at", "responded_at"]
    select_related = ("invitee",)


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ["kind", "phase", "completed_at", "completed_by", "evidence_text", "evidence_url"]
    select_related = ("completed_by",)


class PhaseReviewInline(ReadOnlyInline):
    model = PhaseReview
    fields = ["from_phase", "to_phase", "status", "requested_by", "requested_at", "reviewed_by", "review_comment"]
    select_related = ("requested_by", "reviewed_by")


class DiffusionSummaryInline(ReadOnlyInline):
    """The director writes and publishes it from the site (publishing tells
    the school and completes a milestone); admins read it here."""

    model = DiffusionSummary
    fields = ["headline", "message", "status", "published_at", "published_by", "updated_by", "updated_at"]
    select_related = ("published_by", "updated_by")


class CommunityAdminForm(forms.ModelForm):
    class Meta:
        model = Community
        fields = ["teacher_cap"]

    def clean_teacher_cap(self) -> int:
        cap = self.cleaned_data["teacher_cap"]
        try:
            validate_teacher_cap(self.instance, cap)
        except ValidationError as error:
            raise ValidationError(error.message_dict["teacher_cap"]) from None
        return cap


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    """CAS are formed from the site (by the director, or by an admin from the
    school's page); here admins inspect them and change the teacher cap."""

    form = CommunityAdminForm
    list_display = ["school", "school_cct", "school_state", "school_year", "phase", "teacher_count", "teacher_cap"]
    list_filter = ["phase", "school_year", "school__state", "school__level"]
    list_select_related = ["school"]
    search_fields = ["school__name", "school__cct", "director__email", "tutor__email"]
    readonly_fields = ["school", "school_year", "director", "tutor", "phase", "closed_at", "created_by", "created_at"]
    fields = readonly_fields + ["teacher_cap"]
    inlines = [MembershipInline, InvitationInline, MilestoneInline, PhaseReviewInline, DiffusionSummaryInline]
    actions = ["complete_proved_milestones"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(_teachers=Count("memberships", filter=is_current("memberships__")))
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # A CAS's record (its meetings, agreements, journal, history) would go with it.
        return False

    @admin.action(description=_("Complete the milestones their data already proves"), permissions=["change"])
    def complete_proved_milestones(self, request, queryset) -> None:
        """For a proof registered after the data was there: the same check the
        services make after each write (the platform completes; no one signs)."""
        for community in queryset:
            with transaction.atomic():
                refresh_milestones_from_data(community=community)
        self.message_user(request, _("Checked the milestones of the selected CAS against their data."))

    @admin.display(description=_("CCT"), ordering="school__cct")
    def school_cct(self, community: Community) -> str:
        return community.school.cct

    @admin.display(description=_("state"), ordering="school__state")
    def school_state(self, community: Community) -> str:
        return community.school.get_state_display()

    @admin.display(description=_("teachers"), ordering="_teachers")
    def teacher_count(self, community: Community) -> int:
        return community._teachers

    def save_model(self, request, obj, form, change) -> None:
        set_teacher_cap(actor=request.user, community=obj, cap=form.cleaned_data["teacher_cap"])


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["invitee", "community", "status", "created_at", "expires_at", "responded_at"]
    list_filter = ["status"]
    list_select_related = ["invitee", "community__school"]
    search_fields = ["invitee__email", "invitee__full_name", "community__school__name"]
    exclude = ["token_hash"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["text", "kind", "status", "community", "proposed_by", "created_at"]
    inlines = [ProposalVoteInline]
    list_filter = ["kind", "status"]
    list_select_related = ["community__school", "proposed_by"]
    search_fields = ["text", "community__school__name"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    """The audit trail, read only: not even a superuser adds, changes or
    deletes an event (no delete action either); on PostgreSQL a trigger refuses
    it too. The staff page /staff/audit/ reads the same rows in words."""

    list_display = ["created_at", "actor", "verb", "subject_display", "change_display", "person", "community", "school"]
    list_filter = ["verb", ("school", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["community__school", "school", "actor", "person"]
    search_fields = [
        "subject",
        "old_value",
        "new_value",
        "actor__email",
        "actor__full_name",
        "person__email",
        "person__full_name",
        "community__school__name",
        "community__school__cct",
        "school__name",
        "school__cct",
    ]
    date_hierarchy = "created_at"

    @admin.display(description=_("before → after"))
    def change_display(self, event: Event) -> str:
        return event.change_display


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    """Lists of schools or of a school's staff imported from the site, with their
    bad rows. The uploaded file stays out of the web root, so it is not linked."""

    list_display = ["original_name", "kind", "school", "uploaded_by", "status", "total", "added", "error_count"]
    list_filter = ["kind", "status"]
    list_select_related = ["school", "uploaded_by"]
    search_fields = ["original_name", "school__name", "school__cct", "uploaded_by__email"]
    date_hierarchy = "created_at"
    exclude = ["file"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["teacher", "community", "joined_at", "left_at"]
    list_filter = [("left_at", admin.EmptyFieldListFilter), "community__school__state"]
    list_select_related = ["teacher", "community__school"]
    search_fields = ["teacher__email", "teacher__full_name", "community__school__name", "community__school__cct"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["kind", "community", "phase", "completed_at", "completed_by"]
    list_filter = ["phase", "kind", ("completed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["community__school", "completed_by"]
    search_fields = ["community__school__name", "community__school__cct", "evidence_text"]


@admin.register(PhaseReview)
class PhaseReviewAdmin(ReadOnlyAdmin):
    list_display = ["community", "from_phase", "to_phase", "status", "requested_at", "reviewed_by", "reviewed_at"]
    list_filter = ["status", "to_phase"]
    list_select_related = ["community__school", "reviewed_by"]
    search_fields = ["community__school__name", "community__school__cct"]


@admin.register(ConditionCheck)
class ConditionCheckAdmin(ReadOnlyAdmin):
    list_display = ["kind", "community", "is_met", "note", "updated_at"]
    list_filter = ["kind", "is_met"]
    list_select_related = ["community__school"]
    search_fields = ["community__school__name", "note"]


# --- Meetings, agreements, goals -------------------------------------------------------
# Scheduled, recorded and measured by the CAS's members through the services; the
# platform admin reads every community and takes part in none, so these are read here.


class MeetingWhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Held"))]

    def queryset(self, request, queryset):
        match self.value():
            case "upcoming":
                return queryset.upcoming()
            case "past":
                return queryset.past()
        return queryset


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fields = ["position", "title", "added_by", "review_of"]
    select_related = ("added_by", "review_of")


class SessionRoleInline(ReadOnlyInline):
    model = SessionRole
    fields = ["kind", "person"]
    select_related = ("person",)


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ["person", "status", "recorded_by", "recorded_at"]
    select_related = ("person", "recorded_by")


class MinutesApprovalInline(ReadOnlyInline):
    model = MinutesApproval
    fields = ["person", "approved_at"]
    select_related = ("person",)


class AgreementInline(ReadOnlyInline):
    model = Agreement
    fields = ["text", "owner", "due_date", "status", "closed_at"]
    select_related = ("owner",)


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["purpose", "community", "starts_at", "status", "scheduled_by"]
    list_filter = [MeetingWhenFilter, "status", "community__school__state"]
    list_select_related = ["community__school", "scheduled_by"]
    search_fields = ["purpose", "place", "community__school__name", "community__school__cct"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, SessionRoleInline, AttendanceInline, MinutesApprovalInline, AgreementInline]


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue"))]

    def queryset(self, request, queryset):
        return queryset.overdue() if self.value() == "yes" else queryset


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["text", "community", "owner", "due_date", "status", "overdue", "closed_at"]
    list_filter = [OverdueFilter, "status", "due_date", "community__school__state"]
    list_select_related = ["community__school", "owner"]
    search_fields = [
        "text",
        "owner__email",
        "owner__full_name",
        "community__school__name",
        "community__school__cct",
    ]

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, agreement: Agreement) -> bool:
        return agreement.is_overdue


class ProgressUpdateInline(ReadOnlyInline):
    model = ProgressUpdate
    fields = ["recorded_on", "value", "note", "recorded_by", "created_at"]
    select_related = ("recorded_by",)


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ["statement", "community", "skill", "owner", "due_date", "latest", "goal_status"]
    list_filter = ["skill__dimension", "due_date", "community__school__state"]
    list_select_related = ["community__school", "skill__dimension", "owner"]
    search_fields = ["statement", "indicator", "community__school__name", "community__school__cct"]
    inlines = [ProgressUpdateInline]

    def get_queryset(self, request):
        # The progress columns read each goal's updates: one query for the page.
        return super().get_queryset(request).prefetch_related("updates")

    @admin.display(description=_("latest value"))
    def latest(self, goal: Goal) -> str:
        return f"{plain(goal.latest_value)} / {plain(goal.target)} {goal.unit}"

    @admin.display(description=_("status"))
    def goal_status(self, goal: Goal) -> str:
        return goal.get_status_display()


# --- The Construye T catalogue -------------------------------------------------------------


class SkillInline(admin.TabularInline):
    model = Skill
    extra = 0
    fields = ["code", "name", "position", "is_active"]


@admin.register(SkillDimension)
class SkillDimensionAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "code", "catalogue", "position", "skill_count"]
    list_filter = ["catalogue"]
    list_editable = ["position"]
    search_fields = ["name", "code"]
    inlines = [SkillInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_skills=Count("skills"))

    @admin.display(description=_("skills"), ordering="_skills")
    def skill_count(self, dimension: SkillDimension) -> int:
        return dimension._skills


@admin.register(Skill)
class SkillAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "dimension", "code", "position", "is_active"]
    list_filter = ["is_active", "dimension__catalogue", "dimension"]
    list_editable = ["position", "is_active"]
    list_select_related = ["dimension"]
    search_fields = ["name", "code", "dimension__name"]


# --- Journal, practice bank, strategies -------------------------------------------------


@admin.register(TeachingDimension)
class TeachingDimensionAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "code", "position"]
    list_editable = ["position"]
    search_fields = ["name", "code"]


@admin.register(ReflectionPrompt)
class ReflectionPromptAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["text", "phase", "is_active", "position"]
    list_filter = ["phase", "is_active"]
    list_editable = ["is_active", "position"]
    search_fields = ["text"]


@admin.register(Strategy)
class StrategyAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["title", "skill", "duration", "is_active"]
    list_filter = ["is_active", "skill__dimension"]
    list_select_related = ["skill__dimension"]
    search_fields = ["title", "purpose"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "skill":
            # A skill reads as "dimension · skill": fetch the dimensions with the choices.
            kwargs["queryset"] = Skill.objects.select_related("dimension")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(StrategyAnalysis)
class StrategyAnalysisAdmin(ReadOnlyAdmin):
    list_display = ["strategy", "community", "author", "group", "created_at"]
    list_filter = ["strategy__skill__dimension"]
    list_select_related = ["strategy", "community__school", "author"]
    search_fields = ["strategy__title", "community__school__name"]


@admin.register(Reflection)
class ReflectionAdmin(ReadOnlyAdmin):
    """Only entries shared with the whole CAS: entries for the tutor or private
    ones are never listed, searched or counted here."""

    list_display = ["title", "author", "community", "written_on"]
    list_filter = ["written_on"]
    list_select_related = ["author", "community__school"]
    search_fields = ["title", "author__email", "community__school__name"]
    exclude = ["body_html"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(visibility=Visibility.COMMUNITY)


@admin.register(ReflectionComment)
class ReflectionCommentAdmin(ReadOnlyAdmin):
    list_display = ["reflection", "author", "created_at"]
    list_select_related = ["reflection", "author"]
    search_fields = ["body", "reflection__title", "author__email"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(reflection__visibility=Visibility.COMMUNITY)


class PracticeFileInline(ReadOnlyInline):
    model = PracticeFile
    fields = ["original_name", "size", "uploaded_at"]


class PracticeUseInline(ReadOnlyInline):
    model = PracticeUse
    fields = ["user", "created_at"]
    select_related = ("user",)


class PracticeFeedbackInline(ReadOnlyInline):
    model = PracticeFeedback
    fields = ["author", "body", "created_at"]
    select_related = ("author",)


@admin.register(Practice)
class PracticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "level", "scope", "school", "author", "created_at"]
    list_filter = ["kind", "level", "scope"]
    list_select_related = ["school", "author"]
    search_fields = ["title", "summary", "school__name"]
    exclude = ["steps_html"]
    inlines = [PracticeFileInline, PracticeUseInline, PracticeFeedbackInline]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    """Reports asked for on the site and built by Celery; beat deletes them when they expire."""

    list_display = ["kind", "subject", "status", "requested_by", "created_at", "finished_at", "expires_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["requested_by"]
    search_fields = ["subject", "school__name", "school__cct"]
    exclude = ["file"]


@admin.register(NoticePreference)
class NoticePreferenceAdmin(ReadOnlyAdmin):
    """Chosen by each person on their notices page (or an e-mail's link)."""

    list_display = ["user", "kind", "channel"]
    list_filter = ["kind", "channel"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    """The ledger of what reached whom, once each: written by the delivery."""

    list_display = ["key", "kind", "recipient", "channel", "created_at"]
    list_filter = ["kind", "channel"]
    list_select_related = ["recipient"]
    search_fields = ["key", "recipient__email"]
    date_hierarchy = "created_at"


@admin.register(DigestItem)
class DigestItemAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "kind", "message", "created_at", "digested_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "message"]


# Personal-data requests and the anonymisation (derechos ARCO) live in their own module.
from communities import privacy_admin  # noqa: E402, F401
