from django.contrib import admin

from audit.admin_mixins import AuditedAdminMixin

from .models import OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "level", "kind", "code", "parent", "valid_from", "valid_to", "successor")
    list_filter = ("level", "kind", "province")
    search_fields = ("name", "code")
    autocomplete_fields = ("parent", "successor")
    list_select_related = ("parent", "successor")
    exclude = ("province",)
