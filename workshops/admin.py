from django.contrib import admin

from communities.admin import AuditedAdmin, DraftOnlyInline, FinalOncePublishedAdmin, ReadOnlyAdmin, ReadOnlyInline
from communities.models import Visibility
from workshops.models import (
    AssessmentAxis,
    AxisRating,
    Calligram,
    CalligramWord,
    CollaborativeProposal,
    CommonProblem,
    ContinuityAgreement,
    DirectorCommitment,
    DirectorsDay,
    Dot,
    EntryWorkSpace,
    Moment,
    PathMilestone,
    PromptWorkSpace,
    ProposalAction,
    SessionRoleAssignment,
    Situation,
    SpaceRun,
    TemplateSpace,
    Workshop,
    WorkshopSession,
    WorkshopTemplate,
)
from workshops.services.runs import new_template_draft, publish_template


@admin.register(PromptWorkSpace)
class PromptWorkSpaceAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["workspace", "prompt"]
    list_filter = ["workspace"]
    list_select_related = ["prompt"]
    search_fields = ["prompt__text"]
    autocomplete_fields = ["prompt"]


@admin.register(EntryWorkSpace)
class EntryWorkSpaceAdmin(ReadOnlyAdmin):
    """Like the core's journal admin: only entries shared with the whole CAS.
    The author puts an entry in a space from the journal."""

    list_display = ["reflection", "workspace"]
    list_filter = ["workspace"]
    list_select_related = ["reflection"]
    search_fields = ["reflection__title"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(reflection__visibility=Visibility.COMMUNITY)


# --- The workshop template: edited while a draft, read-only once published ------------------------


class TemplateSpaceInline(DraftOnlyInline):
    model = TemplateSpace
    fields = ["position", "workspace", "purpose", "product"]
    show_change_link = True


class AxisInline(DraftOnlyInline):
    model = AssessmentAxis
    fields = ["position", "name", "description"]


@admin.register(WorkshopTemplate)
class WorkshopTemplateAdmin(FinalOncePublishedAdmin):
    list_display = ["title", "edition", "number", "status", "starts_on", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "edition"]
    filter_horizontal = ["dimensions"]
    inlines = [TemplateSpaceInline, AxisInline]
    new_draft = staticmethod(lambda *, actor, version: new_template_draft(actor=actor, template=version))
    publish = staticmethod(lambda *, actor, version: publish_template(actor=actor, template=version))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_published:
            readonly.append("dimensions")  # a many-to-many change would not pass through save()
        return readonly


class MomentInline(DraftOnlyInline):
    model = Moment
    fields = ["position", "kind", "minutes", "prompt"]

    def _final(self, obj) -> bool:
        return obj is not None and obj.template.is_published


@admin.register(TemplateSpace)
class TemplateSpaceAdmin(AuditedAdmin, admin.ModelAdmin):
    """A space's moments, edited while its template is a draft."""

    list_display = ["workspace", "template", "position"]
    list_select_related = ["template"]
    list_filter = ["workspace"]
    search_fields = ["template__title", "product"]
    inlines = [MomentInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return not (obj is not None and obj.template.is_published) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not (obj is not None and obj.template.is_published) and super().has_delete_permission(request, obj)


# --- A school's run: history written by the services, read here -------------------------------------


class SpaceRunInline(ReadOnlyInline):
    model = SpaceRun
    fields = ["space", "state", "opened_at", "concluded_at"]
    select_related = ("space",)


class SessionInline(ReadOnlyInline):
    model = WorkshopSession
    fields = ["number", "day", "title"]


@admin.register(Workshop)
class WorkshopAdmin(ReadOnlyAdmin):
    list_display = ["school", "template", "school_year", "starts_on", "facilitator"]
    list_select_related = ["school", "template", "facilitator"]
    search_fields = ["school__name", "school__cct"]
    inlines = [SessionInline, SpaceRunInline]


@admin.register(SessionRoleAssignment)
class SessionRoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["session", "kind", "person"]
    list_select_related = ["session__workshop__template", "person"]
    search_fields = ["person__full_name", "session__workshop__school__name"]


class _ContributionAdmin(ReadOnlyAdmin):
    list_select_related = ["workshop__template", "author"]
    search_fields = ["workshop__school__name", "workshop__school__cct"]


@admin.register(PathMilestone)
class PathMilestoneAdmin(_ContributionAdmin):
    list_display = ["year", "title", "kind", "author", "workshop"]
    list_filter = ["kind"]


@admin.register(AxisRating)
class AxisRatingAdmin(ReadOnlyAdmin):
    """The lights are shown counted, never with their rater, on the site; the
    admin shows the axis and the light only."""

    list_display = ["workshop", "axis", "light"]
    exclude = ["rater"]
    list_select_related = ["workshop__template", "axis"]
    search_fields = ["workshop__school__name", "axis__name"]


@admin.register(Situation)
class SituationAdmin(_ContributionAdmin):
    list_display = ["description", "author", "problem", "workshop"]
    list_select_related = ["workshop__template", "author", "problem"]


class DotInline(ReadOnlyInline):
    model = Dot
    fields = ["voter", "created_at"]
    select_related = ("voter",)


@admin.register(CommonProblem)
class CommonProblemAdmin(ReadOnlyAdmin):
    list_display = ["title", "rank", "workshop"]
    list_select_related = ["workshop__template"]
    search_fields = ["title", "workshop__school__name"]
    inlines = [DotInline]


class ActionInline(ReadOnlyInline):
    model = ProposalAction
    fields = ["text", "owner", "due_on"]
    select_related = ("owner",)


class ContinuityInline(ReadOnlyInline):
    model = ContinuityAgreement
    fields = ["horizon", "text", "owner", "due_on", "status", "agreement", "goal"]
    select_related = ("owner", "agreement", "goal")


@admin.register(CollaborativeProposal)
class CollaborativeProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "workshop", "revision", "updated_by"]
    list_select_related = ["workshop__template", "updated_by"]
    search_fields = ["title", "workshop__school__name"]
    inlines = [ActionInline, ContinuityInline]


@admin.register(CalligramWord)
class CalligramWordAdmin(_ContributionAdmin):
    list_display = ["text", "author", "workshop"]


@admin.register(Calligram)
class CalligramAdmin(ReadOnlyAdmin):
    list_display = ["workshop", "shape", "commitment"]
    list_select_related = ["workshop__template"]
    search_fields = ["commitment", "workshop__school__name"]


class CommitmentInline(ReadOnlyInline):
    model = DirectorCommitment
    fields = ["position", "text"]


@admin.register(DirectorsDay)
class DirectorsDayAdmin(ReadOnlyAdmin):
    list_display = ["author", "workshop", "poster_title"]
    list_select_related = ["workshop__template", "author"]
    search_fields = ["author__full_name", "workshop__school__name"]
    inlines = [CommitmentInline]
