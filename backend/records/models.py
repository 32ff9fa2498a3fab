from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    SUCCESS = "success", _("done")
    PENDING = "pending", _("not finished, to come back")
    FAILED = "failed", _("could not be done")


class OutcomeReason(models.TextChoices):
    NO_SIGNAL = "no_signal", _("no mobile signal")
    CHIP_MISSING = "chip_missing", _("CCCD without chip")
    NO_SMARTPHONE = "no_smartphone", _("no smartphone")
    SYSTEM_ERROR = "system_error", _("the system was down")
    MISSING_PAPERS = "missing_papers", _("missing papers")
    CITIZEN_BUSY = "citizen_busy", _("the citizen had no time")
    OTHER = "other", _("other reason")


class Place(models.TextChoices):
    HOME = "home", _("at home")
    VILLAGE_HALL = "village_hall", _("at the village hall")
    COMMUNE_OFFICE = "commune_office", _("at the commune office")
    OTHER = "other", _("elsewhere")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned for correction")
    REJECTED = "rejected", _("rejected")


REVIEWED_STATUSES = [Status.APPROVED, Status.RETURNED, Status.REJECTED]


class AssistanceRecord(models.Model):
    """One act of help to one citizen (or household, or business) for one service."""

    client_uuid = models.UUIDField(_("client UUID"), unique=True, default=uuid.uuid4, editable=False,
                                   help_text=_("Made by the phone; the key of offline sync."))
    client_version = models.PositiveIntegerField(_("client version"), default=1)
    # Grows with every change of content (a member's fix, a new photo): an officer's decision names the
    # version they saw, and a record changed since is not decided blind (review.services.record_decide).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    service_type = models.ForeignKey("catalog.ServiceType", verbose_name=_("service"), on_delete=models.PROTECT,
                                     related_name="records")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    outcome_reason = models.CharField(_("reason"), max_length=20, choices=OutcomeReason.choices, blank=True)
    outcome_note = models.CharField(_("reason details"), max_length=200, blank=True)

    # "Chưa xong, hẹn lại": the day the member means to come back (optional), and on the record of that
    # return visit, the record it follows up (the same member's own; field.sync checks it).
    appointment_on = models.DateField(_("appointment date"), null=True, blank=True)
    follows = models.ForeignKey("self", verbose_name=_("follow-up of"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="follow_ups")

    village = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("village"), on_delete=models.PROTECT,
                                related_name="village_records")
    commune = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="commune_records", editable=False)
    team = models.ForeignKey("teams.Team", verbose_name=_("team"), on_delete=models.PROTECT, related_name="records")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("team member"), on_delete=models.PROTECT,
                               related_name="records")
    occurred_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("where"), max_length=16, choices=Place.choices, default=Place.HOME)

    citizen = models.ForeignKey("citizens.Citizen", verbose_name=_("citizen"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="records")
    household = models.ForeignKey("citizens.Household", verbose_name=_("household"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="records")
    # The citizen's province-level "same person", copied here so that counting distinct people
    # reads one indexed column of this table (no join at 2,000,000 records). Kept by save().
    person = models.ForeignKey("citizens.Person", verbose_name=_("person (for counting)"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+", editable=False)

    # Random names (records.photos); served only by the scope-checked views, never from a public URL.
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True)
    photo_thumb = models.ImageField(_("thumbnail"), upload_to="thumbs/", blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    procedure_name = models.CharField(_("procedure"), max_length=200, blank=True)
    application_code = models.CharField(_("application code"), max_length=60, blank=True)
    payment_provider = models.CharField(_("payment provider"), max_length=60, blank=True)
    # A citizen checked in at a group session (a service with a session kind): the session's client UUID,
    # which the phone knows before either is sent; outreach.selectors joins the two within the commune.
    session_uuid = models.UUIDField(_("group session attended"), null=True, blank=True)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    review_reason = models.CharField(_("review reason"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="reviewed_records")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("assistance record")
        verbose_name_plural = _("assistance records")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["commune", "status", "occurred_at"], name="record_commune_status_idx"),
            models.Index(fields=["village", "occurred_at"], name="record_village_idx"),
            models.Index(fields=["member", "occurred_at"], name="record_member_idx"),
            models.Index(fields=["team", "occurred_at"], name="record_team_idx"),
            models.Index(fields=["service_type", "citizen"], name="record_service_citizen_idx"),
            models.Index(fields=["commune", "outcome", "appointment_on"], name="record_follow_up_idx"),
            # The officer's record list, newest first (-occurred_at, -id), a page at a time whatever the size.
            models.Index(fields=["occurred_at", "id"], name="record_occurred_idx"),
            # Applications helped (distinct codes per procedure): read from the index alone on PostgreSQL.
            models.Index(fields=["session_uuid"], condition=Q(session_uuid__isnull=False), name="record_session_idx"),
            models.Index(fields=["village", "occurred_at", "service_type", "application_code", "procedure_name"],
                         condition=Q(status="approved") & ~Q(application_code=""), name="record_application_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="record_outcome_valid"),
            models.CheckConstraint(condition=Q(appointment_on__isnull=True) | Q(outcome="pending"),
                                   name="record_appointment_when_pending"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="record_status_valid"),
            models.CheckConstraint(condition=Q(place__in=Place.values), name="record_place_valid"),
            models.CheckConstraint(
                condition=Q(outcome="success", outcome_reason="") | ~Q(outcome="success"),
                name="record_success_has_no_reason",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="record_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="record_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="record_review_has_reviewer",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["returned", "rejected"]) | ~Q(review_reason=""),
                name="record_return_reject_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_type.short_name} · {self.occurred_at:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        # Whatever writes the record (services, admin, fixtures), the counted person follows the citizen.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"citizen", "citizen_id"} & set(update_fields):
            self.person_id = self.citizen.person_id if self.citizen_id else None
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "person"}
        super().save(*args, **kwargs)

    @property
    def is_editable_by_member(self) -> bool:
        # Until an officer approves or rejects it, the member who logged it may fix it.
        return self.status in (Status.SUBMITTED, Status.RETURNED)
