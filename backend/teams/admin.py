from django.contrib import admin
from django.db.models import Count

from accounts.admin_scoping import ScopedAdmin

from .models import Team


@admin.register(Team)
class TeamAdmin(ScopedAdmin):
    list_display = ("name", "unit", "commune", "member_count", "established_on", "is_active")
    list_filter = ("is_active", ("commune", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "unit__name")
    autocomplete_fields = ("unit",)
    list_select_related = ("unit", "commune")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_members=Count("members"))

    @admin.display(description="Số thành viên", ordering="num_members")
    def member_count(self, obj):
        return obj.num_members
