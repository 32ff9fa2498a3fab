import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from orgunits.country import country_read
from orgunits.services import units_load, units_selection


class Command(BaseCommand):
    help = ("Load Vietnam's current administrative units (34 provinces, 3,321 communes) from the "
            "vietnamadminunits package; with --history also the units before 1/7/2025, linked to their "
            "successors. Idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("--history", action="store_true",
                            help="also load the 63 former provinces, their districts and communes (until 30/6/2025)")
        parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar")

    def handle(self, *args, history, no_progress, **options):
        started = time.monotonic()
        country = country_read()
        total = sum(len(units) for units in units_selection(country, history=history, communes=None).values())
        with tqdm(total=total, unit="unit", disable=no_progress, desc="units") as bar:
            stats = units_load(history=history, progress=bar.update)
        message = (f"{country.source}: {stats.created} units created, {stats.updated} updated "
                   f"in {time.monotonic() - started:.1f} s.")
        if stats.villages_moved:
            message += f" {stats.villages_moved} villages of former communes now follow their new commune."
        self.stdout.write(self.style.SUCCESS(message))
