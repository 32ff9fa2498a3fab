"""The audited admin: every save and delete done through the admin leaves an audit event."""

from __future__ import annotations

from .models import Action
from .services import audit_log


class AuditedAdminMixin:
    """Writes an audit event for each save and delete done through the admin."""

    audit_exclude: tuple[str, ...] = ("password", "last_login")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        fields = [f for f in (form.changed_data if change else form.fields) if f not in self.audit_exclude]
        changes = {f: _named(form.cleaned_data.get(f, "")) for f in fields}
        audit_log(actor=request.user, action=Action.UPDATE if change else Action.CREATE, obj=obj, changes=changes)

    def delete_model(self, request, obj):
        audit_log(actor=request.user, action=Action.DELETE, obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_log(actor=request.user, action=Action.DELETE, obj=obj)
        super().delete_queryset(request, queryset)


def _named(value) -> str:
    # A related row by its kind and id: a citizen's name has no place in the audit trail.
    meta = getattr(value, "_meta", None)
    return f"{meta.model_name} #{value.pk}" if meta is not None else str(value)
