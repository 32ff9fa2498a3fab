"""Loads fixtures/demo.json. Idempotent: every row is found by its natural key and only set when different.

The demo lives in 2026: its teams and users work in the communes that took in the seed documents'
communes on 1/7/2025; the seed communes, their districts and provinces are former units, and their
villages name the villages that took them in (most in the same new commune, two of xã Hưng Đạo's in
xã Tân Kỳ). Only these few units are loaded, from the same package and code as `manage.py
load_units`, which can add the rest of the country before or after without duplicating any.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from accounts.models import Role, User
from catalog.models import ServiceType
from indicators.models import Baseline, Denominator, Indicator, ManualFigure, Target
from orgunits.models import REFORM_FIRST_DAY, REFORM_LAST_DAY, Level, OrgUnit
from orgunits.services import bulk_upsert, units_load
from teams.models import Team

DEMO_FILE = settings.BASE_DIR / "fixtures" / "demo.json"


def _assign(obj, values: dict) -> list[str]:
    """Set on `obj` the values that differ; return the names of the fields changed."""
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    for k in changed:
        setattr(obj, k, values[k])
    return changed


class Stats:
    def __init__(self):
        self.created = 0
        self.updated = 0

    def upsert(self, model, lookup: dict, values: dict):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.save()
            self.created += 1
            return obj
        if _assign(obj, values):
            obj.save()
            self.updated += 1
        return obj

    def upsert_many(self, model, key: tuple[str, ...], rows: list[tuple[dict, dict]]) -> None:
        """upsert() for many rows of one model in a few queries: one read, one insert, one update.

        `key` names the lookup fields (as attnames, e.g. "unit_id"); rows are (lookup, values).
        """
        lookups = {tuple(lookup[k] for k in key): (lookup, values) for lookup, values in rows}
        filters = {f"{key[0]}__in": {k[0] for k in lookups}}
        existing = {tuple(getattr(o, k) for k in key): o for o in model.objects.filter(**filters)}
        created, updated = bulk_upsert(model, existing=existing, rows=lookups, batch_size=500)
        self.created += created
        self.updated += updated


def _date(value: str | None):
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def load_demo(path: Path = DEMO_FILE) -> Stats:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    st = Stats()

    communes, former, villages, village_teams = _load_map(data["map"], st)

    services = {}
    for i, s in enumerate(data["service_types"]):
        values = {k: v for k, v in s.items() if k != "code"}
        services[s["code"]] = st.upsert(ServiceType, {"code": s["code"]}, {**values, "sort_order": (i + 1) * 10})

    indicators = {}
    for i, ind in enumerate(data["indicators"]):
        values = {k: v for k, v in ind.items() if k not in ("code", "service_types")}
        obj = st.upsert(Indicator, {"code": ind["code"]}, {**values, "sort_order": (i + 1) * 10})
        wanted = {services[c].pk for c in ind["service_types"]}
        if set(obj.service_types.values_list("pk", flat=True)) != wanted:
            obj.service_types.set(wanted)
            st.updated += 1
        indicators[ind["code"]] = obj

    for t in data["targets"]:
        unit = former[t["commune"]] if t.get("former") else communes[t["commune"]]
        # An item may name what the plan measures the indicator over (003: payment accounts over 18+).
        for code, comparison, percent, *kind in t["items"]:
            st.upsert(Target, {"indicator": indicators[code], "unit": unit, "year": t["year"]},
                      {"comparison": comparison, "percent": Decimal(str(percent)), "source_note": t["source_note"],
                       "denominator_kind": kind[0] if kind else ""})

    den = data["denominators"]
    rows = []
    for slug, populations in den["village_population"].items():
        for village, population in zip(villages[slug], populations, strict=True):
            for year in den["years"]:
                grown = round(population * (1 + 0.01 * (year - den["years"][0])))
                figures = {"population": grown, **{k: round(grown * share) for k, share in den["shares"].items()}}
                unit = village if year <= REFORM_LAST_DAY.year else village.successor
                rows += [({"unit_id": unit.pk, "year": year, "kind": kind},
                          {"value": value, "source_note": "Số liệu minh họa (demo)"}) for kind, value in figures.items()]
    st.upsert_many(Denominator, ("unit_id", "year", "kind"), rows)

    for slug, items in data["baselines"]["items"].items():
        for code, value in items.items():
            st.upsert(Baseline, {"indicator": indicators[code], "unit": former[slug]},
                      {"as_of": _date(data["baselines"]["as_of"]), "value": value})
    for slug, items in data["manual_figures"]["items"].items():
        for code, value in items.items():
            st.upsert(ManualFigure, {"indicator": indicators[code], "unit": communes[slug],
                                     "as_of": _date(data["manual_figures"]["as_of"])}, {"value": value})

    for u in data["users"]:
        values = {"first_name": u["first_name"], "last_name": u["last_name"], "role": u["role"],
                  "position": u.get("position", ""), "is_active": True,
                  # /admin/ is for administrators only; officers work in /officer/ (docs/access.md).
                  "is_staff": u["role"] == Role.ADMIN,
                  "is_superuser": u["role"] == Role.ADMIN, "team": None, "unit": None}
        if u["role"] in (Role.MEMBER, Role.LEADER):
            values["team"] = village_teams[u["commune"]][u["village"]]
            values["unit"] = communes[u["commune"]]
        elif u["role"] == Role.OFFICER:
            values["unit"] = communes[u["commune"]]
        elif u["role"] == Role.VIEWER:
            values["unit"] = OrgUnit.objects.get(level=Level.PROVINCE, valid_to__isnull=True, name=u["province"])
        user = st.upsert(User, {"username": u["username"]}, values)
        if not user.check_password(data["demo_password"]):
            user.set_password(data["demo_password"])
            user.save(update_fields=["password"])
            st.updated += 1
    return st


def _load_map(spec: dict, st: Stats):
    """The demo's units (load_units' code, five communes), their villages before and after 1/7/2025, the teams.

    Returns, by seed commune slug: the new commune, the former one, the former villages (in order), and
    the village teams of the new commune (in order).
    """
    loaded = units_load(history=True, communes={c["code"] for c in spec["communes"]})
    st.created += loaded.created
    st.updated += loaded.updated
    current = {u.code: u for u in OrgUnit.objects.filter(
        level=Level.COMMUNE, valid_to__isnull=True, code__in=[c["code"] for c in spec["communes"]])}
    old = {u.code: u for u in OrgUnit.objects.filter(
        level=Level.COMMUNE, valid_to=REFORM_LAST_DAY, code__in=[c["former"] for c in spec["communes"]])}
    communes = {c["slug"]: current[c["code"]] for c in spec["communes"]}
    former = {c["slug"]: old[c["former"]] for c in spec["communes"] if c["former"]}
    villages: dict[str, list[OrgUnit]] = {}
    taken_in: dict[str, list[OrgUnit]] = {slug: [] for slug in communes}
    for c in spec["communes"]:
        villages[c["slug"]] = []
        for name, kind, *went_to in c["villages"]:
            target = went_to[0] if went_to else c["slug"]
            new = st.upsert(OrgUnit, {"parent": communes[target], "name": name},
                            {"level": Level.VILLAGE, "kind": kind, "valid_from": REFORM_FIRST_DAY, "valid_to": None,
                             "successor": None})
            villages[c["slug"]].append(st.upsert(
                OrgUnit, {"parent": former[c["slug"]], "name": name},
                {"level": Level.VILLAGE, "kind": kind, "valid_from": None, "valid_to": REFORM_LAST_DAY,
                 "successor": new}))
            taken_in[target].append(new)
    # One team per commune and one per village (Công văn 793/BTTTT-THH), in the communes of today.
    teams: dict[str, list[Team]] = {}
    for slug, commune in communes.items():
        st.upsert(Team, {"unit": commune, "name": f"Tổ CNSCĐ {commune.full_name[0].lower()}{commune.full_name[1:]}"}, {})
        teams[slug] = [st.upsert(Team, {"unit": v, "name": f"Tổ CNSCĐ {v.name}"}, {}) for v in taken_in[slug]]
    return communes, former, villages, teams

