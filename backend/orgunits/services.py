"""Writes of the administrative map: loading the country's units, and what follows a village's move."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.db import transaction

from .country import Country, Unit, country_read
from .models import REFORM_FIRST_DAY, REFORM_LAST_DAY, Level, OrgUnit
from .signals import units_changed
from .text import fold

FIELDS = ("level", "kind", "name", "name_folded", "parent_id", "province_id", "valid_from", "valid_to",
          "successor_id")


def bulk_upsert(model, *, existing: dict, rows: dict, batch_size: int = 1000) -> tuple[int, int]:
    """Create the rows not in `existing`, update those that differ, in a few queries; return (created, updated).

    rows: key → (fields that create the object, values to compare and set); existing: key → object.
    """
    new, changed, fields = [], [], set()
    for key, (lookup, values) in rows.items():
        obj = existing.get(key)
        if obj is None:
            new.append(model(**lookup, **values))
            continue
        diff = [k for k, v in values.items() if getattr(obj, k) != v]
        if diff:
            for k in diff:
                setattr(obj, k, values[k])
            changed.append(obj)
            fields.update(diff)
    model.objects.bulk_create(new, batch_size=batch_size)
    if changed:
        model.objects.bulk_update(changed, sorted(fields), batch_size=batch_size)
    return len(new), len(changed)


@dataclass
class LoadStats:
    created: int = 0
    updated: int = 0
    villages_moved: int = 0


def _upsert(*, level: str, units: list[Unit], valid_to, ids: dict, parents: dict[str, tuple[int, int | None]],
            successors: dict[str, int], stats: LoadStats, progress: Callable[[int], None] | None,
            adopt: Collection[str] = ()) -> dict[str, int]:
    """Create or update one level's units, keyed by (code, end of validity); return code → id.

    parents: code → (parent id, province id); successors: code → id of the unit that took it in.
    """
    codes = [u.code for u in units]
    existing = {u.code: u for u in OrgUnit.objects.filter(level=level, code__in=codes, valid_to=valid_to)} \
        if valid_to else {u.code: u for u in OrgUnit.objects.filter(level=level, code__in=codes, valid_to__isnull=True)}
    if adopt:
        # A unit entered before the reform as current (an older demo), under a code no current unit uses: it is
        # this former unit, to be closed rather than duplicated.
        for unit in OrgUnit.objects.filter(level=level, code__in=adopt, valid_to__isnull=True):
            existing.setdefault(unit.code, unit)
    rows = {}
    for unit in units:
        parent_id, province_id = parents.get(unit.code, (None, None))
        rows[unit.code] = ({"code": unit.code}, {
            "level": level, "kind": str(unit.kind), "name": unit.name, "name_folded": fold(unit.name),
            "parent_id": parent_id, "province_id": province_id,
            "valid_from": None if valid_to else REFORM_FIRST_DAY, "valid_to": valid_to,
            "successor_id": successors.get(unit.code)})
    created, updated = bulk_upsert(OrgUnit, existing=existing, rows=rows)
    stats.created += created
    stats.updated += updated
    if progress:
        progress(len(units))
    query = OrgUnit.objects.filter(level=level, code__in=[u.code for u in units])
    query = query.filter(valid_to=valid_to) if valid_to else query.filter(valid_to__isnull=True)
    ids.update(dict(query.values_list("code", "id")))
    return ids


def units_selection(country: Country, *, history: bool, communes: Collection[str] | None) -> dict[str, list[Unit]]:
    """The units to load: everything, or the given current communes (with their former units, for history)."""
    current = [c for code, c in country.communes.items() if communes is None or code in communes]
    wanted = {c.code for c in current}
    chosen = {"provinces": [country.provinces[p] for p in sorted({c.parent for c in current})], "communes": current,
              "former_provinces": [], "districts": [], "former_communes": []}
    if history:
        # A chosen commune's former communes: those merged into it (a split one by the commune its mapping names).
        former = [c for c in country.former_communes.values() if communes is None or c.successor in wanted]
        districts = [d for d in country.districts.values()
                     if (communes is None or d.successor in wanted) and d.successor is not None]
        district_codes = sorted({c.parent for c in former} | {d.code for d in districts}) if communes is not None \
            else sorted(country.districts)
        chosen["districts"] = [country.districts[d] for d in district_codes]
        chosen["former_provinces"] = [country.former_provinces[p]
                                      for p in sorted({d.parent for d in chosen["districts"]})]
        chosen["former_communes"] = former
        # A former province's successor must be loaded too, even when none of its communes are chosen.
        extra = {p.successor for p in chosen["former_provinces"]} - {p.code for p in chosen["provinces"]}
        chosen["provinces"] += [country.provinces[p] for p in sorted(extra)]
    return chosen


@transaction.atomic
def units_load(*, history: bool = False, communes: Collection[str] | None = None,
               progress: Callable[[int], None] | None = None) -> LoadStats:
    """Load the country's current units (and, with history, the former ones linked to their successors).

    Idempotent: a unit is found by its level, code and end of validity, and only written when it differs.
    `communes` limits the load to these current communes' codes (the demo loads five, not 3,321).
    Villages already recorded under a former commune get a successor village in the commune the mapping
    names (teams follow, through the units_changed signal); an administrator can move it in the admin.
    """
    country = country_read()
    chosen = units_selection(country, history=history, communes=communes)
    stats = LoadStats()
    new: dict[str, int] = {}
    _upsert(level=Level.PROVINCE, units=chosen["provinces"], valid_to=None, ids=new, parents={}, successors={},
            stats=stats, progress=progress)
    provinces = dict(new)
    communes_ = _upsert(level=Level.COMMUNE, units=chosen["communes"], valid_to=None, ids={},
                        parents={c.code: (provinces[c.parent], provinces[c.parent]) for c in chosen["communes"]},
                        successors={}, stats=stats, progress=progress)
    if not history:
        return stats
    targets = {**communes_, **{c: i for c, i in OrgUnit.objects.filter(
        level=Level.COMMUNE, valid_to__isnull=True, code__in=[u.successor for u in chosen["districts"]]
        + [u.successor for u in chosen["former_communes"]]).values_list("code", "id")}}
    old_provinces = _upsert(level=Level.PROVINCE, units=chosen["former_provinces"], valid_to=REFORM_LAST_DAY,
                            ids={}, parents={}, successors={p.code: provinces[p.successor]
                                                            for p in chosen["former_provinces"]},
                            stats=stats, progress=progress,
                            adopt={p.code for p in chosen["former_provinces"]} - set(country.provinces))
    districts = _upsert(level=Level.DISTRICT, units=chosen["districts"], valid_to=REFORM_LAST_DAY, ids={},
                        parents={d.code: (old_provinces[d.parent], old_provinces[d.parent])
                                 for d in chosen["districts"]},
                        successors={d.code: targets[d.successor] for d in chosen["districts"]
                                    if d.successor in targets}, stats=stats, progress=progress)
    province_of = {d.code: old_provinces[d.parent] for d in chosen["districts"]}
    former = _upsert(level=Level.COMMUNE, units=chosen["former_communes"], valid_to=REFORM_LAST_DAY, ids={},
                     parents={c.code: (districts[c.parent], province_of[c.parent]) for c in chosen["former_communes"]},
                     successors={c.code: targets[c.successor] for c in chosen["former_communes"]
                                 if c.successor in targets}, stats=stats, progress=progress,
                     adopt={c.code for c in chosen["former_communes"]} - set(country.communes))
    stats.villages_moved = _villages_follow(former_ids=list(former.values()))
    return stats


def _villages_follow(*, former_ids: list[int]) -> int:
    """Villages still open under a former commune: each gets a successor village in the commune's successor."""
    moved: dict[int, int] = {}
    for village in OrgUnit.objects.villages().filter(parent_id__in=former_ids, valid_to__isnull=True,
                                                       successor__isnull=True).select_related("parent"):
        target = village.parent.successor
        if target is None:
            continue
        name = village.name
        if OrgUnit.objects.filter(parent=target, name=name).exists():
            name = f"{village.name} ({village.parent.name})"
        successor, _ = OrgUnit.objects.get_or_create(
            parent=target, name=name, defaults={"level": Level.VILLAGE, "kind": village.kind,
                                                "valid_from": REFORM_FIRST_DAY})
        village.valid_to, village.successor = REFORM_LAST_DAY, successor
        village.save(update_fields=["valid_to", "successor"])
        moved[village.pk] = successor.pk
    if moved:
        communes = set(OrgUnit.objects.filter(id__in=[*moved, *moved.values()]).values_list("parent_id", flat=True))
        units_changed.send(sender=OrgUnit, villages=sorted({*moved, *moved.values()}), communes=sorted(communes))
    return len(moved)


@transaction.atomic
def village_move(*, village: OrgUnit, commune: OrgUnit) -> int:
    """Put a village under another commune (a split commune's village that the mapping placed wrongly).

    The village's teams, members, records and sessions follow, and the figures of both communes'
    provinces are recounted (receivers of units_changed, in the apps that own those rows).
    Returns the number of summary cells recounted.
    """
    before = village.parent_id
    if before == commune.pk:
        return 0
    village.parent = commune
    village.save()
    answers = units_changed.send(sender=OrgUnit, villages=[village.pk], communes=sorted({before, commune.pk}))
    return sum(n for _receiver, n in answers if isinstance(n, int))
