"""The instruments are kept here by the platform's administrators: a draft
version is edited with its dimensions and items on one page; a published one
is read-only, and the "new draft" action copies it. Campaigns, codes and
responses are history written by the services: read here, never changed."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from communities.admin import AuditedAdmin, DraftOnlyInline, FinalOncePublishedAdmin, ReadOnlyAdmin, ReadOnlyInline
from diagnostics.models import (
    AccessCode,
    Answer,
    Campaign,
    CampaignAudience,
    Dimension,
    GoalDimension,
    Instrument,
    InstrumentVersion,
    Item,
    PaperCapturer,
    Response,
    ResultsPrompt,
)
from diagnostics.services import new_draft_from, publish


class VersionInline(ReadOnlyInline):
    model = InstrumentVersion
    fields = ["number", "status", "published_at"]
    show_change_link = True


@admin.register(Instrument)
class InstrumentAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    inlines = [VersionInline]


class DimensionInline(DraftOnlyInline):
    model = Dimension
    fields = ["position", "code", "name", "description"]


class ItemInline(DraftOnlyInline):
    model = Item
    fields = [
        "position",
        "dimension",
        "text",
        "reverse_scored",
        "for_students",
        "for_teachers",
        "for_support_staff",
        "for_families",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the dimensions of the version on the page.
        if db_field.name == "dimension":
            version_pk = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Dimension.objects.filter(version_id=version_pk or None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("dimension")


class CampaignOfVersionInline(ReadOnlyInline):
    """Where the version was applied."""

    model = Campaign
    fields = ["school", "kind", "opens_on", "closes_on", "status"]
    select_related = ("school",)
    verbose_name_plural = _("campaigns that apply this version")


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(FinalOncePublishedAdmin):
    list_display = ["instrument", "number", "status", "published_at"]
    list_filter = ["status"]
    list_select_related = ["instrument"]
    search_fields = ["instrument__name"]
    inlines = [DimensionInline, ItemInline, CampaignOfVersionInline]
    new_draft = staticmethod(lambda *, actor, version: new_draft_from(actor=actor, version=version))
    publish = staticmethod(publish)


class CampaignAudienceInline(ReadOnlyInline):
    model = CampaignAudience
    fields = ["audience", "expected"]


class GoalDimensionInline(ReadOnlyInline):
    """The CAS goals set from the campaign's dimensions, through the service."""

    model = GoalDimension
    fields = ["dimension", "goal", "created_at"]
    select_related = ("dimension", "goal")


class PaperCapturerInline(ReadOnlyInline):
    """Named on the campaign's page by its director or tutor, through the service."""

    model = PaperCapturer
    fields = ["person", "named_by", "created_at"]
    select_related = ("person", "named_by")


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    """Opened by a school's director or tutor, through the service."""

    list_display = ["school", "kind", "opens_on", "closes_on", "status", "version"]
    list_filter = ["kind", "status"]
    list_select_related = ["school", "version__instrument"]
    search_fields = ["school__name", "school__cct"]
    inlines = [CampaignAudienceInline, PaperCapturerInline, GoalDimensionInline]


@admin.register(AccessCode)
class AccessCodeAdmin(ReadOnlyAdmin):
    """Whether each code was used, and when (the day only). The code itself
    is not kept; its fingerprint is not shown."""

    list_display = ["campaign", "audience", "issued_on", "used_on"]
    list_filter = ["audience", "issued_on"]
    list_select_related = ["campaign__school"]
    search_fields = ["campaign__school__name", "campaign__school__cct"]
    exclude = ["code_hash"]


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ["item", "value"]
    select_related = ("item",)


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    """Anonymous: the audience, the channel and the day, and the answers."""

    list_display = ["campaign", "audience", "channel", "submitted_on"]
    list_filter = ["audience", "channel"]
    list_select_related = ["campaign__school"]
    search_fields = ["campaign__school__name", "campaign__school__cct"]
    inlines = [AnswerInline]


@admin.register(ResultsPrompt)
class ResultsPromptAdmin(AuditedAdmin, admin.ModelAdmin):
    """The journal questions beside which the home page offers the diagnostic's results."""

    list_display = ["prompt"]
    list_select_related = ["prompt"]
    search_fields = ["prompt__text"]
    autocomplete_fields = ["prompt"]
