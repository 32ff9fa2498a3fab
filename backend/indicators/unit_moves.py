"""What follows when villages change commune (orgunits.signals.units_changed).

Teams, their members, records and group sessions keep a copy of their village's commune (so that
every scoped query is one indexed filter): they are brought in line here, then the summary table is
recounted for the provinces concerned only.
"""

from __future__ import annotations

import datetime

from django.dispatch import receiver

from accounts.models import TEAM_ROLES, User
from orgunits.models import Level, OrgUnit
from orgunits.signals import units_changed
from outreach.models import GroupSession
from periods.periods import local_tz
from records.models import AssistanceRecord
from teams.models import Team

from .services import summary_rebuild


def _open_unit(unit: OrgUnit) -> OrgUnit:
    seen = {unit.pk}
    while unit.valid_to and unit.successor_id and unit.successor_id not in seen:
        seen.add(unit.successor_id)
        unit = unit.successor
    return unit


@receiver(units_changed, dispatch_uid="indicators_follow_units")
def follow_units(sender, *, villages, communes, **kwargs) -> int:
    """Returns the number of summary cells rewritten."""
    for team in Team.objects.filter(unit_id__in=villages).select_related("unit"):
        unit = _open_unit(team.unit) if team.is_active else team.unit
        if unit.pk != team.unit_id or team.commune_id != (unit.commune or unit).pk:
            team.unit = unit
            team.save()
        User.objects.filter(team=team, role__in=TEAM_ROLES).exclude(unit_id=team.commune_id).update(
            unit_id=team.commune_id)
    for village in OrgUnit.objects.filter(id__in=villages, level=Level.VILLAGE).select_related("successor"):
        if village.valid_to and village.successor_id:
            # Help logged in a closed village after its last day belongs to the village that took it in.
            after = datetime.datetime.combine(village.valid_to + datetime.timedelta(days=1), datetime.time(),
                                              tzinfo=local_tz())
            AssistanceRecord.objects.filter(village=village, occurred_at__gte=after).update(
                village=village.successor, commune_id=village.successor.parent_id)
            GroupSession.objects.filter(village=village, held_on__gt=village.valid_to).update(
                village=village.successor, commune_id=village.successor.parent_id)
        AssistanceRecord.objects.filter(village=village).exclude(commune_id=village.parent_id).update(
            commune_id=village.parent_id)
        GroupSession.objects.filter(village=village).exclude(commune_id=village.parent_id).update(
            commune_id=village.parent_id)
    # The former villages that these villages took in count where they go: recount their provinces too.
    formers = OrgUnit.objects.filter(successor_id__in=villages, level=Level.VILLAGE).values_list("parent_id", flat=True)
    return summary_rebuild(commune_ids=sorted({*communes, *formers}))
