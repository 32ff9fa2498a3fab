"""What a phone sends for one record, and the server's copy it gets back.

The CCCD number is write-only: it is validated here, hashed by citizens.services, and never
serialised back.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.scopes import can_read_personal_data
from citizens.models import AddressScheme, Gender
from citizens.services import (
    CitizenInput,
    HouseholdInput,
    address_key,
    citizen_input_errors,
    household_input_errors,
)
from edge.params import FIRST_ACTIVITY_DATE
from edge.text import ascii_digits, clean_text
from orgunits.fields import CaptureVillageField

from .models import AssistanceRecord, Outcome, OutcomeReason, Place

# A phone's clock may run a little fast; beyond this a date in the future is a typing mistake.
FUTURE_TOLERANCE = datetime.timedelta(hours=1)
MAX_APPOINTMENT_AHEAD = datetime.timedelta(days=366)
OLDEST_YEAR = FIRST_ACTIVITY_DATE.year


class CitizenInSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    birth_year = serializers.IntegerField(required=False, allow_null=True, default=None)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True, default="")
    cccd = serializers.CharField(max_length=20, required=False, allow_blank=True, default="", write_only=True,
                                 trim_whitespace=True)
    consent = serializers.BooleanField(required=False, default=False)

    def validate_full_name(self, value):
        return " ".join(clean_text(value, multiline=False).split())  # one line, single spaces

    def validate(self, attrs):
        errors = citizen_input_errors(CitizenInput(**attrs))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class HouseholdInSerializer(serializers.Serializer):
    """The household (or business) a household-counted service was given to: its digital address and scheme,
    a name, and whether the record's citizen is its head."""

    address_code = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    address_scheme = serializers.ChoiceField(choices=AddressScheme.choices, required=False, allow_blank=True,
                                             default="")
    name = serializers.CharField(max_length=160, required=False, allow_blank=True, default="")
    head_is_citizen = serializers.BooleanField(required=False, default=False)

    def validate_address_code(self, value):
        return address_key(ascii_digits(clean_text(value, multiline=False)))

    def validate_name(self, value):
        return " ".join(clean_text(value, multiline=False).split())

    def validate(self, attrs):
        errors = household_input_errors(HouseholdInput(**attrs))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class RecordInSerializer(serializers.Serializer):
    """One record in a sync batch. Context: `service_types` (code → ServiceType), `villages` (id → OrgUnit)."""

    client_uuid = serializers.UUIDField()
    client_version = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False, default=1)
    service_type = serializers.CharField(max_length=40)
    village = CaptureVillageField()
    occurred_at = serializers.DateTimeField()
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, default=Outcome.SUCCESS)
    outcome_reason = serializers.ChoiceField(choices=OutcomeReason.choices, required=False, allow_blank=True,
                                             default="")
    outcome_note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    place = serializers.ChoiceField(choices=Place.choices, required=False, default=Place.HOME)
    citizen = CitizenInSerializer(required=False, allow_null=True, default=None)
    household = HouseholdInSerializer(required=False, allow_null=True, default=None)
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True, default=None)
    longitude = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    procedure_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    application_code = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    payment_provider = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    appointment_on = serializers.DateField(required=False, allow_null=True, default=None)
    # The client UUID of the record this one follows up; resolved to the member's own record in validate().
    follows = serializers.UUIDField(required=False, allow_null=True, default=None)
    # A citizen checked in at a group session: the session's client UUID (field.sync checks the session).
    session = serializers.UUIDField(required=False, allow_null=True, default=None)

    def validate_service_type(self, value):
        service = self.context["service_types"].get(value)
        if service is None:
            raise serializers.ValidationError(_("Unknown or inactive service."))
        return service

    def validate_application_code(self, value):
        return ascii_digits(value)  # a code typed with full-width digits is the same code

    def validate_occurred_at(self, value):
        if value > timezone.now() + FUTURE_TOLERANCE:
            raise serializers.ValidationError(_("The date and time cannot be in the future."))
        if value.year < OLDEST_YEAR:
            raise serializers.ValidationError(_("The date is too far in the past."))
        return value

    def validate(self, attrs):
        outcome, reason = attrs.get("outcome"), attrs.get("outcome_reason")
        if outcome == Outcome.SUCCESS and reason:
            raise serializers.ValidationError({"outcome_reason": [_("A successful outcome has no reason.")]})
        if outcome == Outcome.FAILED and not reason:
            raise serializers.ValidationError({"outcome_reason": [_("Say why it could not be done.")]})
        appointment = attrs.get("appointment_on")
        if appointment is not None:
            if outcome != Outcome.PENDING:
                raise serializers.ValidationError({"appointment_on": [
                    _("Only a record to come back to has an appointment date.")]})
            occurred = attrs.get("occurred_at")
            if occurred is not None and appointment < timezone.localtime(occurred).date():
                raise serializers.ValidationError({"appointment_on": [
                    _("The appointment cannot be before the day of the visit.")]})
            if occurred is not None and appointment > timezone.localtime(occurred).date() + MAX_APPOINTMENT_AHEAD:
                raise serializers.ValidationError({"appointment_on": [
                    _("The appointment is too far ahead (at most one year).")]})
        follows = attrs.get("follows")
        if follows is not None:
            if follows == attrs.get("client_uuid"):
                raise serializers.ValidationError({"follows": [_("A record cannot follow itself up.")]})
            followed = self._own_record(follows)
            if followed is None:
                raise serializers.ValidationError({"follows": [
                    _("The record followed up is not one of yours, or has not reached the server yet.")]})
            attrs["follows"] = followed
        service, session = attrs.get("service_type"), attrs.pop("session", None)
        if service is not None and service.session_kind and session is None:
            raise serializers.ValidationError({"session": [_("A check-in belongs to a group session: open the session "
                                                             "and check the citizen in from there.")]})
        if service is not None and not service.session_kind and session is not None:
            raise serializers.ValidationError({"session": [_("Only a check-in at a session names a session.")]})
        attrs["session_uuid"] = session
        household = attrs.get("household")
        if household and household["head_is_citizen"] and not attrs.get("citizen"):
            raise serializers.ValidationError({"household": {"head_is_citizen": [
                _("Fill in the citizen block with the head of household.")]}})
        for key in ("latitude", "longitude"):
            if attrs.get(key) is not None:
                attrs[key] = Decimal(str(round(attrs[key], 6)))
        return attrs


    def _own_record(self, client_uuid):
        # Only the member's own record may be followed up; another member's is as unknown as a missing one.
        user = self.context.get("user")
        if user is None:
            return None
        return AssistanceRecord.objects.filter(member_id=user.pk, client_uuid=client_uuid).select_related(
            "citizen").first()


