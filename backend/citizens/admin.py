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
    list_display = ("__str__", "commune", "birth_year", "gender", "consent_given_at", "consent_withdrawn_at",
                    "created_at")
    search_fields = ("name_folded", "cccd_last_digits")
    readonly_fields = ("commune", "cccd_last_digits", "consent_given_at", "consent_recorded_by", "consent_withdrawn_at")
    list_select_related = ("commune",)

    def has_add_permission(self, request):
        return False  # citizens come with the records that help them


@admin.register(Household)
class HouseholdAdmin(FoldedSearchMixin, ScopedAdmin):
    list_display = ("name", "kind", "village", "digital_address", "address_scheme")
    list_filter = ("kind", "address_scheme")
    search_fields = ("name_folded", "digital_address")
    autocomplete_fields = ("village",)
    list_select_related = ("village",)
