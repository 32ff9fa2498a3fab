"""Web Push to the members' phones (VAPID, pywebpush): a record the officer returns reaches its author.

The payload is encrypted for the device (RFC 8291), so the push service cannot read it; it still names
no citizen, since a locked phone shows it. Without VAPID keys in the environment nothing is sent and the
phone learns the count of records to fix at its next sync.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from records.models import AssistanceRecord, Status

from .models import PushSubscription

log = logging.getLogger(__name__)
PUSH_TIMEOUT_S = 5
PUSH_TTL_S = 7 * 24 * 3600  # a phone offline for days still gets it when it comes back


def push_enabled() -> bool:
    return bool(settings.WEBPUSH_VAPID_PUBLIC_KEY and settings.WEBPUSH_VAPID_PRIVATE_KEY)


def subscription_save(*, user, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """This device's subscription, now the user's (a shared phone passes from one member to the next)."""
    sub, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth})
    return sub


def subscription_delete(*, user, endpoint: str) -> int:
    return PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()[0]


def returned_message(record: AssistanceRecord) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        when = formats.date_format(timezone.localtime(record.occurred_at), "d/m/Y")
        what = f"{record.service_type.short_name} {when}"
        return {
            "title": _("Record to fix"),
            "body": _("Record %(record)s needs fixing: %(reason)s") % {"record": what, "reason": record.review_reason},
            "url": f"/app/#/fix/{record.client_uuid}",
            "tag": f"fix-{record.client_uuid}",
        }


def send_to_user(user_id: int, message: dict) -> int:
    """Sends to every device of the user; drops the subscriptions the push service says are gone."""
    from pywebpush import WebPushException, webpush

    if not push_enabled():
        return 0
    sent = 0
    for sub in PushSubscription.objects.filter(user_id=user_id):
        try:
            webpush(subscription_info={"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}},
                    data=json.dumps(message), vapid_private_key=settings.WEBPUSH_VAPID_PRIVATE_KEY,
                    vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT}, ttl=PUSH_TTL_S, timeout=PUSH_TIMEOUT_S)
            sent += 1
        except WebPushException as err:
            status = err.response.status_code if err.response is not None else None
            if status in (404, 410):
                sub.delete()
            else:
                log.warning("web push failed (status %s) for subscription %s", status, sub.pk)
        except Exception:  # network: the phone learns it at its next sync anyway
            log.warning("web push failed for subscription %s", sub.pk, exc_info=True)
    return sent


@receiver(post_save, sender=AssistanceRecord, dispatch_uid="field.push.record_returned")
def record_returned(sender, instance: AssistanceRecord, created: bool, update_fields=None, **kwargs):
    """records.services.record_review saves the status: once committed, a return is pushed to its author."""
    if created or instance.status != Status.RETURNED or (update_fields is not None and "status" not in update_fields):
        return
    if not push_enabled():
        return
    record_id = instance.pk

    def send():
        record = AssistanceRecord.objects.select_related("service_type").filter(pk=record_id).first()
        if record is not None and record.status == Status.RETURNED:
            send_to_user(record.member_id, returned_message(record))

    transaction.on_commit(send)
