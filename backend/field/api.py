"""What the phone needs to work offline: the member's profile, villages and catalogs, all in scope."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.scopes import can_log_records, can_log_sessions, commune_ids_for, gap_units_for, units_for
from catalog.models import ServiceType, SessionKind
from citizens.models import AddressScheme, Gender
from indicators.formatting import vn_date
from indicators.gaps import gap_sentence, gaps_of, pace_sentence
from orgunits.models import Level, OrgUnit
from outreach.selectors import sessions_visible_to
from outreach.serializers import SessionSerializer
from periods.periods import period_as_of
from records.models import Outcome, OutcomeReason, Place
from records.selectors import capture_villages_for
from teams.models import Team

from . import push


class ServiceTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceType
        fields = ["code", "name", "short_name", "counts", "asks_procedure", "asks_provider", "asks_digital_address",
                  "session_kind"]


class VillageSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField()
    commune_code = serializers.CharField(source="parent.code", allow_null=True)

    class Meta:
        model = OrgUnit
        fields = ["id", "name", "full_name", "parent", "commune_code"]


class TeamSerializer(serializers.ModelSerializer):
    commune_code = serializers.CharField(source="commune.code", allow_null=True)

    class Meta:
        model = Team
        fields = ["id", "name", "unit", "commune", "commune_code", "is_active"]


def _choices(choices) -> list[dict]:
    return [{"value": value, "label": str(label)} for value, label in choices]


class MeView(APIView):
    """The signed-in user's profile, team, commune and everything the capture form offers."""

    @extend_schema(responses=inline_serializer("Me", {"user": serializers.DictField()}))
    def get(self, request):
        user = request.user
        team = user.team if user.team_id else None
        commune = team.commune if team else (user.unit if user.unit_id and user.unit.level == Level.COMMUNE else None)
        villages = capture_villages_for(user=user).select_related("parent")
        return Response({
            "user": {"username": user.username, "display_name": user.display_name, "role": user.role,
                     "position": user.position},
            "team": {"id": team.pk, "name": team.name, "unit": team.unit_id} if team else None,
            "commune": {"id": commune.pk, "name": commune.name, "full_name": commune.full_name,
                        "code": commune.code} if commune else None,
            "default_village": team.unit_id if team and team.is_village_team else None,
            "villages": VillageSerializer(villages, many=True).data,
            "service_types": ServiceTypeSerializer(ServiceType.objects.filter(is_active=True), many=True).data,
            "outcomes": _choices(Outcome.choices),
            "outcome_reasons": _choices(OutcomeReason.choices),
            "places": _choices(Place.choices),
            "genders": _choices(Gender.choices),
            "address_schemes": _choices(AddressScheme.choices),
            "session_kinds": _choices(SessionKind.choices),
            "can_log_records": can_log_records(user),
            "can_log_sessions": can_log_sessions(user),
            "whole_commune_sessions": bool(team and not team.is_village_team and can_log_sessions(user)),
            "push_key": settings.WEBPUSH_VAPID_PUBLIC_KEY or None,
        })


class ServiceTypeList(generics.ListAPIView):
    serializer_class = ServiceTypeSerializer
    pagination_class = None

    def get_queryset(self):
        return ServiceType.objects.filter(is_active=True)


class VillageList(generics.ListAPIView):
    """Villages (of today) of the communes the user may read."""

    serializer_class = VillageSerializer
    pagination_class = None
    queryset = OrgUnit.objects.none()  # for the schema only; requests use get_queryset()

    def get_queryset(self):
        # Villages of today: those of communes merged away in 2025 live on in their successors.
        return units_for(self.request.user).filter(level=Level.VILLAGE, valid_to__isnull=True).select_related(
            "parent").order_by(
            "parent__name", "name")


class TeamList(generics.ListAPIView):
    """Teams of the communes the user may read."""

    serializer_class = TeamSerializer
    pagination_class = None

    def get_queryset(self):
        ids = commune_ids_for(self.request.user)
        qs = Team.objects.select_related("commune")
        return qs if ids is None else qs.filter(commune_id__in=ids)


class MySessionList(generics.ListAPIView):
    """The group sessions the caller logged, newest first: the phone lists them next to its records once sent."""

    serializer_class = SessionSerializer

    def get_queryset(self):
        user = self.request.user
        return sessions_visible_to(user=user).filter(created_by_id=user.pk).select_related(
            "village", "commune", "created_by").order_by("-held_on", "-id")


class PushSubscriptionSerializer(serializers.Serializer):
    endpoint = serializers.URLField(max_length=1000)
    keys = inline_serializer("PushKeys", {"p256dh": serializers.CharField(max_length=200),
                                          "auth": serializers.CharField(max_length=100)})


class PushUnsubscribeSerializer(serializers.Serializer):
    endpoint = serializers.URLField(max_length=1000)


class PushSubscriptionView(APIView):
    """POST: this device's Web Push subscription (PushSubscription.toJSON()); DELETE {endpoint}: removed at logout."""

    @extend_schema(request=PushSubscriptionSerializer, responses={201: None})
    def post(self, request):
        data = PushSubscriptionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        push.subscription_save(user=request.user, endpoint=data.validated_data["endpoint"],
                               p256dh=data.validated_data["keys"]["p256dh"], auth=data.validated_data["keys"]["auth"])
        return Response(status=201)

    @extend_schema(request=PushUnsubscribeSerializer, responses={204: None})
    def delete(self, request):
        data = PushUnsubscribeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        push.subscription_delete(user=request.user, endpoint=data.validated_data["endpoint"])
        return Response(status=204)


def _gap_json(g) -> dict:
    return {"indicator": g.indicator.name, "code": g.indicator.code, "target": f"{g.target.get_comparison_display()} "
            f"{g.target.percent.normalize():f}%", "target_year": g.target.year, "denominator": g.denominator,
            "target_count": g.target_count, "achieved": g.achieved,
            "percent": None if g.percent is None else f"{g.percent:f}", "gap": g.gap, "months_left": g.months_left,
            "pace": g.pace, "gap_text": gap_sentence(g), "pace_text": pace_sentence(g)}


class MyGapsView(APIView):
    """A team leader's village(s): what is still missing to each target, as of today (figures only).

    The phone keeps the last answer to show it offline."""

    @extend_schema(responses=inline_serializer("Gaps", {"villages": serializers.ListField()}))
    def get(self, request):
        villages = list(gap_units_for(request.user).select_related("parent").order_by("name"))
        if not villages:
            raise PermissionDenied
        today = timezone.localdate()
        commune = request.user.team.commune
        found = gaps_of(units=villages, commune=commune, period=period_as_of(day=today), today=today)
        return Response({
            "as_of": vn_date(today), "as_of_iso": today.isoformat(),
            "villages": [{"id": v.pk, "name": v.name, "total_gap": sum(g.gap for g in found[v.pk]),
                          "gaps": [_gap_json(g) for g in found[v.pk]]} for v in villages],
        })
