"""Reads of the onboarding pages: which commune a user may onboard, what the commune holds, and what an
uploaded file would change (the plan shown in the preview and carried out on confirmation)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scopes import can_manage_commune, is_admin, require
from citizens.text import fold
from indicators.models import Denominator
from orgunits.models import KIND_TITLE, Level, OrgUnit
from review.selectors import require_officer
from teams.models import Invitation, Team

from .reader import RowError, Upload, text_key, village_full_name
from .workbook import MEMBERS, POSITION_ROLE, POSITIONS, SHEETS, TEAMS, VILLAGES

FIGURES = ("population", "adults_18", "households")


# ---- access ------------------------------------------------------------------------------------


def commune_for_onboarding(*, user, commune_id: int) -> OrgUnit:
    """A commune that exists today and that the user manages: an officer's own, any for an administrator."""
    require_officer(user)
    commune = OrgUnit.objects.communes().valid_on(timezone.localdate()).filter(pk=commune_id).first()
    if commune is None or not can_manage_commune(user, commune.pk):
        raise Http404
    if not is_admin(user):
        # Not a former commune merged into the officer's: the villages and teams live in today's.
        require(commune.pk == user.unit_id)
    return commune


def communes_matching(*, user, query: str, limit: int = 20) -> list[OrgUnit]:
    """Communes of today whose name contains the words typed, accents or not ("tinh khe")."""
    require(is_admin(user))
    needle = fold(query)
    if not needle:
        return []
    rows = (OrgUnit.objects.communes().valid_on(timezone.localdate())
            .values_list("id", "name", "kind"))
    ids = [pk for pk, name, kind in rows if needle in fold(f"{KIND_TITLE.get(kind, '')} {name}")]
    return list(OrgUnit.objects.filter(pk__in=ids[:limit]).select_related("parent", "province").order_by("name"))


# ---- what the commune holds (the template is filled with it) ------------------------------------


def villages_of(commune: OrgUnit):
    return OrgUnit.objects.villages().filter(parent=commune).order_by("name")


def teams_of(commune: OrgUnit):
    return Team.objects.filter(commune=commune).select_related("unit").order_by("unit__level", "name")


def members_of(commune: OrgUnit):
    return (User.objects.filter(team__commune=commune, role__in=[Role.MEMBER, Role.LEADER])
            .select_related("team").order_by("team__name", "-role", "last_name", "first_name"))


def template_rows(*, commune: OrgUnit, year: int) -> dict[str, list[list]]:
    villages = list(villages_of(commune).valid_on(timezone.localdate()))
    figures = {(d.unit_id, d.kind): d.value for d in Denominator.objects.filter(
        unit__in=villages, year=year, kind__in=FIGURES)}
    village_rows = [[v.name, KIND_TITLE.get(v.kind, ""), year, *[figures.get((v.pk, k)) for k in FIGURES]]
                    for v in villages]
    team_rows = [[t.name, "" if t.unit_id == commune.pk else t.unit.name, t.decision_ref] for t in teams_of(commune)]
    member_rows = [[m.get_full_name() or m.username, m.team.name, _position_label(m), m.phone]
                   for m in members_of(commune).filter(is_active=True)]
    return {"villages": village_rows, "teams": team_rows, "members": member_rows}


def _position_label(member: User) -> str:
    position = text_key(member.position)
    for label in POSITIONS.values():
        if position == text_key(label):
            return label
    return POSITIONS["leader"] if member.role == Role.LEADER else POSITIONS["member"]


# ---- the plan ----------------------------------------------------------------------------------


