"""Writes of the indicators app: the pre-aggregated summary table and its upkeep.

summary_rebuild() recomputes the table from the records (after bulk inserts, which send no
signals, and after units are merged); indicators.upkeep keeps it current as records change, exactly
under concurrent requests (the review services and the record signals in indicators.signals use it).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from orgunits.models import Level, OrgUnit
from records.models import AssistanceRecord
from teams.models import Team

from .aggregation import tally_records, unit_scopes
from .models import SummaryCell
from .upkeep import table_lock

BATCH = 5000


def _villages_sharing_scopes(commune_ids: Iterable[int]) -> list[int]:
    """Villages whose figures share a cell with the given communes' villages (their whole provinces)."""
    villages = list(OrgUnit.objects.villages().filter(parent_id__in=list(commune_ids)).values_list("id", flat=True))
    touched = {s for scopes in unit_scopes(villages).values() for s in scopes}
    province_ids = OrgUnit.objects.filter(id__in=[int(s[1:]) for s in touched], level=Level.PROVINCE)
    everything = list(OrgUnit.objects.villages().filter(province_id__in=province_ids).values_list("id", flat=True))
    return [v for v, scopes in unit_scopes(everything).items() if touched & set(scopes)] or villages


@transaction.atomic
def summary_rebuild(*, commune_ids: Iterable[int] | None = None) -> int:
    """Recompute the summary table from the records (all of it, or the provinces of the given communes).

    Returns the number of cells written.
    """
    table_lock(exclusive=True)  # approvals meanwhile wait, then add to the rebuilt cells
    records = AssistanceRecord.objects.all()
    if commune_ids is None:
        villages = list(OrgUnit.objects.villages().values_list("id", flat=True))
        scopes = unit_scopes(villages)
        SummaryCell.objects.all().delete()
    else:
        villages = _villages_sharing_scopes(commune_ids)
        scopes = unit_scopes(villages)
        communes = OrgUnit.objects.filter(id__in=villages).values_list("parent_id", flat=True)
        teams = Team.objects.filter(commune_id__in=communes).values_list("id", flat=True)
        unit_cells = sorted({s for v in scopes.values() for s in v})
        team_cells = [f"t{t}" for t in teams]
        for i in range(0, len(unit_cells + team_cells), 500):
            SummaryCell.objects.filter(scope__in=(unit_cells + team_cells)[i:i + 500]).delete()
        records = records.filter(Q(village_id__in=villages) | Q(team_id__in=list(teams)))
    tally = tally_records(records, scopes=scopes, by_month=True)
    cells = set(tally.people) | set(tally.visits)
    batch = []
    written = 0
    for cell in cells:
        scope, kind, key, metric = cell
        batch.append(SummaryCell(scope=scope, kind=kind, key=key, metric=metric,
                                 people=tally.people.get(cell, 0), visits=tally.visits.get(cell, 0)))
        if len(batch) >= BATCH:
            written += len(SummaryCell.objects.bulk_create(batch))
            batch = []
    written += len(SummaryCell.objects.bulk_create(batch))
    return written
