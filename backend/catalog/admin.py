from django.contrib import admin

from audit.admin_mixins import AuditedAdminMixin

from .models import ServiceType


@admin.register(ServiceType)
class ServiceTypeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "counts", "session_kind", "is_active", "sort_order")
    list_editable = ("is_active", "sort_order")
    list_filter = ("counts", "session_kind", "is_active")
    search_fields = ("code", "name")
