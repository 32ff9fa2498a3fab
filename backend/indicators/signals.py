"""Keeps the summary table current as records are created, reviewed, edited or deleted one by one.

Each save or delete of a record that is, or was, approved measures its subjects' share of the table
before and after (indicators.upkeep). Bulk writes (QuerySet.update, bulk_create) send no signals:
the review services keep the table themselves with one Upkeep; other callers run summary_rebuild().
"""

from __future__ import annotations

from django.db import connection
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from records.models import AssistanceRecord, Status

from .upkeep import TRACKED, Upkeep, record_state


def _states(instance: AssistanceRecord) -> list[dict] | None:
    """Old and new state of the tracked fields, or None when the change cannot move any figure."""
    new = record_state(instance)
    old = None
    if instance.pk:
        stored = AssistanceRecord.objects.filter(pk=instance.pk)
        if connection.in_atomic_block:
            stored = stored.select_for_update()  # already ours when a service locked it (records.services)
        old = stored.values(*TRACKED).first()
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
    instance._summary_upkeep = Upkeep(states=states, record_ids=[instance.pk] if instance.pk else []) if states else None


@receiver(post_save, sender=AssistanceRecord, dispatch_uid="indicators_summary_post_save")
def summary_after_save(sender, instance: AssistanceRecord, raw=False, **kwargs):
    upkeep = getattr(instance, "_summary_upkeep", None)
    if raw or upkeep is None:
        return
    instance._summary_upkeep = None
    upkeep.apply(record_ids=[instance.pk])


@receiver(pre_delete, sender=AssistanceRecord, dispatch_uid="indicators_summary_pre_delete")
def summary_before_delete(sender, instance: AssistanceRecord, **kwargs):
    stored = AssistanceRecord.objects.filter(pk=instance.pk)
    if connection.in_atomic_block:
        stored = stored.select_for_update()
    state = stored.values(*TRACKED).first() or record_state(instance)
    approved = state["status"] == Status.APPROVED
    instance._summary_upkeep = Upkeep(states=[state], record_ids=[instance.pk]) if approved else None


@receiver(post_delete, sender=AssistanceRecord, dispatch_uid="indicators_summary_post_delete")
def summary_after_delete(sender, instance: AssistanceRecord, **kwargs):
    upkeep = getattr(instance, "_summary_upkeep", None)
    if upkeep is not None:
        instance._summary_upkeep = None
        upkeep.apply(record_ids=[])
