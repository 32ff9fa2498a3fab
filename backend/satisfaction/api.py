"""The phone's side: a stock of survey tokens (with their QR as SVG) fetched while online, and the link
from a token to the record it went with (the record's client_uuid), sent whenever the phone is online."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.scopes import can_log_records

from .services import token_attach, tokens_issue


def qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10).save(buffer)
    return buffer.getvalue().decode()


class SurveyTokenStock(APIView):
    """POST: top up and return the caller's stock of unused survey tokens, each with its page URL and QR."""

    @extend_schema(request=None, responses=inline_serializer("SurveyTokens", {"tokens": serializers.ListField()}))
    def post(self, request):
        if not can_log_records(request.user):
            raise PermissionDenied
        rows = []
        for t in tokens_issue(member=request.user):
            url = request.build_absolute_uri(f"/y-kien/{t.token}/")
            rows.append({"token": t.token, "url": url, "expires_at": t.expires_at.isoformat(), "svg": qr_svg(url)})
        return Response({"tokens": rows})


class AttachSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=64)
    record_uuid = serializers.UUIDField()


class SurveyTokenAttach(APIView):
    """POST {token, record_uuid}: the record this token was shown for (the caller's own token, once)."""

    @extend_schema(request=AttachSerializer, responses=inline_serializer("Attached", {"ok": serializers.BooleanField()}))
    def post(self, request):
        if not can_log_records(request.user):
            raise PermissionDenied
        data = AttachSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = token_attach(member=request.user, token=data.validated_data["token"],
                             record_uuid=data.validated_data["record_uuid"])
        if found is None:
            return Response({"ok": False}, status=status.HTTP_404_NOT_FOUND)
        return Response({"ok": True})
