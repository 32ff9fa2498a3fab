"""Records over HTTP: the list of what the caller may see, photos. Views stay thin (the sync is field's)."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.parsers import FileUploadParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.scopes import can_log_records, can_read_record_details
from edge.params import bool_param, choice_param, datetime_param
from edge.parsers import CleanMultiPartParser

from .models import Status
from .photos import PhotoError, photo_response
from .selectors import own_records, records_visible_to
from .serializers import RecordSerializer
from .services import RecordNotEditable, record_set_photo


class TeamMemberOnly:
    """Only team members and leaders log records from the field."""

    def check_team_role(self, request):
        if not can_log_records(request.user):
            raise exceptions.PermissionDenied(_("Only team members log records from the field."))


class ReadsRecordDetails(permissions.BasePermission):
    """Record-level data is for those who work on records; province/district viewers read roll-ups."""

    message = gettext_lazy(
        "Province and district accounts read the roll-up figures (the reports), not individual records.")

    def has_permission(self, request, view):
        return can_read_record_details(request.user)


RECORD_READERS = [permissions.IsAuthenticated, ReadsRecordDetails]


class RecordList(generics.ListAPIView):
    """The records the caller may see, newest first. `?mine=1` keeps the caller's own records only."""

    serializer_class = RecordSerializer
    permission_classes = RECORD_READERS

    @extend_schema(parameters=[
        OpenApiParameter("mine", bool), OpenApiParameter("status", str, enum=Status.values),
        OpenApiParameter("updated_since", str, description="ISO date-time"),
    ])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        params = self.request.query_params
        # Read strictly (edge.params): a value that is not what the parameter needs is a 400, never ignored.
        qs = own_records(user=user) if bool_param(params, "mine") else records_visible_to(user=user)
        wanted = choice_param(params, "status", Status.values)
        if wanted:
            qs = qs.filter(status=wanted)
        since = datetime_param(params, "updated_since")
        if since is not None:
            qs = qs.filter(Q(updated_at__gte=since))
        return qs.select_related("service_type", "village", "commune", "member", "citizen", "follows", "household").order_by(
            "-occurred_at", "-id")


class RecordDetail(generics.RetrieveAPIView):
    serializer_class = RecordSerializer
    permission_classes = RECORD_READERS
    lookup_field = "client_uuid"

    def get_queryset(self):
        return records_visible_to(user=self.request.user).select_related(
            "service_type", "village", "commune", "member", "citizen", "follows", "household")


class RecordPhoto(TeamMemberOnly, APIView):
    """GET the record's photo (`?thumb=1`: its thumbnail), to whoever may read the record; never a storage
    address. PUT it (multipart field `photo`, or the raw image body), the member who logged the record
    only. Idempotent: it replaces."""

    parser_classes = [CleanMultiPartParser, FileUploadParser]
    permission_classes = RECORD_READERS

    def perform_content_negotiation(self, request, force=False):
        # An <img> asks for image/*: the photo answers it, and errors stay JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(parameters=[OpenApiParameter("thumb", bool)],
                   responses={(200, "image/jpeg"): {"type": "string", "format": "binary"}})
    def get(self, request, client_uuid):
        record = get_object_or_404(records_visible_to(user=request.user), client_uuid=client_uuid)
        return photo_response(record, thumb=request.query_params.get("thumb") in ("1", "true"))

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "photo": {"type": "string", "format": "binary"}}}}, responses=RecordSerializer)
    def put(self, request, client_uuid):
        self.check_team_role(request)
        record = get_object_or_404(own_records(user=request.user), client_uuid=client_uuid)
        upload = request.data.get("photo") or request.data.get("file")
        if upload is None:
            raise exceptions.ValidationError({"photo": [_("No file was submitted.")]})
        if not record.is_editable_by_member:
            raise exceptions.PermissionDenied(_("This record has already been reviewed and can no longer be changed."))
        try:
            record = record_set_photo(record=record, by=request.user, upload=upload)
        except PhotoError as exc:
            raise exceptions.ValidationError({"photo": [str(exc)]}) from exc
        except RecordNotEditable as exc:
            raise exceptions.PermissionDenied(
                _("This record has already been reviewed and can no longer be changed.")) from exc
        return Response(RecordSerializer(record, context={"request": request}).data, status=status.HTTP_200_OK)
