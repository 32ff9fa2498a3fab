"""Writes of the officer workspace: reviews and the officer-entered figures. Access is checked by the caller."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_log, model_changes
from edge.retry import retry_on_conflict
from indicators.upkeep import Upkeep, record_state
from records.models import AssistanceRecord, Status
from records.services import record_lock, record_review, records_approve_many

REVIEWABLE = (Status.SUBMITTED, Status.RETURNED)
# A returned record waits for the member's fix; meanwhile the officer may only give up on it (reject).
ALLOWED_FROM = {
    Status.APPROVED: (Status.SUBMITTED,),
    Status.RETURNED: (Status.SUBMITTED,),
    Status.REJECTED: (Status.SUBMITTED, Status.RETURNED),
}


class StaleRecord(ValidationError):
    """The record changed after the officer opened it: they decide on what they saw, or not at all."""


def _stale() -> StaleRecord:
    return StaleRecord(_("The record was just changed; look at it again."), code="stale")


@retry_on_conflict
def record_decide(*, record: AssistanceRecord, by, status: str, reason: str = "",
                  version: int | None = None) -> AssistanceRecord:
    """One review decision, through records.services.record_review (which writes the audit trail).

    `version` is the record's version the officer saw; when given, a record changed since is refused.
    """
    record = record_lock(record)
    if status not in ALLOWED_FROM:
        raise ValidationError(_("Unknown decision."))
    if record.status not in ALLOWED_FROM[status]:
        raise ValidationError(_("This record has already been %(status)s.") % {"status": record.get_status_display()})
    if version is not None and version != record.version:
        raise _stale()
    if status in (Status.RETURNED, Status.REJECTED) and not reason.strip():
        raise ValidationError(_("Give the member a reason."))
    return record_review(record=record, by=by, status=status, reason=reason.strip())


@dataclass(frozen=True)
class BulkResult:
    approved: int
    stale: int  # changed since the officer's page showed them: left for another look


@retry_on_conflict
def records_bulk_approve(*, records, by, versions: dict[int, int] | None = None) -> int:
    """Approves the submitted ones among `records` (a queryset already scoped to the reviewer).

    Returns the number approved; see records_bulk_approve_checked for the ones left because they changed.
    """
    return records_bulk_approve_checked(records=records, by=by, versions=versions).approved


@retry_on_conflict
def records_bulk_approve_checked(*, records, by, versions: dict[int, int] | None = None) -> BulkResult:
    """Like records_bulk_approve; `versions` maps a record's id to the version the officer saw.

    The rows are locked in one order, the summary kept with one Upkeep (indicators.upkeep): a few
    statements for a whole page, whatever its size.
    """
    # Lock the rows themselves: the caller's queryset may join nullable relations, which PostgreSQL won't lock.
    ids = list(records.order_by().values_list("pk", flat=True))
    locked = list(AssistanceRecord.objects.select_for_update(of=("self",)).select_related("service_type")
                  .filter(pk__in=ids, status=Status.SUBMITTED).order_by("pk"))
    fresh = [r for r in locked if versions is None or versions.get(r.pk, r.version) == r.version]
    if not fresh:
        return BulkResult(approved=0, stale=len(locked))
    before = [record_state(r) for r in fresh]
    upkeep = Upkeep(states=before + [{**s, "status": Status.APPROVED} for s in before], record_ids=[r.pk for r in fresh])
    approved = records_approve_many(records=fresh, by=by)
    upkeep.apply()
    return BulkResult(approved=approved, stale=len(locked) - len(fresh))


@transaction.atomic
def figure_save(*, form, by) -> models.Model:
    """Saves a validated denominator, baseline or target form and audits what changed."""
    instance = form.instance
    fields = list(form.cleaned_data)
    # The form has already copied its data onto the instance: read the old values from the database.
    old = None if instance.pk is None else type(instance).objects.get(pk=instance.pk)
    before = {} if old is None else {f: str(getattr(old, f)) for f in fields}
    created = instance.pk is None
    obj = form.save()
    after = {f: str(getattr(obj, f)) for f in fields}
    audit_log(actor=by, action=Action.CREATE if created else Action.UPDATE, obj=obj,
              changes=after if created else model_changes(before, after))
    return obj
