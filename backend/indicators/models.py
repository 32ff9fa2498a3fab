from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Counts


class DenominatorKind(models.TextChoices):
    POPULATION = "population", _("population")
    ADULTS_18 = "adults_18", _("adults (18 and over)")
    ADULTS_15 = "adults_15", _("people aged 15 and over")
    WORKING_AGE = "working_age", _("working-age population")
    HOUSEHOLDS = "households", _("households")
    BUSINESSES = "businesses", _("household businesses and enterprises")
    MOBILE_USERS = "mobile_users", _("mobile phone users")
    RESPONDENTS = "respondents", _("survey respondents")
    INSTITUTIONS = "institutions", _("institutions (schools, health stations…)")
    STAFF = "staff", _("cadres and civil servants")
    APPLICATIONS = "applications", _("administrative applications")


class Source(models.TextChoices):
    RECORDS = "records", _("counted from approved records")
    MANUAL = "manual", _("entered by the officer")


class Comparison(models.TextChoices):
    GT = "gt", ">"
    GTE = "gte", "≥"


class Indicator(models.Model):
    """A digital-society indicator: numerator over denominator, per unit and period. Data, not code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    denominator_kind = models.CharField(_("denominator"), max_length=14, choices=DenominatorKind.choices)
    source = models.CharField(_("source of the numerator"), max_length=8, choices=Source.choices,
                              default=Source.RECORDS)
    counts = models.CharField(_("counts"), max_length=10, choices=Counts.choices, default=Counts.PERSON)
    service_types = models.ManyToManyField(
        "catalog.ServiceType", verbose_name=_("service types"), blank=True, related_name="indicators",
        help_text=_("Approved records of these services feed the numerator. A service standing for a kind of session "
                    "(Dự tập huấn…) brings the citizens checked in at those sessions: this is how sessions feed it."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    # Empty: an indicator of the list every unit reports. Set: one a commune officer added to that unit's
    # plan for its years (e.g. schools paying cashless, 000), entered as n of N per period (IndicatorEntry).
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("added to the plan of"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="own_indicators")
    first_year = models.PositiveSmallIntegerField(_("first plan year"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("last plan year"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(denominator_kind__in=DenominatorKind.values),
                                   name="indicator_denominator_valid"),
            models.CheckConstraint(condition=Q(source__in=Source.values), name="indicator_source_valid"),
            models.CheckConstraint(condition=Q(first_year__isnull=True) | Q(last_year__isnull=True)
                                   | Q(last_year__gte=models.F("first_year")), name="indicator_years_ordered"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def feeds(self) -> str:
        """What the numerator counts, as the dashboard states it: the services, and the kinds of session whose
        checked-in citizens count (prefetch service_types)."""
        names = []
        for service in sorted(self.service_types.all(), key=lambda s: (s.sort_order, s.code)):
            if service.session_kind:
                kind = _("citizens checked in at a %(kind)s session") % {"kind": service.get_session_kind_display()}
                names.append(f"{service.short_name} ({kind})")
            else:
                names.append(service.short_name)
        return ", ".join(names)

    def applies_in(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (self.last_year is None or year <= self.last_year)


class Target(models.Model):
    """The share a unit's plan sets for an indicator, from its plan year (e.g. > 95 % in Hưng Đạo, 2023).

    The plan also names what the indicator is measured over: Ngọc Trạo's plan sets payment accounts
    over people aged 18 and over, Hưng Đạo's over the whole population. `denominator_kind` is that
    choice (blank: the indicator's usual denominator). A target applies from `year` until `last_year`
    (blank: until a later plan of the unit sets another).
    """

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="targets")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE,
                             related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    percent = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2)
    comparison = models.CharField(_("comparison"), max_length=3, choices=Comparison.choices, default=Comparison.GTE)
    denominator_kind = models.CharField(
        _("denominator in this plan"), max_length=14, choices=DenominatorKind.choices, blank=True,
        help_text=_("What the plan measures the indicator over; empty: the indicator's usual denominator."))
    last_year = models.PositiveSmallIntegerField(
        _("last plan year"), null=True, blank=True,
        help_text=_("The last year the target applies to; empty: until a later plan sets another."))
    source_note = models.CharField(_("source"), max_length=200, blank=True,
                                   help_text=_("The plan that set it, e.g. Kế hoạch 40/KH-UBND."))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["unit", "year", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "year"], name="target_unique"),
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="target_percent_range"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="target_year_range"),
            models.CheckConstraint(condition=Q(denominator_kind="") | Q(denominator_kind__in=DenominatorKind.values),
                                   name="target_denominator_valid"),
            models.CheckConstraint(condition=Q(last_year__isnull=True) | Q(last_year__gte=models.F("year")),
                                   name="target_last_year_after_first"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit} {self.year}: {self.get_comparison_display()} {self.percent}%"

    @property
    def measured_over(self) -> str:
        return self.denominator_kind or self.indicator.denominator_kind


class Denominator(models.Model):
    """A population figure of a unit (usually a village) for a year, from the statistics or police."""

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE,
                             related_name="denominators")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=14, choices=DenominatorKind.choices)
    value = models.PositiveIntegerField(_("value"))
    source_note = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("denominator")
        verbose_name_plural = _("denominators")
        ordering = ["unit", "year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind"], name="denominator_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="denominator_not_negative"),
            models.CheckConstraint(condition=Q(kind__in=DenominatorKind.values), name="denominator_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.get_kind_display()}: {self.value}"


class UnitFigure(models.Model):
    """A count for one indicator in one unit on a date, typed in by an officer from another source."""

    as_of = models.DateField(_("as of"))
    value = models.PositiveIntegerField(_("value"))
    source_note = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        abstract = True


class Baseline(UnitFigure):
    """The count already reached when the teams started, entered from police or statistics figures.

    One per indicator and unit, counted in a period that ends on or after `as_of`, under the teams' work.
    """

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="baselines")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE,
                             related_name="baselines")

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit"], name="baseline_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="baseline_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit}: {self.value}"


class ManualFigure(UnitFigure):
    """An officer-entered numerator, for indicators the teams cannot move (broadband, smartphones).

    A series per indicator and unit: the latest on or before a period's end is the figure.
    """

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="figures")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE,
                             related_name="figures")

    class Meta:
        verbose_name = _("entered figure")
        verbose_name_plural = _("entered figures")
        ordering = ["unit", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "as_of"], name="figure_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="figure_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit} {self.as_of:%d/%m/%Y}: {self.value}"


class SummaryCell(models.Model):
    """One pre-aggregated figure: a scope (unit "u<id>" or team "t<id>"), a period and a metric.

    Distinct counts are not additive over months or villages, so every standard period (kind m/q/h/y)
    and every level keeps its own exact distinct count; kind "f" counts the subjects whose first
    approved success within the scope falls in that month, so running totals "as of" a month's end
    are sums of f-cells. Metrics: "all" (every service), "s<service type id>", "i<indicator id>",
    "m" (active team members). Kept current by indicators.signals; rebuilt by summary_rebuild().
    """

    scope = models.CharField(_("scope"), max_length=16)
    kind = models.CharField(_("period kind"), max_length=1)
    key = models.CharField(_("period"), max_length=8)
    metric = models.CharField(_("metric"), max_length=12)
    people = models.IntegerField(_("distinct subjects"), default=0)
    visits = models.IntegerField(_("visits"), default=0)

    class Meta:
        verbose_name = _("summary figure")
        verbose_name_plural = _("summary figures")
        constraints = [
            models.UniqueConstraint(fields=["scope", "kind", "key", "metric"], name="summarycell_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.kind}:{self.key} {self.metric} = {self.people}/{self.visits}"


class FigureKind(models.TextChoices):
    """Figures a report quotes from other systems (one-stop shop, media, schools...), entered per period.

    Seed 001: "một phần 28.037/83.843, đạt 33,44%; toàn trình 11.696/15.575"; "38.539 lượt người tham
    gia thi"; seed 003: "674 of 3.091 online", "15 tin bài, 30 lượt phát sóng, 02 băng rôn".
    """

    APPLICATIONS_TOTAL = "applications_total", _("administrative applications received")
    APPLICATIONS_ONLINE = "applications_online", _("of which submitted online")
    PARTIAL_TOTAL = "partial_total", _("applications of partly-online services (một phần)")
    PARTIAL_ONLINE = "partial_online", _("of which submitted online (một phần)")
    FULL_TOTAL = "full_total", _("applications of fully-online services (toàn trình)")
    FULL_ONLINE = "full_online", _("of which submitted online (toàn trình)")
    COURSE_TEST_TAKERS = "course_test_takers", _("people who took the online public-service course test")
    MEMBERS_TRAINED = "members_trained", _("team members trained (people)")
    MEDIA_ARTICLES = "media_articles", _("news articles")
    MEDIA_BROADCASTS = "media_broadcasts", _("broadcasts on the loudspeaker system")
    MEDIA_BANNERS = "media_banners", _("banners and slogans")
    ZALO_GROUPS = "zalo_groups", _("Zalo groups")
    SCHOOLS_TOTAL = "schools_total", _("schools")
    SCHOOLS_CASHLESS = "schools_cashless", _("of which collecting fees cashless")
    HEALTH_TOTAL = "health_total", _("health stations")
    HEALTH_CASHLESS = "health_cashless", _("of which collecting fees cashless (health)")
    OFFICIALS_TOTAL = "officials_total", _("cadres and civil servants")
    OFFICIALS_TRAINED = "officials_trained", _("of which trained in digital skills")


# A part never exceeds its whole: (part, whole).
FIGURE_PARTS = (
    (FigureKind.APPLICATIONS_ONLINE, FigureKind.APPLICATIONS_TOTAL),
    (FigureKind.PARTIAL_ONLINE, FigureKind.PARTIAL_TOTAL),
    (FigureKind.FULL_ONLINE, FigureKind.FULL_TOTAL),
    (FigureKind.SCHOOLS_CASHLESS, FigureKind.SCHOOLS_TOTAL),
    (FigureKind.HEALTH_CASHLESS, FigureKind.HEALTH_TOTAL),
    (FigureKind.OFFICIALS_TRAINED, FigureKind.OFFICIALS_TOTAL),
)


class EnteredFigure(UnitFigure):
    """A figure from another system for one unit and reporting period (key "2025", "2025-H1"...).

    `as_of` is the cut-off the figure was stated at. The indicator figures the officer enters
    (broadband, smartphones...) stay ManualFigure series; these are the report's other figures.
    """

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE,
                             related_name="entered_figures")
    period_key = models.CharField(_("period"), max_length=24)
    kind = models.CharField(_("figure"), max_length=24, choices=FigureKind.choices)

    class Meta:
        verbose_name = _("figure from another system")
        verbose_name_plural = _("figures from other systems")
        ordering = ["unit", "period_key", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period_key", "kind"], name="enteredfigure_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="enteredfigure_not_negative"),
            models.CheckConstraint(condition=Q(kind__in=FigureKind.values), name="enteredfigure_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_key} {self.get_kind_display()}: {self.value}"


class IndicatorEntry(models.Model):
    """n of N for an entered indicator of a unit's own plan, for one reporting period (key "2025", "2025-H1"...).

    Seed 000: schools and health stations paying cashless; 004: cán bộ, công chức trained in digital skills.
    """

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="entries")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE,
                             related_name="indicator_entries")
    period_key = models.CharField(_("period"), max_length=24)
    numerator = models.PositiveIntegerField(_("achieved (n)"))
    denominator = models.PositiveIntegerField(_("out of (N)"))
    as_of = models.DateField(_("as of"))
    source_note = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("entered indicator figure")
        verbose_name_plural = _("entered indicator figures")
        ordering = ["unit", "period_key"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "period_key"], name="indicatorentry_unique"),
            models.CheckConstraint(condition=Q(denominator__gt=0), name="indicatorentry_whole_positive"),
            models.CheckConstraint(condition=Q(numerator__lte=models.F("denominator")),
                                   name="indicatorentry_part_within_whole"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit} {self.period_key}: {self.numerator}/{self.denominator}"
