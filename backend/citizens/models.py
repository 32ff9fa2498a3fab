from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Replace, Upper
from django.utils.translation import gettext_lazy as _

from .text import fold

# A household's digital address as compared for duplicates: without spaces and case ("qng 12" is "QNG12").
# Indexed (household_address_key_idx), so that the officer's duplicate flags find a household at once.
ADDRESS_KEY = Upper(Replace("digital_address", Value(" "), Value("")))


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")
    OTHER = "other", _("other")


class Person(models.Model):
    """The same human being across the communes of a province: a link used only to count people.

    Each commune keeps its own copy of a person (Citizen). Copies recorded with the same CCCD
    number in one province point to one Person, so that the province counts that person once.
    Nothing personal is kept here beyond the keyed hash that links the copies, and no page, API
    or export shows it: it is read by the counting alone (indicators.aggregation).
    """

    province = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("province"), on_delete=models.PROTECT,
                                 related_name="+")
    cccd_hash = models.CharField(_("CCCD hash"), max_length=64, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("person (for counting)")
        verbose_name_plural = _("people (for counting)")
        constraints = [
            models.UniqueConstraint(fields=["province", "cccd_hash"], condition=Q(cccd_hash__isnull=False),
                                    name="person_unique_cccd_in_province"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Citizen(models.Model):
    """A person helped, as one commune recorded them. Only what is needed: no CCCD in clear, no phone,
    no ID-card photo.

    Identity is local: the commune that recorded the person keeps this copy, and only it reads or
    changes it. The CCCD number, when given, is kept as a keyed hash (to recognise the same person
    again in this commune, and to link the copies of other communes to one Person for counting)
    and its last digits (to show the officer).
    """

    commune = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="+", editable=False)
    person = models.ForeignKey(Person, verbose_name=_("person (for counting)"), on_delete=models.PROTECT,
                               related_name="citizens", editable=False)
    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    name_folded = models.CharField(_("name without diacritics"), max_length=120, blank=True, db_index=True,
                                   editable=False)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    cccd_hash = models.CharField(_("CCCD hash"), max_length=64, null=True, blank=True, editable=False)
    cccd_last_digits = models.CharField(_("CCCD last digits"), max_length=4, blank=True, editable=False)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("consent recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        # The same person across communes (the officer's duplicate flags): by the hash alone.
        indexes = [models.Index(fields=["cccd_hash"], name="citizen_cccd_hash_idx")]
        constraints = [
            models.UniqueConstraint(fields=["commune", "cccd_hash"], condition=Q(cccd_hash__isnull=False),
                                    name="citizen_unique_cccd_in_commune"),
            models.CheckConstraint(condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900, birth_year__lte=2100),
                                   name="citizen_birth_year_range"),
            # Personal data is only kept with recorded consent.
            models.CheckConstraint(
                condition=Q(full_name="", cccd_hash__isnull=True) | Q(consent_given_at__isnull=False),
                name="citizen_personal_data_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        label = self.full_name or _("(no name)")
        return f"{label} …{self.cccd_last_digits}" if self.cccd_last_digits else str(label)

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.full_name)
        super().save(*args, **kwargs)


class HouseholdKind(models.TextChoices):
    HOUSEHOLD = "household", _("household")
    BUSINESS = "business", _("household business")
    ENTERPRISE = "enterprise", _("enterprise")


class AddressScheme(models.TextChoices):
    VPOSTCODE = "vpostcode", _("Vpostcode")
    NATIONAL = "national", _("National digital address platform")
    POLICE = "police", _("Police draft")
    OTHER = "other", _("Other")


class Household(models.Model):
    """A household (or household business / enterprise) identified within a village.

    Found again within its commune by its digital-address code, else by its head's CCCD (through the
    commune's copy of that citizen): the same household registered twice is one (citizens.services).
    """

    village = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("village"), on_delete=models.PROTECT,
                                related_name="households")
    kind = models.CharField(_("kind"), max_length=10, choices=HouseholdKind.choices, default=HouseholdKind.HOUSEHOLD)
    name = models.CharField(_("name"), max_length=160, help_text=_("Head of household or business name."))
    name_folded = models.CharField(max_length=160, blank=True, editable=False, db_index=True)
    digital_address = models.CharField(_("digital address code"), max_length=40, blank=True)
    address_scheme = models.CharField(_("digital address scheme"), max_length=10, choices=AddressScheme.choices,
                                      blank=True)
    head = models.ForeignKey(Citizen, verbose_name=_("head of household"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [models.Index(fields=["address_scheme", "digital_address"], name="household_address_idx"),
                   models.Index(ADDRESS_KEY, name="household_address_key_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(digital_address="") | ~Q(address_scheme=""),
                                   name="household_address_has_scheme"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)
