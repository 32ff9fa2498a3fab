from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_scoping import ScopedAdmin
from audit.admin_mixins import AuditedAdminMixin

from .models import Baseline, Denominator, EnteredFigure, Indicator, IndicatorEntry, ManualFigure, Target


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "denominator_kind", "source", "counts", "fed_by", "unit", "first_year",
                    "last_year", "is_active", "sort_order")
    list_filter = ("source", "denominator_kind", "is_active")
    autocomplete_fields = ("unit",)
    search_fields = ("code", "name")
    filter_horizontal = ("service_types",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("service_types")

    @admin.display(description=_("counted from (services; citizens checked in at sessions)"))
    def fed_by(self, obj: Indicator) -> str:
        return obj.feeds


class UnitFigureAdmin(ScopedAdmin):
    """Targets and figures of a unit: the unit is picked by typing its name (3,321 communes)."""

    autocomplete_fields = ("unit",)


@admin.register(Target)
class TargetAdmin(UnitFigureAdmin):
    list_display = ("indicator", "unit", "year", "last_year", "comparison", "percent", "denominator_kind",
                    "source_note")
    list_filter = ("year", "indicator", "denominator_kind")
    search_fields = ("unit__name", "indicator__name")
    list_select_related = ("indicator", "unit")


@admin.register(Denominator)
class DenominatorAdmin(UnitFigureAdmin):
    list_display = ("unit", "year", "kind", "value", "source_note")
    list_filter = ("year", "kind")
    search_fields = ("unit__name",)
    list_select_related = ("unit",)


@admin.register(Baseline)
class BaselineAdmin(UnitFigureAdmin):
    list_display = ("indicator", "unit", "as_of", "value")
    list_filter = ("indicator",)
    search_fields = ("unit__name",)


@admin.register(ManualFigure)
class ManualFigureAdmin(UnitFigureAdmin):
    list_display = ("indicator", "unit", "as_of", "value")
    list_filter = ("indicator",)
    search_fields = ("unit__name",)


@admin.register(EnteredFigure)
class EnteredFigureAdmin(UnitFigureAdmin):
    list_display = ("unit", "period_key", "kind", "value", "as_of")
    list_filter = ("kind", "period_key")
    search_fields = ("unit__name",)
    list_select_related = ("unit",)


@admin.register(IndicatorEntry)
class IndicatorEntryAdmin(UnitFigureAdmin):
    list_display = ("indicator", "unit", "period_key", "numerator", "denominator", "as_of")
    list_filter = ("period_key",)
    search_fields = ("unit__name", "indicator__name")
    list_select_related = ("indicator", "unit")
