from django.contrib import admin

from accounts.admin_scoping import ScopedAdmin
from audit.admin_mixins import AuditedAdminMixin

from .models import Baseline, Denominator, EnteredFigure, Indicator, ManualFigure, Target


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "denominator_kind", "source", "counts", "is_active", "sort_order")
    list_filter = ("source", "denominator_kind", "is_active")
    search_fields = ("code", "name")
    filter_horizontal = ("service_types",)


class UnitScopedAdmin(ScopedAdmin):
    """Rows attached to a commune or to one of its villages."""

    def scope_q(self, request):
        from django.db.models import Q

        from accounts.scopes import commune_ids_for

        ids = commune_ids_for(request.user)
        if ids is None:
            return Q()
        return Q(unit_id__in=ids) | Q(unit__parent_id__in=ids)


@admin.register(Target)
class TargetAdmin(UnitScopedAdmin):
    list_display = ("indicator", "unit", "year", "comparison", "percent", "source_note")
    list_filter = ("year", "indicator")
    search_fields = ("unit__name", "indicator__name")
    list_select_related = ("indicator", "unit")


@admin.register(Denominator)
class DenominatorAdmin(UnitScopedAdmin):
    list_display = ("unit", "year", "kind", "value", "source_note")
    list_filter = ("year", "kind")
    search_fields = ("unit__name",)
    list_select_related = ("unit",)


@admin.register(Baseline)
class BaselineAdmin(UnitScopedAdmin):
    list_display = ("indicator", "unit", "as_of", "value")
    list_filter = ("indicator",)
    search_fields = ("unit__name",)


@admin.register(ManualFigure)
class ManualFigureAdmin(UnitScopedAdmin):
    list_display = ("indicator", "unit", "as_of", "value")
    list_filter = ("indicator",)
    search_fields = ("unit__name",)


@admin.register(EnteredFigure)
class EnteredFigureAdmin(UnitScopedAdmin):
    list_display = ("unit", "period_key", "kind", "value", "as_of")
    list_filter = ("kind", "period_key")
    search_fields = ("unit__name",)
    list_select_related = ("unit",)
