"""The offline sync over HTTP: POST /api/v1/sync/. The rules live in field.sync."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from records.api import TeamMemberOnly

from .sync import MAX_BATCH, sync_batch


class SyncView(TeamMemberOnly, APIView):
    """POST a batch of up to 200 records (and group sessions); per-record results, never all-or-nothing."""

    @extend_schema(
        request=inline_serializer("SyncBatch", {
            "records": serializers.ListField(child=serializers.DictField(), required=False),
            "sessions": serializers.ListField(child=serializers.DictField(), required=False),
        }),
        responses=inline_serializer("SyncResults", {
            "records": serializers.ListField(child=serializers.DictField()),
            "sessions": serializers.ListField(child=serializers.DictField()),
        }),
    )
    def post(self, request):
        self.check_team_role(request)
        body = request.data if isinstance(request.data, dict) else None
        if body is None:
            raise exceptions.ValidationError({"non_field_errors": [_("Send an object with a list of records.")]})
        records, sessions = body.get("records", []), body.get("sessions", [])
        errors = {}
        for key, items in (("records", records), ("sessions", sessions)):
            if not isinstance(items, list):
                errors[key] = [_("Must be a list.")]
            elif len(items) > MAX_BATCH:
                errors[key] = [_("At most %(max)d items per batch; send the rest in another batch.") % {"max": MAX_BATCH}]
        if errors:
            raise exceptions.ValidationError(errors)
        return Response(sync_batch(user=request.user, records=records, sessions=sessions))
