from django.contrib import admin

from accounts.admin_scoping import ScopedAdmin

from .models import ComputedSatisfaction


@admin.register(ComputedSatisfaction)
class ComputedSatisfactionAdmin(ScopedAdmin):
    list_display = ("commune", "indicator")
    raw_id_fields = ("commune",)