class RecordSerializer(serializers.ModelSerializer):
    """The server's copy of a record, as lists and sync answers show it."""

    service_type = serializers.CharField(source="service_type.code")
    service_name = serializers.CharField(source="service_type.short_name")
    village_name = serializers.CharField(source="village.name")
    commune_code = serializers.CharField(source="commune.code", allow_null=True)
    commune_name = serializers.CharField(source="commune.name")
    member = serializers.CharField(source="member.username")
    member_name = serializers.CharField(source="member.display_name")
    citizen = serializers.SerializerMethodField()
    household = serializers.SerializerMethodField()
    photo_url = serializers.SerializerMethodField()
    thumb_url = serializers.SerializerMethodField()
    editable = serializers.BooleanField(source="is_editable_by_member")
    follows = serializers.UUIDField(source="follows.client_uuid", allow_null=True, default=None)
    session = serializers.UUIDField(source="session_uuid", allow_null=True, default=None)

    class Meta:
        model = AssistanceRecord
        fields = [
            "client_uuid", "client_version", "service_type", "service_name", "outcome", "outcome_reason",
            "outcome_note", "village", "village_name", "commune", "commune_code", "commune_name", "team", "member",
            "member_name", "occurred_at", "place", "citizen", "household", "latitude", "longitude", "note", "procedure_name",
            "application_code", "payment_provider", "status", "review_reason", "reviewed_at", "photo_url",
            "thumb_url", "editable", "appointment_on", "follows", "session", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_citizen(self, record) -> dict | None:
        citizen = record.citizen
        request = self.context.get("request")
        user = self.context.get("user") or (request.user if request else None)
        if citizen is None or user is None or not can_read_personal_data(user):
            return None
        return {"full_name": citizen.full_name, "birth_year": citizen.birth_year, "gender": citizen.gender,
                "cccd_last_digits": citizen.cccd_last_digits}

    def get_household(self, record) -> dict | None:
        household = record.household
        request = self.context.get("request")
        user = self.context.get("user") or (request.user if request else None)
        if household is None or user is None or not can_read_personal_data(user):
            return None
        return {"address_code": household.digital_address, "address_scheme": household.address_scheme,
                "name": household.name,
                "head_is_citizen": bool(household.head_id) and household.head_id == record.citizen_id}

    # The scope-checked view, never the storage's address: photos are personal data.
    def get_photo_url(self, record) -> str | None:
        return reverse("api-record-photo", args=[record.client_uuid]) if record.photo else None

    def get_thumb_url(self, record) -> str | None:
        return reverse("api-record-photo", args=[record.client_uuid]) + "?thumb=1" if record.photo_thumb else None
