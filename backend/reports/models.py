"""The reports the officers write: one document per unit and period, kept as numbered versions.

A version is a draft (its fields save as the officer types; its figures are live, counted as of
its cut-off) until "chốt số liệu" freezes it: the figures are stored in `snapshot`, who and when
are recorded, and the version is never edited again. Changing a finalised report means a new
version, which starts as a copy; the old versions stay.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SignMode(models.TextChoices):
    """Nghị định 30/2020: the chairman signs "TM." the committee; a deputy signs "KT." the chairman."""

    TM = "tm", _("on behalf of the committee (TM.)")
    KT = "kt", _("for the chairman (KT.)")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    FINAL = "final", _("finalised")


# The prose sections, in the order of the document (seeds 001 and 003).
SECTIONS = ("results_text", "assessment_text", "limitations_text", "tasks_text", "proposals_text")


class ReportDocument(models.Model):
    """The report of one unit for one period (year, half-year, quarter, month or a date range)."""

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="report_documents")
    period_kind = models.CharField(_("kind of period"), max_length=5)
    period_key = models.CharField(_("period"), max_length=24)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_end", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "period_key"], name="reportdocument_unique")]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_key}"


class ReportVersion(models.Model):
    document = models.ForeignKey(ReportDocument, verbose_name=_("report"), on_delete=models.CASCADE,
                                 related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=5, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    cutoff = models.DateField(_("cut-off date"))
    # Header of the administrative document.
    issuer_parent = models.CharField(_("issuing body (first line)"), max_length=120, blank=True)
    issuer_name = models.CharField(_("issuing body (second line)"), max_length=120, blank=True)
    number_text = models.CharField(_("report number"), max_length=20, blank=True)
    symbol = models.CharField(_("symbol"), max_length=40, default="BC-UBND")
    place = models.CharField(_("place"), max_length=80, blank=True)
    issued_on = models.DateField(_("date of the report"), null=True, blank=True)
    title = models.CharField(_("subject"), max_length=300, blank=True)
    # The request letter the report answers ("Thực hiện Công văn số 2391/STTTT ngày 22/11/2023 của …").
    request_number = models.CharField(_("request letter number"), max_length=60, blank=True)
    request_date = models.DateField(_("request letter date"), null=True, blank=True)
    request_issuer = models.CharField(_("request letter issued by"), max_length=200, blank=True)
    request_subject = models.CharField(_("request letter subject"), max_length=300, blank=True)
    addressees = models.TextField(_("to (Kính gửi)"), blank=True)
    recipients = models.TextField(_("recipients (Nơi nhận)"), blank=True)
    sign_mode = models.CharField(_("signing"), max_length=2, choices=SignMode.choices, default=SignMode.TM)
    signer_title = models.CharField(_("signer's title"), max_length=80, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    # The prose the officer writes.
    results_text = models.TextField(_("results by pillar"), blank=True)
    assessment_text = models.TextField(_("overall assessment"), blank=True)
    limitations_text = models.TextField(_("limitations and their causes"), blank=True)
    tasks_text = models.TextField(_("tasks for the next period"), blank=True)
    proposals_text = models.TextField(_("proposals (kiến nghị)"), blank=True)
    # Set by "chốt số liệu".
    snapshot = models.JSONField(_("figures as finalised"), null=True, blank=True, editable=False)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True, editable=False)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("finalised by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="reportversion_unique"),
            models.CheckConstraint(condition=Q(status__in=VersionStatus.values), name="reportversion_status_valid"),
            models.CheckConstraint(condition=Q(status="draft") | Q(snapshot__isnull=False, finalised_at__isnull=False),
                                   name="reportversion_final_has_snapshot"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def unit(self):
        """The unit, so the audit trail files the version under its commune."""
        return self.document.unit

    @property
    def is_final(self) -> bool:
        return self.status == VersionStatus.FINAL
