"""A serializer field for "a village this user may log in", shared by records and group sessions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class CaptureVillageField(serializers.IntegerField):
    """An OrgUnit id, resolved against the serializer context's `villages` (id → OrgUnit).

    The caller puts there the villages the user may log in (records.selectors.capture_villages_for),
    loaded once per sync batch; an id outside them is refused rather than looked up.
    """

    default_error_messages = {
        "outside": _("You can only log help given in the villages of your commune."),
    }

    def to_internal_value(self, data):
        village = self.context["villages"].get(super().to_internal_value(data))
        if village is None:
            self.fail("outside")
        return village
