from django.contrib import admin

from accounts.admin_scoping import ScopedAdmin

from .models import GroupSession


@admin.register(GroupSession)
class GroupSessionAdmin(ScopedAdmin):
    list_display = ("held_on", "topic", "kind", "village", "team", "attendees", "for_team_members")
    list_filter = ("kind", "for_team_members", ("commune", admin.RelatedOnlyFieldListFilter))
    search_fields = ("topic",)
    autocomplete_fields = ("village",)
    date_hierarchy = "held_on"
    list_select_related = ("village", "team")
    readonly_fields = ("client_uuid", "created_by", "created_at")
