from django.contrib import admin

from communities.models import Visibility
from workshops.models import EntryWorkSpace, PromptWorkSpace


@admin.register(PromptWorkSpace)
class PromptWorkSpaceAdmin(admin.ModelAdmin):
    list_display = ["workspace", "prompt"]
    list_filter = ["workspace"]
    list_select_related = ["prompt"]
    search_fields = ["prompt__text"]
    autocomplete_fields = ["prompt"]


@admin.register(EntryWorkSpace)
class EntryWorkSpaceAdmin(admin.ModelAdmin):
    """Like the core's journal admin: only entries shared with the whole CAS."""

    list_display = ["reflection", "workspace"]
    list_filter = ["workspace"]
    list_select_related = ["reflection"]
    readonly_fields = ["reflection", "workspace"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(reflection__visibility=Visibility.COMMUNITY)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
