"""Writes of the officer workspace: reviews and the officer-entered figures. Access is checked by the caller."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_log, model_changes
from records.models import AssistanceRecord, Status
from records.services import record_review

REVIEWABLE = (Status.SUBMITTED, Status.RETURNED)
# A returned record waits for the member's fix; meanwhile the officer may only give up on it (reject).
ALLOWED_FROM = {
    Status.APPROVED: (Status.SUBMITTED,),
    Status.RETURNED: (Status.SUBMITTED,),
    Status.REJECTED: (Status.SUBMITTED, Status.RETURNED),
}


@transaction.atomic
def record_decide(*, record: AssistanceRecord, by, status: str, reason: str = "") -> AssistanceRecord:
    """One review decision, through records.services.record_review (which writes the audit trail)."""
    record = AssistanceRecord.objects.select_for_update().get(pk=record.pk)
    if status not in ALLOWED_FROM:
        raise ValidationError(_("Unknown decision."))
    if record.status not in ALLOWED_FROM[status]:
        raise ValidationError(_("This record has already been %(status)s.") % {"status": record.get_status_display()})
    if status in (Status.RETURNED, Status.REJECTED) and not reason.strip():
        raise ValidationError(_("Give the member a reason."))
    return record_review(record=record, by=by, status=status, reason=reason.strip())


@transaction.atomic
def records_bulk_approve(*, records, by) -> int:
    """Approves the submitted ones among `records` (a queryset already scoped to the reviewer)."""
    approved = 0
    # Lock the rows themselves: the caller's queryset may join nullable relations, which PostgreSQL won't lock.
    locked = AssistanceRecord.objects.select_for_update().filter(pk__in=list(records.values_list("pk", flat=True)),
                                                                 status=Status.SUBMITTED)
    for record in locked:
        record_review(record=record, by=by, status=Status.APPROVED)
        approved += 1
    return approved


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
