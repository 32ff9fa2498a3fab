"""Admin scoping, beside scopes.py: every admin page an officer opens shows only their communes' rows."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q

from audit.admin_mixins import AuditedAdminMixin

from .scopes import commune_ids_for, is_admin, units_for


class ScopedAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Shows only the rows of the user's communes; `commune_lookup` names the path to the commune id."""

    commune_lookup = "commune_id"
    list_per_page = 50

    def scope_q(self, request) -> Q:
        ids = commune_ids_for(request.user)
        if ids is None:
            return Q()
        return Q(**{f"{self.commune_lookup}__in": ids})

    def get_queryset(self, request):
        return super().get_queryset(request).filter(self.scope_q(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        model = db_field.related_model
        if not is_admin(request.user):
            label = model._meta.label_lower
            if label == "orgunits.orgunit":
                kwargs["queryset"] = units_for(request.user)
            elif label == "teams.team":
                kwargs["queryset"] = model.objects.filter(commune_id__in=commune_ids_for(request.user) or [])
            elif label == "accounts.user":
                kwargs["queryset"] = model.objects.filter(unit_id__in=commune_ids_for(request.user) or [])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
