"""Writes of the report workspace: create a report, save its draft, "chốt số liệu", start a new version.

Access is checked by the caller (reports.access). Creating, finalising and versioning are audited;
the draft's autosaves are not (they are the officer's typing, kept whole in the version itself).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_log
from orgunits.models import OrgUnit
from periods.periods import Period

from .defaults import EDITABLE, version_defaults
from .figures import period_doc_key, report_figures
from .models import ReportDocument, ReportVersion, VersionStatus
from .selectors import document_period, version_latest


@transaction.atomic
def document_create(*, unit: OrgUnit, period: Period, by, cutoff: datetime.date | None = None,
                    today: datetime.date | None = None) -> ReportVersion:
    """Starts the report of a unit and period (version 1, a draft); an existing one is returned as is."""
    today = today or timezone.localdate()
    key = period_doc_key(period)
    existing = ReportDocument.objects.filter(unit=unit, period_key=key).first()
    if existing is not None:
        return version_latest(existing)
    with transaction.atomic():
        try:
            document = ReportDocument.objects.create(unit=unit, period_kind=period.kind, period_key=key,
                                                     period_start=period.start, period_end=period.end, created_by=by)
        except IntegrityError:  # created meanwhile by another request
            return version_latest(ReportDocument.objects.get(unit=unit, period_key=key))
    values = version_defaults(unit=unit, period=period, today=today, exclude_document=document.pk)
    if cutoff is not None:
        values["cutoff"] = cutoff
    version = ReportVersion.objects.create(document=document, number=1, created_by=by, **values)
    audit_log(actor=by, action=Action.CREATE, obj=version,
              changes={"period": period.label, "cutoff": version.cutoff.isoformat(), "version": 1})
    return version


def _check_cutoff(*, version: ReportVersion, cutoff: datetime.date) -> None:
    period = document_period(version.document)
    if period.start is not None and cutoff < period.start:
        raise ValidationError({"cutoff": _("The cut-off date cannot be before the period starts (%(d)s).")
                               % {"d": period.start.strftime("%d/%m/%Y")}})
    if cutoff > period.end:
        raise ValidationError({"cutoff": _("The cut-off date cannot be after the period ends (%(d)s).")
                               % {"d": period.end.strftime("%d/%m/%Y")}})


@transaction.atomic
def version_save(*, version: ReportVersion, values: dict, by) -> ReportVersion:
    """Saves a draft's fields (only those given). A finalised version is never changed."""
    version = ReportVersion.objects.select_for_update().select_related("document").get(pk=version.pk)
    if version.is_final:
        raise ValidationError(_("This version has been finalised; make a new version to change it."))
    if "cutoff" in values and values["cutoff"] is not None:
        _check_cutoff(version=version, cutoff=values["cutoff"])
    # Every field given is taken (an emptied date clears it), except a missing cut-off.
    changed = [f for f in EDITABLE if f in values and getattr(version, f) != values[f]
               and not (f == "cutoff" and values[f] is None)]
    for f in changed:
        setattr(version, f, values[f])
    if changed:
        version.save()
    return version


@transaction.atomic
def version_finalise(*, version: ReportVersion, by, today: datetime.date | None = None) -> ReportVersion:
    """"Chốt số liệu": stores the figures as of the cut-off in the version, with who and when; audited."""
    version = ReportVersion.objects.select_for_update().select_related("document__unit").get(pk=version.pk)
    if version.is_final:
        raise ValidationError(_("This version has already been finalised."))
    document = version.document
    snapshot = report_figures(unit=document.unit, period=document_period(document), cutoff=version.cutoff, today=today)
    version.snapshot, version.status = snapshot, VersionStatus.FINAL
    version.finalised_at, version.finalised_by = timezone.now(), by
    version.save()
    audit_log(actor=by, action=Action.UPDATE, obj=version, changes={
        "status": [str(VersionStatus.DRAFT.label), str(VersionStatus.FINAL.label)],
        "cutoff": version.cutoff.isoformat(), "people": snapshot["people"], "visits": snapshot["visits"]})
    return version


@transaction.atomic
def version_new(*, document: ReportDocument, by) -> ReportVersion:
    """A new draft version of a finalised report, copied from the latest; the old versions stay as they are."""
    latest = ReportVersion.objects.select_for_update().filter(document=document).order_by("-number").first()
    if not latest.is_final:
        raise ValidationError(_("The latest version is still a draft: edit it instead."))
    values = {f: getattr(latest, f) for f in EDITABLE}
    version = ReportVersion.objects.create(document=document, number=latest.number + 1, created_by=by, **values)
    audit_log(actor=by, action=Action.CREATE, obj=version,
              changes={"version": version.number, "from_version": latest.number})
    return version
