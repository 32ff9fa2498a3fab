from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scopes import is_admin, units_for
from audit.admin_mixins import AuditedAdminMixin

from .models import Level, OrgUnit
from .selectors import units_matching
from .services import village_move


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The map. Every unit picker of the admin (autocomplete_fields) searches here, without diacritics."""

    list_display = ("name", "level", "kind", "code", "parent", "valid_from", "valid_to", "successor")
    list_filter = ("level", "kind", ("province", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name_folded", "code")
    search_help_text = gettext_lazy("Type a name, with or without diacritics (\u201ctinh khe\u201d), or an official code.")
    autocomplete_fields = ("parent", "successor")
    list_select_related = ("parent", "successor")
    exclude = ("province",)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if is_admin(request.user) else qs & units_for(request.user)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return units_matching(queryset, q=search_term, limit=None), False

    def save_model(self, request, obj, form, change):
        before = OrgUnit.objects.filter(pk=obj.pk).values_list("parent_id", flat=True).first() if change else None
        if change and obj.level == Level.VILLAGE and before and before != obj.parent_id:
            # A village moved to another commune: its teams, members, records and the figures follow.
            commune = obj.parent
            obj.parent_id = before
            super().save_model(request, obj, form, change)
            cells = village_move(village=obj, commune=commune)
            messages.info(request, _("The village's teams, records and figures now follow %(commune)s "
                                     "(%(cells)d figures recounted in its province).")
                          % {"commune": commune.label, "cells": cells})
            return
        super().save_model(request, obj, form, change)
