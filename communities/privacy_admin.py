"""Personal-data requests in Django admin: platform administrators read them,
type in those that came by letter, answer them, and carry out a cancellation
(anonymising the person, after a confirmation page). Every write goes
through `services.privacy`; requests are never deleted (they are the record
of what was asked and answered)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from communities.models import DataRequest
from communities.services import privacy


class DataRequestAdminForm(forms.ModelForm):
    """A new request (person, right, details) or, for an open one, its answer."""

    class Meta:
        model = DataRequest
        fields = ["person", "kind", "details", "status", "resolution"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        if not DataRequest.objects.filter(pk=self.instance.pk).open().exists():
            raise ValidationError(_("This request was already answered."))
        problems = privacy.answer_problems(
            self.instance, status=cleaned.get("status", ""), resolution=cleaned.get("resolution", "")
        )
        for field, problem in problems.items():
            self.add_error(field, problem)
        return cleaned


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    form = DataRequestAdminForm
    list_display = ["person", "kind", "status", "created_at", "handled_at", "handled_by"]
    list_filter = ["status", "kind"]
    list_select_related = ["person", "handled_by"]
    search_fields = ["person__email", "person__full_name", "details"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["person"]
    actions = ["carry_out_cancellations"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["person", "kind", "details"]
        return ["person", "kind", "details", "created_at", "status", "resolution", "handled_at", "handled_by"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # Asked of the stored row: a form that failed has already changed `obj`.
        answered = [] if DataRequest.objects.filter(pk=obj.pk).open().exists() else ["status", "resolution"]
        return ["person", "kind", "details", "created_at", "handled_at", "handled_by", *answered]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            saved = privacy.record_data_request(
                actor=request.user, person=obj.person, kind=obj.kind, details=obj.details
            )
            obj.pk = saved.pk
            return
        privacy.answer_data_request(actor=request.user, data_request=obj, status=obj.status, resolution=obj.resolution)

    @admin.action(description=_("Anonymise the person (carry out the cancellation)"), permissions=["change"])
    def carry_out_cancellations(self, request, queryset):
        requests = list(queryset.open().filter(kind=DataRequest.Kind.CANCELLATION).select_related("person"))
        if not requests:
            self.message_user(request, _("Choose open cancellation requests."), messages.WARNING)
            return None
        if request.POST.get("confirmed") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": _("Anonymise these people?"),
                "requests": requests,
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/communities/datarequest/anonymise_confirmation.html", context)
        done = left = 0
        for data_request in requests:
            try:
                outcome = privacy.carry_out_cancellation(actor=request.user, data_request=data_request)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                continue
            done += 1
            left += outcome.name_left_in_text
        self.message_user(
            request,
            ngettext("%(count)d person anonymised.", "%(count)d people anonymised.", done) % {"count": done},
            messages.SUCCESS,
        )
        if left:
            self.message_user(
                request,
                _(
                    "For %(count)d of them the name is a single word or another account bears it: "
                    "copies of it in free text were left (the address was replaced everywhere)."
                )
                % {"count": left},
                messages.WARNING,
            )
        return None
