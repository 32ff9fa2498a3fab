"""Forms of the officer workspace. Choices are always built from the officer's scope."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import BaseUserCreationForm
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from accounts.models import TEAM_ROLES, User
from audit.models import Action
from catalog.models import ServiceType, SessionKind
from edge.forms import BoundedDateField, VnDecimalField, VnIntegerField, YearField
from indicators.figure_services import indicator_entry_errors, plan_indicator_errors
from indicators.models import Baseline, Denominator, DenominatorKind, Indicator, Target
from indicators.selectors import denominator_kind_for
from orgunits.models import Level, OrgUnit
from outreach.services import commune_session_errors
from records.models import Outcome, Status
from teams.models import InvitationRole, Team

from . import selectors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecordFilterForm(forms.Form):
    q = forms.CharField(label=_("Citizen's name"), required=False, max_length=120)
    village = forms.ModelChoiceField(label=_("Village"), queryset=None, required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False)
    member = forms.ModelChoiceField(label=_("Member"), queryset=None, required=False)
    service_type = forms.ModelChoiceField(label=_("Service"), queryset=ServiceType.objects.all(), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "---------"), *Outcome.choices], required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", "---------"), *Status.choices], required=False)
    date_from = BoundedDateField(label=_("From"), required=False, widget=DATE)
    date_to = BoundedDateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = selectors.managed_villages(user=user)
        self.fields["village"].label_from_instance = lambda u: f"{u.full_name} ({u.parent.name})"
        self.fields["team"].queryset = selectors.teams_for_officer(user=user)
        self.fields["member"].queryset = selectors.members_for_officer(user=user)
        self.fields["member"].label_from_instance = lambda m: f"{m.display_name} ({m.username})"


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Give the member a reason."),
                                             "max_length": _("Shorten the reason to at most %(limit_value)d "
                                                             "characters (it has %(show_value)d): the member "
                                                             "reads it on a phone.")})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the member a reason."))
        return reason


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["unit", "name", "decision_ref", "established_on"]
        widgets = {"established_on": DATE}
        field_classes = {"established_on": BoundedDateField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.managed_units(user=user)
        self.fields["unit"].label_from_instance = lambda u: (
            u.full_name if u.level == Level.COMMUNE else f"{u.full_name} ({u.parent.name})")


class _PasswordRules:
    """The password rules shown in the reader's language: Django computes them once, at import, in English."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = password_validation.password_validators_help_text_html()


class MemberCreateForm(_PasswordRules, BaseUserCreationForm):
    role = forms.ChoiceField(label=_("Role"), choices=InvitationRole.choices)

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "position"]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=InvitationRole.choices)


class InvitationForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=InvitationRole.choices)
    days = VnIntegerField(label=_("Valid for (days)"), min_value=1, max_value=30, initial=7)


class SignupForm(_PasswordRules, BaseUserCreationForm):
    """The newcomer's own account: username and a password that passes the project's validators."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name"]


class ClaimForm(BaseUserCreationForm):
    """A listed member's sign-up: the officer gave the name; the member picks a username and a password."""

    class Meta:
        model = User
        fields = ["username"]

    def clean_username(self):
        username = self.cleaned_data.get("username")
        # The suggested username is the member's own (placeholder) one: it is not "taken".
        if username and User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username


