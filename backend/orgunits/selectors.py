from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from .models import Level, OrgUnit
from .text import fold


def unit_current_successor(*, unit: OrgUnit) -> OrgUnit:
    """Follow the chain of mergers to the unit that exists today (or the last one known)."""
    seen = {unit.pk}
    while unit.successor_id is not None and unit.successor_id not in seen:
        seen.add(unit.successor_id)
        unit = unit.successor
    return unit


def _remembered(unit: OrgUnit, name: str, compute):
    """A walk of the map, remembered on the unit instance: a report page asks the same of its unit many
    times, and an instance lives one request (the map does not change under it)."""
    memo = unit.__dict__.setdefault("_map_walks", {})
    if name not in memo:
        memo[name] = compute()
    return set(memo[name]) if isinstance(memo[name], set) else list(memo[name])


def unit_predecessor_ids(*, unit: OrgUnit) -> set[int]:
    """All units merged into this one, directly or through earlier mergers."""
    return _remembered(unit, "predecessors", lambda: _predecessor_ids(unit))


def _predecessor_ids(unit: OrgUnit) -> set[int]:
    found: set[int] = set()
    frontier = {unit.pk}
    while frontier:
        ids = set(OrgUnit.objects.filter(successor_id__in=frontier).order_by().values_list("id", flat=True)) - found
        found |= ids
        frontier = ids
    return found


def unit_with_history_ids(*, unit: OrgUnit) -> set[int]:
    """The unit and every unit merged into it: what a report on it must cover."""
    return {unit.pk} | unit_predecessor_ids(unit=unit)


def commune_ids_within(*, unit: OrgUnit) -> list[int]:
    """Communes at or below a unit, including the history of units merged into them."""
    if unit.level == Level.VILLAGE:
        return [unit.parent_id]
    roots = unit_with_history_ids(unit=unit)
    if unit.level == Level.COMMUNE:
        return sorted(roots)
    if unit.level == Level.PROVINCE:
        return list(OrgUnit.objects.communes().filter(province_id__in=roots).values_list("id", flat=True))
    return list(OrgUnit.objects.communes().filter(parent_id__in=roots).values_list("id", flat=True))


def villages_of(*, commune: OrgUnit, on: datetime.date | None = None):
    qs = OrgUnit.objects.villages().filter(parent=commune)
    if on is not None:
        qs = qs.valid_on(on)
    return qs.order_by("name")


def villages_within(*, unit: OrgUnit) -> list[int]:
    """Villages whose figures count in a unit (see units_above): below it, or below units merged into it."""
    return _remembered(unit, "villages", lambda: _villages_within(unit))


def _villages_within(unit: OrgUnit) -> list[int]:
    frontier = unit_with_history_ids(unit=unit)
    seen = set(frontier)
    villages = {unit.pk} if unit.level == Level.VILLAGE else set()
    while frontier:
        rows = OrgUnit.objects.filter(Q(parent_id__in=frontier) | Q(successor_id__in=frontier)).order_by().values_list(
            "id", "level")
        frontier = set()
        for pk, level in rows:
            if pk not in seen:
                seen.add(pk)
                frontier.add(pk)
                if level == Level.VILLAGE:
                    villages.add(pk)
    # A village of a split commune that went elsewhere is below the commune's successor, yet counts elsewhere.
    return sorted(v for v, units in units_above(villages).items() if unit.pk in units)


def shown_children(units: QuerySet[OrgUnit]) -> list[OrgUnit]:
    """Units to list side by side: one whose successor is also listed is already counted in it."""
    return list(units.exclude(successor_id__in=units.values("id")))


def units_above(village_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """For each village: itself and every unit above it or its ancestors were merged into (ids, sorted).

    A village's figures count in each of these units, so that a merged commune includes its history.
    A unit that names a successor of its own decides for the units below it: the village of a split
    commune counts in the commune its successor village lies in, not in the split commune's successor.
    """
    links: dict[int, tuple[int | None, int | None]] = {}
    frontier = set(village_ids)
    while frontier:
        rows = OrgUnit.objects.filter(id__in=frontier).order_by().values_list("id", "parent_id", "successor_id")
        frontier = set()
        for pk, parent, successor in rows:
            links[pk] = (parent, successor)
            frontier |= {x for x in (parent, successor) if x and x not in links}
    result = {}
    for village in set(village_ids):
        seen: set[tuple[int, bool]] = set()
        stack = [(village, True)]
        while stack:
            unit, follow = stack.pop()
            if (unit, follow) in seen or unit not in links:
                continue
            seen.add((unit, follow))
            parent, successor = links[unit]
            if successor and follow:
                stack.append((successor, True))
            if parent:
                # A unit with a successor of its own (a village of a split commune) goes where it names,
                # not where its former commune (or district, province) went.
                stack.append((parent, follow and successor is None))
        result[village] = tuple(sorted({unit for unit, _follow in seen}))
    return result


def units_matching(units, *, q: str, limit: int | None = 20):
    """Units whose name (without diacritics: "tinh khe" finds Tịnh Khê) or official code matches `q`.

    Current units first, then former ones; provinces, districts, communes before villages."""
    folded = fold(q)
    if not folded:
        return units.none()
    query = Q()
    for word in folded.split():
        query &= Q(name_folded__contains=word)
    if q.strip().isdigit():
        query |= Q(code__startswith=q.strip())
    level_order = Case(*[When(level=lvl, then=Value(i)) for i, lvl in enumerate(
        (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.VILLAGE))], output_field=IntegerField())
    matched = units.filter(query).select_related("province", "parent").order_by(
        F("valid_to").desc(nulls_first=True), level_order, "name_folded", "pk")
    return matched[:limit] if limit else matched


def unit_former_parts(*, unit: OrgUnit) -> list[OrgUnit]:
    """The former units whose figures count in this one: merged into it, or (split) some of whose villages went to it."""
    ids = unit_predecessor_ids(unit=unit)
    if unit.level == Level.COMMUNE:
        ids |= set(OrgUnit.objects.filter(id__in=villages_within(unit=unit), valid_to__isnull=False)
                   .values_list("parent_id", flat=True))
    ids.discard(unit.pk)
    return list(OrgUnit.objects.filter(id__in=ids, level=unit.level).select_related("province").order_by("name"))
