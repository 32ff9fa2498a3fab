"""Admin building blocks: every admin page is scoped through accounts.scopes and audited."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q

from accounts.scopes import commune_ids_for, is_admin, units_for

from .models import Action
from .services import audit_log


class AuditedAdminMixin:
    """Writes an audit event for each save and delete done through the admin."""

    audit_exclude: tuple[str, ...] = ("password", "last_login")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        fields = [f for f in (form.changed_data if change else form.fields) if f not in self.audit_exclude]
        changes = {f: str(form.cleaned_data.get(f, "")) for f in fields}
        audit_log(actor=request.user, action=Action.UPDATE if change else Action.CREATE, obj=obj, changes=changes)

    def delete_model(self, request, obj):
        audit_log(actor=request.user, action=Action.DELETE, obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_log(actor=request.user, action=Action.DELETE, obj=obj)
        super().delete_queryset(request, queryset)


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