class _ScopedUnitForm(forms.ModelForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.managed_units(user=user)
        self.fields["unit"].label_from_instance = lambda u: (
            u.full_name if u.level == Level.COMMUNE else f"{u.full_name} ({u.parent.name})")
        if "indicator" in self.fields:
            # The common list, and the indicators the officer's communes added to their own plans.
            self.fields["indicator"].queryset = Indicator.objects.filter(
                Q(unit__isnull=True) | Q(unit__in=self.fields["unit"].queryset), is_active=True)


class DenominatorForm(_ScopedUnitForm):
    class Meta:
        model = Denominator
        fields = ["unit", "year", "kind", "value", "source_note"]
        error_messages = {"value": {"min_value": _("A denominator cannot be negative.")}}

    value = VnIntegerField(label=_("Value"), error_messages={"min_value": _("A denominator cannot be negative.")},
                           min_value=0)
    year = YearField(label=_("Year"))


def denominator_for(*, indicator: Indicator, unit, year: int) -> int | None:
    """The denominator a baseline is measured against: the unit's own, or the sum of its villages'."""
    kind = denominator_kind_for(indicator=indicator, unit=unit, year=year)
    own = Denominator.objects.filter(unit=unit, year=year, kind=kind).first()
    if own is not None:
        return own.value
    if unit.level == Level.COMMUNE:
        total = Denominator.objects.filter(unit__parent=unit, year=year, kind=kind).aggregate(
            s=Sum("value"))["s"]
        return total
    return None


class BaselineForm(_ScopedUnitForm):
    class Meta:
        model = Baseline
        fields = ["indicator", "unit", "as_of", "value", "source_note"]
        widgets = {"as_of": DATE}
        field_classes = {"as_of": BoundedDateField}

    value = VnIntegerField(label=_("Value"), min_value=0,
                           error_messages={"min_value": _("A baseline cannot be negative.")})

    def clean(self):
        data = super().clean()
        indicator, unit, as_of, value = (data.get(k) for k in ("indicator", "unit", "as_of", "value"))
        if indicator and unit and as_of and value is not None:
            limit = denominator_for(indicator=indicator, unit=unit, year=as_of.year)
            if limit is not None and value > limit:
                self.add_error("value", _("The baseline (%(value)s) cannot exceed its denominator (%(limit)s).")
                               % {"value": value, "limit": limit})
        return data


class TargetForm(_ScopedUnitForm):
    class Meta:
        model = Target
        fields = ["indicator", "unit", "year", "last_year", "comparison", "percent", "denominator_kind",
                  "source_note"]

    year = YearField(label=_("Plan year"))
    last_year = YearField(label=_("Last plan year"), required=False,
                          help_text=_("Empty: the target applies until a later plan sets another."))

    def clean(self):
        data = super().clean()
        first, last = data.get("year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("The last plan year cannot be before the plan year."))
        return data
    percent = VnDecimalField(label=_("Target (%)"), min_value=0, max_value=100, decimal_places=2,
                                 error_messages={"min_value": _("A target is a percentage between 0 and 100."),
                                                 "max_value": _("A target is a percentage between 0 and 100.")})


class PlanIndicatorForm(forms.Form):
    """An entered indicator the officer adds to the commune's plan (n of N per period)."""

    name = forms.CharField(label=_("Indicator (as the plan words it)"), max_length=255,
                           widget=forms.TextInput(attrs={"size": 80}))
    denominator_kind = forms.ChoiceField(label=_("Measured over"), choices=DenominatorKind.choices)
    first_year = YearField(label=_("Plan year"))
    last_year = YearField(label=_("Last plan year"), required=False,
                          help_text=_("Empty: until a later plan replaces it."))

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean(self):
        data = super().clean()
        if not self.errors:
            for field, messages in plan_indicator_errors(unit=self.unit, **data).items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data


class IndicatorEntryForm(forms.Form):
    """n of N of an entered indicator for one period."""

    period_key = forms.CharField(label=_("Period"), max_length=24,
                                 help_text=_("2025, 2025-H1, 2025-Q3 or 2025-07."))
    numerator = VnIntegerField(label=_("Achieved (n)"), min_value=0,
                               error_messages={"min_value": _("The count achieved (n) cannot be negative.")})
    denominator = VnIntegerField(label=_("Out of (N)"), min_value=1,
                                 error_messages={"min_value": _("The whole (N) must be at least 1.")})
    as_of = BoundedDateField(label=_("As of"), widget=DATE)
    source_note = forms.CharField(label=_("Source"), max_length=200, required=False)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    def clean(self):
        data = super().clean()
        if not self.errors:
            errors = indicator_entry_errors(indicator=self.indicator, unit=self.indicator.unit,
                                            period_key=data["period_key"], numerator=data["numerator"],
                                            denominator=data["denominator"])
            for field, messages in errors.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} · {obj.team.name}"


class CommuneSessionForm(forms.Form):
    """A training, outreach session or meeting the commune logs, in a village or for the whole commune,
    with the team members present ticked on the list (each then counts once as a member trained)."""

    held_on = BoundedDateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind of session"), choices=SessionKind.choices, initial=SessionKind.TRAINING)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    team = forms.ModelChoiceField(label=_("Organising team"), queryset=Team.objects.none())
    village = forms.ModelChoiceField(label=_("Where"), queryset=OrgUnit.objects.none(), required=False,
                                     empty_label=_("The whole commune"))
    for_team_members = forms.BooleanField(label=_("Training of team members"), required=False, initial=True)
    members_present = MemberChoices(label=_("Team members present (attendance list)"), required=False,
                                    queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple)
    attendees = VnIntegerField(label=_("Attendees"), min_value=1, max_value=100_000, required=False,
                               help_text=_("Empty: the number of team members ticked."))

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune = commune
        teams = Team.objects.filter(commune=commune, is_active=True).order_by("-unit__level", "name")
        self.fields["team"].queryset = teams
        own = teams.filter(unit=commune).first()
        if own is not None:
            self.fields["team"].initial = own.pk
        self.fields["village"].queryset = OrgUnit.objects.villages().filter(parent=commune, valid_to__isnull=True) \
            .order_by("name")
        self.fields["members_present"].queryset = (
            User.objects.filter(team__commune=commune, role__in=TEAM_ROLES, is_active=True).select_related("team")
            .order_by("team__name", "first_name", "last_name", "username"))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        members = list(data.get("members_present") or [])
        if not data.get("attendees"):
            if not members:
                self.add_error("attendees", _("Give the number of attendees or tick the team members present."))
                return data
            data["attendees"] = len(members)
        errors = commune_session_errors(commune=self.commune, team=data["team"], village=data.get("village"),
                                        held_on=data["held_on"], attendees=data["attendees"], members=members)
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        return data


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Who"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), choices=[("", "---------"), *Action.choices], required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object = forms.CharField(label=_("Object"), required=False, max_length=100)
    date_from = BoundedDateField(label=_("From"), required=False, widget=DATE)
    date_to = BoundedDateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", "---------")] + [
            (t, t) for t in selectors.audit_object_types(user=user)]
