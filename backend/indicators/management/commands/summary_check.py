import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import F, Q
from django.utils.translation import gettext as _
from tqdm import tqdm

from indicators.summary_check import CellNames, plan_all, summary_diff, summary_fix
from orgunits.models import Level, OrgUnit


class Command(BaseCommand):
    help = ("Recount the indicators' summary table from the assistance records and compare: print every "
            "differing cell, exit with status 1 when any differs. --fix rewrites those cells.")

    def add_arguments(self, parser):
        parser.add_argument("--commune", metavar="CODE",
                            help="only the cells of this commune (official code): its own, its villages' "
                                 "and teams', with the communes merged into it; not the province's")
        parser.add_argument("--fix", action="store_true",
                            help="rewrite the differing cells to the recounted values (one transaction)")
        parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar")

    def handle(self, *args, commune=None, fix=False, no_progress=False, **options):
        started = time.monotonic()
        unit = self._commune(commune) if commune else None
        plan = None if unit is not None else plan_all()
        found = []
        with tqdm(total=1 if plan is None else len(plan), unit="batch", disable=no_progress, desc=_("checking"), file=self.stderr._out) as bar:
            def progress(batch, part):
                bar.set_postfix_str(batch.label[-40:], refresh=False)
                bar.update()
                found.extend(part.diffs)
                self._print(part.diffs)

            result = summary_diff(commune=unit, plan=plan, progress=progress)
        self._print(result.diffs[len(found):])  # cells of no unit or team any more
        elapsed = time.monotonic() - started
        self.stdout.write(_("%(checked)d cells checked, %(differing)d differing (%(seconds).1f s).") % {
            "checked": result.checked, "differing": len(result.diffs), "seconds": elapsed})
        if not result.diffs:
            return
        if fix:
            fixed = summary_fix(result.diffs)
            self.stdout.write(self.style.SUCCESS(_("%(fixed)d cells fixed.") % {"fixed": fixed}))
        # Exit 1 even when fixed: a difference means something wrote wrong figures; the nightly job alerts.
        message = (_("The summary table differed from the records in %(differing)d cells; they are fixed now.")
                   if fix else _("The summary table differs from the records in %(differing)d cells."))
        raise CommandError(message % {"differing": len(result.diffs)}, returncode=1)

    def _commune(self, code: str) -> OrgUnit:
        unit = (OrgUnit.objects.filter(level=Level.COMMUNE).filter(Q(code=code) | Q(code=code.zfill(5)))
                .order_by(F("valid_to").desc(nulls_first=True)).first())  # the current one (no end date) first
        if unit is None:
            raise CommandError(_("No commune with code %(code)s.") % {"code": code})
        return unit

    def _print(self, diffs):
        if not diffs:
            return
        names = CellNames(d.cell for d in diffs)
        for d in diffs:
            scope, kind, key, metric = d.cell
            self.stdout.write(_(
                "%(unit)s · %(period)s · %(metric)s: stored %(sp)d people / %(sv)d visits, "
                "recounted %(rp)d people / %(rv)d visits") % {
                "unit": names.unit(scope), "period": names.period(kind, key),
                "metric": names.metric(metric, all_label=_("all services"), members_label=_("active members")),
                "sp": d.stored[0], "sv": d.stored[1], "rp": d.recounted[0], "rv": d.recounted[1]})
