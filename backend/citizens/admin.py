from django.contrib import admin

from accounts.admin_scoping import ScopedAdmin

from .models import Citizen, Household
from .text import fold


class FoldedSearchMixin:
    """Name search that ignores diacritics: the term is folded like the stored name."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(Citizen)
class CitizenAdmin(FoldedSearchMixin, ScopedAdmin):
    commune_lookup = "records__commune_id"
    list_display = ("__str__", "birth_year", "gender", "consent_given_at", "consent_withdrawn_at", "created_at")
    search_fields = ("name_folded", "cccd_last_digits")
    readonly_fields = ("cccd_last_digits", "consent_given_at", "consent_recorded_by", "consent_withdrawn_at")
    exclude = ("province",)

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def has_add_permission(self, request):
        return False  # citizens come with the records that help them


@admin.register(Household)
class HouseholdAdmin(FoldedSearchMixin, ScopedAdmin):
    commune_lookup = "village__parent_id"
    list_display = ("name", "kind", "village", "digital_address", "address_scheme")
    list_filter = ("kind", "address_scheme")
    search_fields = ("name_folded", "digital_address")
    autocomplete_fields = ("village",)
    list_select_related = ("village",)
