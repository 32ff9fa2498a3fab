"""Keeps the summary table current as records are created, reviewed, edited or deleted.

Bulk writes (QuerySet.update, bulk_create) send no signals: callers run summary_rebuild() after them.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from records.models import AssistanceRecord, Status

from .services import record_state, summary_apply, summary_contributions


def _states(instance: AssistanceRecord) -> list[dict] | None:
    """Old and new state of the tracked fields, or None when the change cannot move any figure."""
    new = record_state(instance)
    old = None
    if instance.pk:
        old = AssistanceRecord.objects.filter(pk=instance.pk).values(*[f for f in new]).first()
    if old == new:
        return None
    if new["status"] != Status.APPROVED and (old is None or old["status"] != Status.APPROVED):
        return None
    return [s for s in (old, new) if s]


@receiver(pre_save, sender=AssistanceRecord, dispatch_uid="indicators_summary_pre_save")
def summary_before_save(sender, instance: AssistanceRecord, raw=False, **kwargs):
    if raw:
        return
    states = _states(instance)
    instance._summary_states = states
    if states:
        instance._summary_before = summary_contributions(states=states, record_id=instance.pk)


@receiver(post_save, sender=AssistanceRecord, dispatch_uid="indicators_summary_post_save")
def summary_after_save(sender, instance: AssistanceRecord, raw=False, **kwargs):
    states = getattr(instance, "_summary_states", None)
    if raw or not states:
        return
    after = summary_contributions(states=states, record_id=instance.pk)
    summary_apply(before=instance._summary_before, after=after)
    instance._summary_states = None


@receiver(pre_delete, sender=AssistanceRecord, dispatch_uid="indicators_summary_pre_delete")
def summary_before_delete(sender, instance: AssistanceRecord, **kwargs):
    state = record_state(instance)
    instance._summary_states = [state] if state["status"] == Status.APPROVED else None
    if instance._summary_states:
        instance._summary_before = summary_contributions(states=instance._summary_states, record_id=instance.pk)


@receiver(post_delete, sender=AssistanceRecord, dispatch_uid="indicators_summary_post_delete")
def summary_after_delete(sender, instance: AssistanceRecord, **kwargs):
    states = getattr(instance, "_summary_states", None)
    if not states:
        return
    summary_apply(before=instance._summary_before, after=summary_contributions(states=states, record_id=None))
