from django.contrib import admin

from communities.admin import ReadOnlyAdmin
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
class EntryWorkSpaceAdmin(ReadOnlyAdmin):
    """Like the core's journal admin: only entries shared with the whole CAS.
    The author puts an entry in a space from the journal."""

    list_display = ["reflection", "workspace"]
    list_filter = ["workspace"]
    list_select_related = ["reflection"]
    search_fields = ["reflection__title"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(reflection__visibility=Visibility.COMMUNITY)
