"""Forms of the report workspace: a new report, a draft's fields, the figures entered for a period."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.figure_services import parts_over_whole
from indicators.formatting import parse_vn_number, vn_int
from indicators.models import FIGURE_PARTS, FigureKind
from periods.periods import period_from_params

from .defaults import EDITABLE
from .models import ReportVersion

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DatePickerInput(forms.DateInput):
    """dd/mm/yyyy typed, or picked on the browser's calendar (reports.js fills the text from the picker)."""

    input_type = "text"
    template_name = "reports/widgets/date_picker.html"

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off",
                          "pattern": r"\d{1,2}/\d{1,2}/\d{4}", "size": 11, **(attrs or {})}, format="%d/%m/%Y")


class VNDateField(forms.DateField):
    widget = DatePickerInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {"invalid": _("Enter a date as dd/mm/yyyy, e.g. 27/11/2025.")}


class VNIntegerField(forms.Field):
    """A count typed the Vietnamese way: "47.351" is forty-seven thousand; never negative."""

    default_error_messages = {
        "invalid": _("Type a whole number, with dots between thousands if you like: 47.351."),
        "decimal": _("This figure is a count: no decimals (%(value)s)."),
        "negative": _("A figure cannot be negative."),
        "too_large": _("This number is too large."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 12}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return vn_int(value) if isinstance(value, int) else value

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            number = parse_vn_number(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if number != number.to_integral_value():
            raise forms.ValidationError(self.error_messages["decimal"], code="decimal", params={"value": value})
        if number < 0:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        if number > Decimal(2_000_000_000):
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return int(number)


class DocumentCreateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    period = forms.ChoiceField(label=_("Period"))
    date_from = VNDateField(label=_("From"), required=False)
    date_to = VNDateField(label=_("To"), required=False)
    cutoff = VNDateField(label=_("Cut-off date (tính đến ngày)"), required=False,
                         help_text=_("Empty: the earlier of today and the period's last day."))

    def __init__(self, *args, units, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: u.full_name
        self.fields["period"].choices = [*choices, ("range", _("a range of dates (below)"))]

    def clean(self):
        data = super().clean()
        if data.get("period") == "range":
            start, end = data.get("date_from"), data.get("date_to")
            if not (start and end):
                self.add_error("date_to", _("Give both dates of the range."))
                return data
            params = {"from": start.isoformat(), "to": end.isoformat()}
        else:
            params = {"period": data.get("period", "")}
        try:
            data["period_obj"] = period_from_params(params)
        except ValueError:
            self.add_error("period", _("Unknown period."))
            return data
        cutoff, period = data.get("cutoff"), data["period_obj"]
        if cutoff and ((period.start and cutoff < period.start) or cutoff > period.end):
            self.add_error("cutoff", _("The cut-off date must fall within the period (%(a)s – %(b)s).") % {
                "a": period.start.strftime("%d/%m/%Y") if period.start else "…", "b": period.end.strftime("%d/%m/%Y")})
        return data


class VersionForm(forms.ModelForm):
    """A draft's fields. Saved whole on each autosave; the server keeps the last one received."""

    cutoff = VNDateField(label=_("Cut-off date (tính đến ngày)"))
    issued_on = VNDateField(label=_("Date of the report"), required=False)
    request_date = VNDateField(label=_("Request letter date"), required=False)

    class Meta:
        model = ReportVersion
        fields = list(EDITABLE)
        widgets = {
            "addressees": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
            **{f: forms.Textarea(attrs={"rows": 6}) for f in ("results_text", "assessment_text", "limitations_text",
                                                              "tasks_text", "proposals_text")},
        }

    def __init__(self, *args, placeholders: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, text in (placeholders or {}).items():
            if name in self.fields:
                self.fields[name].widget.attrs["placeholder"] = text
        self.fields["addressees"].help_text = _("One addressee per line.")
        self.fields["recipients"].help_text = _("One recipient per line.")


def _field_name(kind: str) -> str:
    return f"f_{kind}"


class EnteredFiguresForm(forms.Form):
    """The figures of one unit and period that come from outside the teams' logs."""

    source_note = forms.CharField(label=_("Source of the figures"), required=False, max_length=200)

    def __init__(self, *args, indicators: list, members: int | None, initial_figures: dict[str, int],
                 initial_indicators: dict[int, int], **kwargs):
        """indicators: (indicator, denominator or None) of the entered-figure indicators."""
        super().__init__(*args, **kwargs)
        self.members = members
        self.indicator_wholes = {}
        for indicator, denominator in indicators:
            name = f"i_{indicator.pk}"
            help_text = (_("Denominator: %(n)s") % {"n": vn_int(denominator)}) if denominator else ""
            self.fields[name] = VNIntegerField(label=indicator.name, required=False, help_text=help_text,
                                               initial=initial_indicators.get(indicator.pk))
            self.indicator_wholes[name] = (indicator.pk, denominator)
        for kind, label in FigureKind.choices:
            help_text = ""
            if kind == FigureKind.MEMBERS_TRAINED and members is not None:
                help_text = _("The teams have %(n)s members.") % {"n": vn_int(members)}
            self.fields[_field_name(kind)] = VNIntegerField(label=label, required=False, help_text=help_text,
                                                            initial=initial_figures.get(kind))

    def indicator_fields(self):
        return [self[name] for name in self.indicator_wholes]

    def figure_fields(self):
        return [self[_field_name(kind)] for kind in FigureKind.values]

    def clean(self):
        data = super().clean()
        values = {kind: data.get(_field_name(kind)) for kind in FigureKind.values}
        labels = dict(FigureKind.choices)
        for part, whole in parts_over_whole(values=values, pairs=FIGURE_PARTS):
            self.add_error(_field_name(part), _("%(part)s cannot be larger than “%(whole)s” (%(n)s).") % {
                "part": vn_int(values[part]), "whole": labels[whole], "n": vn_int(values[whole])})
        trained = values.get(FigureKind.MEMBERS_TRAINED)
        if trained is not None and self.members is not None and trained > self.members:
            self.add_error(_field_name(FigureKind.MEMBERS_TRAINED),
                           _("%(part)s cannot be larger than the teams' %(n)s members.") % {
                               "part": vn_int(trained), "n": vn_int(self.members)})
        for name, (_pk, denominator) in self.indicator_wholes.items():
            value = data.get(name)
            if value is not None and denominator is not None and value > denominator:
                self.add_error(name, _("%(part)s cannot be larger than the denominator (%(n)s).") % {
                    "part": vn_int(value), "n": vn_int(denominator)})
        return data

    def figure_values(self) -> dict[str, int | None]:
        return {kind: self.cleaned_data.get(_field_name(kind)) for kind in FigureKind.values}

    def indicator_values(self) -> dict[int, int | None]:
        return {pk: self.cleaned_data.get(name) for name, (pk, _d) in self.indicator_wholes.items()}