@dataclass
class Change:
    sheet: str
    row: int
    label: str
    action: str  # "create", "update" or "same"
    details: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """What confirming would do. `ops` is all the writes, JSON-able; `digest` fingerprints them, so that a
    confirmation carries out exactly what the preview showed, or nothing."""

    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ops: dict = field(default_factory=lambda: {"villages": [], "denominators": [], "teams": [], "members": [],
                                               "known_villages": {}, "known_teams": {}})
    kept: dict[str, int] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        payload = json.dumps(self.ops, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()

    @property
    def has_writes(self) -> bool:
        return any(self.ops[k] for k in ("villages", "denominators", "teams", "members"))

    def count(self, sheet: str, action: str) -> int:
        return sum(1 for c in self.changes if c.sheet == sheet and c.action == action)

    def by_sheet(self) -> list[tuple]:
        """Per sheet: key, label, the rows that change something, and the counts new / changed / same / kept."""
        return [(key, label, [c for c in self.changes if c.sheet == key and c.action != "same"],
                 self.count(key, "create"), self.count(key, "update"), self.count(key, "same"), self.kept.get(key, 0))
                for key, label in (("villages", _("Villages")), ("teams", _("Teams")), ("members", _("Members")))]

    @property
    def new_members(self) -> int:
        return sum(1 for op in self.ops["members"] if op["id"] is None)


def vn_int(value) -> str:
    return "—" if value is None else f"{value:,}".replace(",", ".")


def _error(plan: Plan, sheet, row: dict, key: str, message: str) -> None:
    plan.errors.append(RowError(str(sheet.title), row["row"], str(sheet.column(key).header), message))


def onboarding_plan(*, commune: OrgUnit, upload: Upload) -> Plan:
    plan = Plan(errors=list(upload.errors))
    villages = _plan_villages(plan, commune, upload)
    teams = _plan_teams(plan, commune, upload, villages)
    _plan_members(plan, commune, upload, teams)
    order = {str(sheet.title): i for i, sheet in enumerate(SHEETS)}
    plan.errors.sort(key=lambda e: (order.get(e.sheet, -1), e.row or 0))
    return plan


def _plan_villages(plan: Plan, commune: OrgUnit, upload: Upload) -> dict[str, str | None]:
    """Returns every name a village is known by (its name, its full name) → its key in the plan, or None when
    two villages answer to it."""
    existing = list(villages_of(commune))
    by_name = {text_key(v.name): v for v in existing}
    by_full = {text_key(v.full_name): v for v in existing}
    names: dict[str, str | None] = {}

    def known_as(key: str, *aliases: str) -> None:
        for alias in {text_key(a) for a in aliases}:
            names[alias] = key if names.get(alias, key) == key else None

    for v in existing:
        key = f"id:{v.pk}"
        plan.ops["known_villages"][key] = v.pk
        known_as(key, v.name, v.full_name)

    rows = upload.rows["villages"]
    denominators = {(d.unit_id, d.year, d.kind): d.value for d in Denominator.objects.filter(
        unit__in=existing, kind__in=FIGURES, year__in={r["year"] for r in rows})}
    seen: set[int] = set()
    for row in rows:
        full = village_full_name(row["name"], row["kind"])
        unit = by_name.get(text_key(row["name"])) or by_full.get(text_key(full))
        change = Change("villages", row["row"], unit.full_name if unit else full, "same")
        if unit is None:
            key = f"row:{row['row']}"
            plan.ops["villages"].append({"key": key, "id": None, "name": row["name"], "kind": row["kind"]})
            change.action = "create"
            known_as(key, row["name"], full)
        else:
            key = f"id:{unit.pk}"
            seen.add(unit.pk)
            if unit.kind != row["kind"]:
                plan.ops["villages"].append({"key": key, "id": unit.pk, "name": unit.name, "kind": row["kind"]})
                change.action = "update"
                change.details.append(_("kind: %(old)s → %(new)s") % {
                    "old": KIND_TITLE.get(unit.kind, unit.kind), "new": KIND_TITLE[row["kind"]]})
        for kind in FIGURES:
            value = row.get(kind)
            if value is None:
                continue
            old = denominators.get((unit.pk, row["year"], kind)) if unit else None
            if old == value:
                continue
            plan.ops["denominators"].append({"village": key, "year": row["year"], "kind": kind, "value": value})
            label = str(VILLAGES.column(kind).header)
            change.details.append(
                _("%(figure)s %(year)s: %(old)s → %(new)s") % {"figure": label, "year": row["year"], "old": vn_int(old),
                                                              "new": vn_int(value)})
            if change.action == "same":
                change.action = "update"
        plan.changes.append(change)
    plan.kept["villages"] = len([v for v in existing if v.pk not in seen])
    return names


def _plan_teams(plan: Plan, commune: OrgUnit, upload: Upload, villages: dict[str, str | None]) -> dict[str, str]:
    existing = list(teams_of(commune))
    by_name: dict[str, list[Team]] = {}
    for t in existing:
        by_name.setdefault(text_key(t.name), []).append(t)
    names: dict[str, str] = {}
    for t in existing:
        plan.ops["known_teams"][f"id:{t.pk}"] = t.pk
        if len(by_name[text_key(t.name)]) == 1:
            names[text_key(t.name)] = f"id:{t.pk}"
    invalid_villages = set(upload.invalid["villages"])
    seen: set[int] = set()
    for row in upload.rows["teams"]:
        unit_key: str | None = None  # None: the commune itself
        if row["village"]:
            ref = text_key(row["village"])
            if ref in invalid_villages:
                continue  # the village's own row is in error, already reported
            if ref not in villages:
                _error(plan, TEAMS, row, "village", _(
                    "No village \"%(name)s\" on the Villages sheet or in the commune: check the spelling, or add the "
                    "village on the Villages sheet.") % {"name": row["village"]})
                continue
            unit_key = villages[ref]
            if unit_key is None:
                _error(plan, TEAMS, row, "village", _(
                    "Two villages answer to \"%(name)s\": write the village's full name, e.g. Thôn %(name)s.") % {
                    "name": row["village"]})
                continue
        same_name = by_name.get(text_key(row["name"]), [])
        if len(same_name) > 1:
            _error(plan, TEAMS, row, "name", _("The commune has two teams named \"%(name)s\": rename one of them on "
                                               "the Teams page first.") % {"name": row["name"]})
            continue
        team = same_name[0] if same_name else None
        if team is None:
            key = f"row:{row['row']}"
            plan.ops["teams"].append({"key": key, "id": None, "name": row["name"], "unit": unit_key,
                                      "decision_ref": row["decision_ref"]})
            plan.changes.append(Change("teams", row["row"], row["name"], "create"))
            names[text_key(row["name"])] = key
            continue
        seen.add(team.pk)
        current_unit = None if team.unit_id == commune.pk else f"id:{team.unit_id}"
        if current_unit != unit_key:
            _error(plan, TEAMS, row, "village", _(
                "The team \"%(name)s\" already serves %(unit)s; a team cannot move to another village here. Give the "
                "new team another name.") % {"name": team.name, "unit": team.unit.full_name})
            continue
        change = Change("teams", row["row"], team.name, "same")
        if row["decision_ref"] and row["decision_ref"] != team.decision_ref:
            plan.ops["teams"].append({"key": f"id:{team.pk}", "id": team.pk, "name": team.name, "unit": unit_key,
                                      "decision_ref": row["decision_ref"]})
            change.action = "update"
            change.details.append(_("founding decision: %(old)s → %(new)s") % {
                "old": team.decision_ref or "—", "new": row["decision_ref"]})
        plan.changes.append(change)
    plan.kept["teams"] = len([t for t in existing if t.pk not in seen])
    return names


def _plan_members(plan: Plan, commune: OrgUnit, upload: Upload, teams: dict[str, str]) -> None:
    existing: dict[tuple[str, str], User] = {}
    for m in members_of(commune).order_by("pk"):
        existing.setdefault((f"id:{m.team_id}", text_key(m.get_full_name())), m)
    invalid_teams = set(upload.invalid["teams"])
    seen: set[int] = set()
    for row in upload.rows["members"]:
        ref = text_key(row["team"])
        if ref in invalid_teams:
            continue
        team_key = teams.get(ref)
        if team_key is None:
            _error(plan, MEMBERS, row, "team", _(
                "No team \"%(name)s\" on the Teams sheet or in the commune: write the team's name exactly as on the "
                "Teams sheet.") % {"name": row["team"]})
            continue
        position = POSITIONS[row["role"]]
        role = POSITION_ROLE[row["role"]]
        member = existing.get((team_key, text_key(row["name"])))
        if member is None:
            given = row["name"].rsplit(" ", 1)
            plan.ops["members"].append({
                "id": None, "team": team_key, "name": row["name"], "role": role, "position": position,
                "phone": row["phone"], "first_name": given[0] if len(given) > 1 else "", "last_name": given[-1]})
            plan.changes.append(Change("members", row["row"], row["name"], "create", [position]))
            continue
        seen.add(member.pk)
        change = Change("members", row["row"], member.get_full_name(), "same")
        differs = {}
        # Compared as the template shows it: a member without a written position is the role's usual one,
        # and a position of the app's own (e.g. "Công an viên") stays while the role does not change.
        if _position_label(member) != position or member.role != role:
            differs = {k: v for k, v in {"role": role, "position": position}.items() if getattr(member, k) != v}
        if row["phone"] and row["phone"] != member.phone:
            differs["phone"] = row["phone"]
        if differs:
            plan.ops["members"].append({"id": member.pk, "team": team_key, **differs})
            change.action = "update"
            if "position" in differs or "role" in differs:
                change.details.append(_("role: %(old)s → %(new)s") % {"old": _position_label(member), "new": position})
            if "phone" in differs:
                change.details.append(_("phone: %(old)s → %(new)s") % {"old": member.phone or "—", "new": row["phone"]})
        plan.changes.append(change)
    plan.kept["members"] = len([m for m in existing.values() if m.pk not in seen])


# ---- QR cards ----------------------------------------------------------------------------------


def members_awaiting_sign_up(*, commune: OrgUnit, team: Team | None = None) -> list[tuple[User, Invitation | None]]:
    """Listed members who have not yet chosen a password, each with their newest usable invitation (or None)."""
    members = members_of(commune).filter(is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX).select_related("team__unit")
    if team is not None:
        members = members.filter(team=team)
    members = list(members.order_by("team__name", "-role", "last_name", "first_name"))
    usable: dict[int, Invitation] = {}
    for invitation in (Invitation.objects.filter(member__in=members, used_at__isnull=True,
                                                 expires_at__gt=timezone.now()).order_by("expires_at")):
        usable[invitation.member_id] = invitation  # the one that lasts longest wins
    return [(m, usable.get(m.pk)) for m in members]


def team_for_cards(*, commune: OrgUnit, team_id: str | None) -> Team | None:
    if not team_id:
        return None
    team = Team.objects.filter(commune=commune, pk=team_id).first() if str(team_id).isdigit() else None
    if team is None:
        raise Http404
    return team


def unit_label(team: Team) -> str:
    return team.unit.full_name if team.unit.level == Level.VILLAGE else team.commune.full_name
