from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_scoping import ScopedAdmin
from accounts.scopes import can_review
from citizens.admin import FoldedSearchMixin

from .models import AssistanceRecord, Status
from .services import record_review


@admin.register(AssistanceRecord)
class AssistanceRecordAdmin(FoldedSearchMixin, ScopedAdmin):
    list_display = ("occurred_at", "service_type", "outcome", "village", "member", "citizen", "status")
    list_filter = (
        "status", "outcome", "service_type", "place",
        ("commune", admin.RelatedOnlyFieldListFilter),
        ("village", admin.RelatedOnlyFieldListFilter),
        ("team", admin.RelatedOnlyFieldListFilter),
        ("occurred_at", admin.DateFieldListFilter),
    )
    search_fields = ("citizen__name_folded", "citizen__cccd_last_digits", "application_code", "note")
    date_hierarchy = "occurred_at"
    list_select_related = ("service_type", "village", "member", "citizen")
    raw_id_fields = ("citizen", "household")
    autocomplete_fields = ("village",)
    readonly_fields = ("client_uuid", "client_version", "commune", "member", "team", "reviewed_by", "reviewed_at",
                       "created_at", "updated_at")
    actions = ["approve_selected"]

    def has_add_permission(self, request):
        return False  # records come from the phones, through sync

    @admin.action(description=_("Approve the selected records"))
    def approve_selected(self, request, queryset):
        if not can_review(request.user):
            self.message_user(request, _("You may not review records."), messages.ERROR)
            return
        done = 0
        for record in queryset.filter(status__in=[Status.SUBMITTED, Status.RETURNED]):
            record_review(record=record, by=request.user, status=Status.APPROVED)
            done += 1
        self.message_user(request, ngettext("%d record approved.", "%d records approved.", done) % done)
