from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin_scoping import ScopedAdmin, ScopedRawIdWidget
from citizens.admin import FoldedSearchMixin

from .models import AssistanceRecord

# Reviews happen on the officer's pages (/officer/), by the review rules; here they are read-only.
REVIEW_FIELDS = ("status", "review_reason", "reviewed_by", "reviewed_at")


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
    exclude = ("photo", "photo_thumb")
    readonly_fields = ("client_uuid", "client_version", "commune", "member", "team", *REVIEW_FIELDS, "photo_link",
                       "created_at", "updated_at")
    actions = []  # no approval here: the review rules live on the officer pages

    def has_add_permission(self, request):
        return False  # records come from the phones, through sync

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # Identity is local: a record names its own commune's citizen and household (docs/access.md).
        if obj is not None:
            for name, lookup in (("citizen", "commune_id"), ("household", "village__parent_id")):
                field = form.base_fields.get(name)
                if field is not None:
                    field.queryset = field.queryset.filter(**{lookup: obj.commune_id})
                    if isinstance(field.widget, ScopedRawIdWidget):
                        field.widget.queryset = field.queryset
        return form

    @admin.display(description=_("photo"))
    def photo_link(self, record):
        # Photos are served only through the scope-checked view, never from a storage address.
        if not record.photo:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("api-record-photo", args=[record.client_uuid]),
                           _("Evidence photo"))
