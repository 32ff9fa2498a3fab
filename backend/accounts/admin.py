from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent

from .admin_scoping import ScopedAdmin
from .models import Role, User
from .scopes import is_admin

admin.site.site_header = _("Community digital technology teams")
admin.site.site_title = _("Tổ CNSCĐ")
admin.site.index_title = _("Administration")


@admin.register(User)
class UserAdmin(ScopedAdmin, BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "team", "unit", "is_active")
    list_filter = ("role", "is_active", ("team", admin.RelatedOnlyFieldListFilter))
    search_fields = ("username", "first_name", "last_name")
    list_select_related = ("team", "unit")
    autocomplete_fields = ("unit",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (_("Role and unit"), {"fields": ("role", "team", "unit", "position", "is_active")}),
        (_("Administrator rights"), {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2", "role", "team", "unit", "position")}),
    )

    def get_fieldsets(self, request, obj=None):
        sets = super().get_fieldsets(request, obj)
        if not is_admin(request.user):
            # Officers manage their commune's team members; they cannot hand out rights.
            sets = [s for s in sets if s[0] != _("Administrator rights")]
        return sets

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not is_admin(request.user):
            kwargs["choices"] = [(r.value, r.label) for r in (Role.MEMBER, Role.LEADER)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        ro = ("last_login", "date_joined")
        if obj is not None and not is_admin(request.user) and obj.role not in (Role.MEMBER, Role.LEADER):
            ro += ("role", "team", "unit", "username", "is_active")
        return ro


# The audit trail is read through the same scoping as everything else (audit itself sits below accounts).
@admin.register(AuditEvent)
class AuditEventAdmin(ScopedAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type", ("actor", admin.RelatedOnlyFieldListFilter))
    search_fields = ("object_repr", "object_id", "actor__username")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
