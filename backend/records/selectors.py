from __future__ import annotations

from django.db.models import QuerySet

from accounts.scopes import record_filter

from .models import AssistanceRecord


def records_visible_to(*, user) -> QuerySet[AssistanceRecord]:
    """Every read of assistance records starts here: the slice the user's role and unit allow."""
    return AssistanceRecord.objects.filter(record_filter(user))
