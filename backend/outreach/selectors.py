from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Role
from accounts.scopes import record_filter

from .models import GroupSession


def sessions_visible_to(*, user) -> QuerySet[GroupSession]:
    """Group sessions follow the records' scope; a member (no session of their own team) sees what they logged."""
    if user.is_authenticated and user.role == Role.MEMBER:
        return GroupSession.objects.filter(created_by_id=user.pk)
    return GroupSession.objects.filter(record_filter(user))
