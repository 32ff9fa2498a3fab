"""Writes of the onboarding: carrying out a confirmed plan, all or nothing, and renewing QR invitations.

Access is checked by the caller (selectors.commune_for_onboarding). Teams, members and invitations are
written through teams.services, which audit each of them; villages and figures are audited here.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import Action
from audit.services import audit_log
from citizens.text import fold
from indicators.models import Denominator
from orgunits.models import Level, OrgUnit
from teams import services as team_services
from teams.models import Team

from .reader import Upload
from .selectors import Plan, members_awaiting_sign_up, onboarding_plan

# Printed cards are handed out at a meeting and scanned over the following weeks.
CARD_INVITATION_LIFETIME = datetime.timedelta(days=30)


class PlanChanged(Exception):
    """The commune's data changed between the preview and the confirmation: show the new preview."""

    def __init__(self, plan: Plan):
        super().__init__("plan changed")
        self.plan = plan


@dataclass
class Applied:
    villages: int = 0
    denominators: int = 0
    teams: int = 0
    members: int = 0
    invitations: int = 0


@transaction.atomic
def onboarding_apply(*, commune: OrgUnit, upload: Upload, digest: str, by, filename: str = "") -> Applied:
    # One import at a time per commune: the second waits, then finds its plan already done (digest differs).
    OrgUnit.objects.select_for_update().filter(pk=commune.pk).first()
    plan = onboarding_plan(commune=commune, upload=upload)
    if plan.errors or plan.digest != digest:
        raise PlanChanged(plan)
    done = Applied()
    ops = plan.ops
    villages = dict(ops["known_villages"])
    for op in ops["villages"]:
        if op["id"] is None:
            unit = OrgUnit(level=Level.VILLAGE, kind=op["kind"], name=op["name"], parent=commune)
            unit.save()
            villages[op["key"]] = unit.pk
            audit_log(actor=by, action=Action.CREATE, obj=unit, changes={"name": unit.name, "kind": unit.kind,
                                                                           "commune": commune.name})
        else:
            _update(OrgUnit.objects.get(pk=op["id"], parent=commune), by=by, kind=op["kind"])
        done.villages += 1

    note = _("Imported from a spreadsheet")
    for op in ops["denominators"]:
        unit_id = villages[op["village"]]
        figure = Denominator.objects.filter(unit_id=unit_id, year=op["year"], kind=op["kind"]).first()
        if figure is None:
            figure = Denominator.objects.create(unit_id=unit_id, year=op["year"], kind=op["kind"], value=op["value"],
                                                source_note=note)
            audit_log(actor=by, action=Action.CREATE, obj=figure,
                      changes={"year": op["year"], "kind": op["kind"], "value": op["value"]})
        else:
            _update(figure, by=by, value=op["value"], source_note=note)
        done.denominators += 1

    teams = dict(ops["known_teams"])
    for op in ops["teams"]:
        if op["id"] is None:
            unit = commune if op["unit"] is None else OrgUnit.objects.get(pk=villages[op["unit"]])
            team = team_services.team_create(unit=unit, name=op["name"], by=by, decision_ref=op["decision_ref"])
            teams[op["key"]] = team.pk
        else:
            _update(Team.objects.get(pk=op["id"], commune=commune), by=by, decision_ref=op["decision_ref"])
        done.teams += 1

    taken: set[str] = set()
    for op in ops["members"]:
        team = Team.objects.get(pk=teams[op["team"]], commune=commune)
        if op["id"] is None:
            member = team_services.member_create(
                team=team, username=_free_username(op["name"], taken), password=None, by=by, role=op["role"],
                first_name=op["first_name"], last_name=op["last_name"], position=op["position"], phone=op["phone"])
            team_services.invitation_create(team=team, role=op["role"], by=by, member=member,
                                            lifetime=CARD_INVITATION_LIFETIME)
            done.invitations += 1
        else:
            member = User.objects.get(pk=op["id"], team=team)
            if "role" in op:
                team_services.member_set_role(member=member, role=op["role"], by=by)
            _update(member, by=by, **{k: op[k] for k in ("position", "phone") if k in op})
        done.members += 1

    audit_log(actor=by, action=Action.UPDATE, obj=commune, changes={
        "onboarding_file": filename, "villages": done.villages, "denominators": done.denominators,
        "teams": done.teams, "members": done.members, "invitations": done.invitations})
    return done


def _update(obj, *, by, **values) -> None:
    """Sets the fields that differ, saves only those, and audits each as [old, new]."""
    changes = {k: [getattr(obj, k), v] for k, v in values.items() if getattr(obj, k) != v}
    if changes:
        for k, (_old, new) in changes.items():
            setattr(obj, k, new)
        obj.save(update_fields=list(changes))
        audit_log(actor=by, action=Action.UPDATE, obj=obj, changes=changes)


def _free_username(name: str, taken: set[str]) -> str:
    """A username to start from ("nguyenvanan", "nguyenvanan2"…); the member may pick another on signing up."""
    base = re.sub(r"[^a-z0-9]", "", fold(name))[:30] or "thanhvien"
    used = {u.lower() for u in User.objects.filter(username__istartswith=base).values_list("username", flat=True)}
    used |= taken
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}{n}"
    taken.add(candidate)
    return candidate


@transaction.atomic
def invitations_renew(*, commune: OrgUnit, by, team: Team | None = None) -> int:
    """A fresh QR invitation for each listed member still to sign up whose invitations have all expired."""
    renewed = 0
    for member, invitation in members_awaiting_sign_up(commune=commune, team=team):
        if invitation is None:
            team_services.invitation_create(team=member.team, role=member.role, by=by, member=member,
                                            lifetime=CARD_INVITATION_LIFETIME)
            renewed += 1
    return renewed
