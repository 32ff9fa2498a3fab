from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .text import fold

# Nghị quyết 202/2025/QH15: the districts and the former communes ceased on 30/6/2025; the new ones began on 1/7/2025.
REFORM_LAST_DAY = datetime.date(2025, 6, 30)
REFORM_FIRST_DAY = datetime.date(2025, 7, 1)


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    VILLAGE = "village", _("Village")


class Kind(models.TextChoices):
    """The administrative title a unit carries in its name ("Xã", "Phường", "Thôn"...)."""

    TINH = "tinh", _("Province (tỉnh)")
    THANH_PHO_TW = "thanh_pho_tw", _("Centrally governed city")
    HUYEN = "huyen", _("District (huyện)")
    THI_XA = "thi_xa", _("Town (thị xã)")
    THANH_PHO = "thanh_pho", _("Provincial city")
    QUAN = "quan", _("Urban district (quận)")
    XA = "xa", _("Commune (xã)")
    PHUONG = "phuong", _("Ward (phường)")
    THI_TRAN = "thi_tran", _("Township (thị trấn)")
    DAC_KHU = "dac_khu", _("Special zone (đặc khu)")
    THON = "thon", _("Village (thôn)")
    TO_DAN_PHO = "to_dan_pho", _("Residential group (tổ dân phố)")
    BAN = "ban", _("Hamlet (bản)")
    KHU_DAN_CU = "khu_dan_cu", _("Residential area")


# The word written before a unit's name in documents ("UBND XÃ HƯNG ĐẠO", "phường Chánh Lộ").
KIND_TITLE = {
    Kind.TINH: "Tỉnh", Kind.THANH_PHO_TW: "Thành phố", Kind.HUYEN: "Huyện", Kind.THI_XA: "Thị xã",
    Kind.THANH_PHO: "Thành phố", Kind.QUAN: "Quận", Kind.XA: "Xã", Kind.PHUONG: "Phường",
    Kind.THI_TRAN: "Thị trấn", Kind.DAC_KHU: "Đặc khu", Kind.THON: "Thôn", Kind.TO_DAN_PHO: "Tổ dân phố",
    Kind.BAN: "Bản", Kind.KHU_DAN_CU: "Khu dân cư",
}

PARENT_LEVEL = {
    Level.DISTRICT: {Level.PROVINCE},
    Level.COMMUNE: {Level.PROVINCE, Level.DISTRICT},
    Level.VILLAGE: {Level.COMMUNE},
}


class OrgUnitQuerySet(models.QuerySet):
    def communes(self):
        return self.filter(level=Level.COMMUNE)

    def villages(self):
        return self.filter(level=Level.VILLAGE)

    def valid_on(self, day):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class OrgUnit(models.Model):
    """A unit of the administrative hierarchy: province → (district) → commune → village.

    Official codes (Quyết định 19/2025/QĐ-TTg, earlier 124/2004): villages have none. Most of the 2025
    communes took the code of one of the communes merged into them (xã Đại Sơn, Hải Phòng, has the code
    11086 of the former xã Hưng Đạo, Hải Dương), so a code is unique among current units and among units
    that ended on the same day, not across all time. A unit merged away keeps its rows and names its
    successor.
    """

    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(_("official code"), max_length=8, blank=True, null=True)
    # The name without diacritics, lower-case ("tinh khe"): what the pickers search.
    name_folded = models.CharField(_("name without diacritics"), max_length=120, blank=True, editable=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    # Denormalised so that province-wide queries need no recursive walk.
    province = models.ForeignKey(
        "self", verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="predecessors",
    )

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="orgunit_valid_range",
            ),
            models.CheckConstraint(condition=~Q(successor=F("id")), name="orgunit_successor_not_self"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="orgunit_parent_not_self"),
            models.CheckConstraint(
                condition=Q(level="province", parent__isnull=True) | Q(~Q(level="province"), parent__isnull=False),
                name="orgunit_parent_by_level",
            ),
            models.CheckConstraint(condition=Q(level__in=Level.values), name="orgunit_level_valid"),
            models.CheckConstraint(condition=~Q(level="village") | Q(code__isnull=True), name="village_has_no_code"),
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name_in_parent"),
            models.UniqueConstraint(fields=["code"], condition=Q(valid_to__isnull=True),
                                    name="orgunit_code_unique_among_current"),
            models.UniqueConstraint(fields=["code", "valid_to"], condition=Q(valid_to__isnull=False),
                                    name="orgunit_code_unique_per_end"),
        ]

    def __str__(self) -> str:
        # Villages are shown within their commune; a commune among 3,321 needs its title and province.
        if self.level == Level.VILLAGE:
            return f"{self.name} ({self.until})" if self.valid_to else self.name
        return self.label

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        if self.parent_id:
            parent = self.parent
            self.province_id = parent.id if parent.level == Level.PROVINCE else parent.province_id
        else:
            self.province_id = None
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        """The name with its title, as written in documents: "Phường Chánh Lộ", "Tổ dân phố 1"."""
        title = KIND_TITLE.get(self.kind, "")
        if not title or self.name.lower().startswith(title.lower()):
            return self.name
        return f"{title} {self.name}"

    @property
    def label(self) -> str:
        """What a picker shows: "Xã Đại Sơn · Hải Phòng", "Phường Chánh Lộ · Quảng Ngãi (đến 30/06/2025)"."""
        if self.level == Level.VILLAGE:
            text = f"{self.full_name} · {self.parent.full_name}"
        else:
            text = self.full_name if self.province is None else f"{self.full_name} · {self.province.name}"
        return f"{text} ({self.until})" if self.valid_to else text

    @property
    def until(self) -> str:
        return str(_("until %(day)s") % {"day": self.valid_to.strftime("%d/%m/%Y")}) if self.valid_to else ""

    @property
    def is_commune(self) -> bool:
        return self.level == Level.COMMUNE

    @property
    def commune(self) -> OrgUnit | None:
        if self.level == Level.COMMUNE:
            return self
        if self.level == Level.VILLAGE:
            return self.parent
        return None
