from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from catalog.models import SessionKind
from edge.params import FIRST_ACTIVITY_DATE
from orgunits.fields import CaptureVillageField

from .models import GroupSession


class SessionInSerializer(serializers.Serializer):
    """One group session in a sync batch. Context: `villages` (id → OrgUnit the user may log in)."""

    client_uuid = serializers.UUIDField()
    village = CaptureVillageField(allow_null=True)  # null: held for the whole commune (a commune team's)
    held_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=SessionKind.choices, required=False, default=SessionKind.OUTREACH)
    topic = serializers.CharField(max_length=200)
    attendees = serializers.IntegerField(min_value=1, max_value=100_000)
    for_team_members = serializers.BooleanField(required=False, default=False)

    def validate_held_on(self, value):
        if value > timezone.localdate() + datetime.timedelta(days=1):
            raise serializers.ValidationError(_("The date cannot be in the future."))
        if value < FIRST_ACTIVITY_DATE:
            # 1970-01-01 is what a phone sends for timestamp 0: the same lower bound as the records'.
            raise serializers.ValidationError(_("The date is too far in the past."))
        return value

    def validate_village(self, value):
        team = getattr(self.context.get("user"), "team", None)
        if value is None and (team is None or team.is_village_team):
            raise serializers.ValidationError(_("Only the commune-level team logs a session for the whole commune: "
                                                "choose the village."))
        return value


class SessionSerializer(serializers.ModelSerializer):
    village_name = serializers.CharField(source="place")  # "toàn xã/phường" for a commune-wide session
    commune_code = serializers.CharField(source="commune.code", allow_null=True)
    created_by = serializers.CharField(source="created_by.username")

    class Meta:
        model = GroupSession
        fields = ["client_uuid", "team", "village", "village_name", "commune", "commune_code", "held_on", "kind",
                  "topic", "attendees", "for_team_members", "created_by", "created_at"]
        read_only_fields = fields
