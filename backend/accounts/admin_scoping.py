"""Admin scoping, beside scopes.py: the admin site is the administrators' (can_use_admin_site), and every
ScopedAdmin page, relation widget, list filter and action is limited by scopes.scope_q, so that
staff rights given to anyone else can never bring another commune's rows onto a page."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError

from audit.admin_mixins import AuditedAdminMixin

from .scopes import can_use_admin_site, is_admin, scope_q


class CnscdAdminSite(admin.AdminSite):
    """The default admin site (accounts.apps.CnscdAdminConfig): administrators only."""

    def has_permission(self, request):
        return can_use_admin_site(request.user)


class ScopedRawIdWidget(widgets.ForeignKeyRawIdWidget):
    """The id box: names the object behind an id only when it is within the field's (scoped) choices.

    Django's widget looks the id up in the whole table, so a re-shown form would print the name
    of whatever row an id typed in the box points to.
    """

    queryset = None

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            if self.queryset is None or not self.queryset.filter(**{key: value}).exists():
                return "", ""
        except (ValueError, TypeError, ValidationError):
            return "", ""
        return super().label_and_url_for_value(value)


class ScopedAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Shows, offers and acts on only the rows of the user's communes (accounts.scopes.scope_q)."""

    list_per_page = 50

    def get_queryset(self, request):
        # Lists, change forms, history, deletions and every action's queryset start here.
        return super().get_queryset(request).filter(scope_q(user=request.user, model=self.model))

    def get_field_queryset(self, db, db_field, request):
        """Choices of every ForeignKey and ManyToMany widget (select, raw id, autocomplete)."""
        model = db_field.remote_field.model
        queryset = super().get_field_queryset(db, db_field, request)
        if queryset is None:
            queryset = model._default_manager.using(db).all()
        return queryset.filter(scope_q(user=request.user, model=model))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, widgets.ForeignKeyRawIdWidget):
            widget = ScopedRawIdWidget(db_field.remote_field, self.admin_site, using=formfield.widget.db,
                                       attrs=formfield.widget.attrs)
            widget.queryset = formfield.queryset
            formfield.widget = widget
        return formfield

    def get_list_filter(self, request):
        """A related-object filter lists only objects the scoped rows refer to."""
        filters = list(super().get_list_filter(request))
        if is_admin(request.user):
            return filters
        scoped = []
        for item in filters:
            if isinstance(item, str) and "__" not in item:
                field = self.model._meta.get_field(item)
                if field.is_relation:
                    item = (item, admin.RelatedOnlyFieldListFilter)
            scoped.append(item)
        return scoped
