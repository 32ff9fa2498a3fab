import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from demo.generator import generate_records
from indicators.services import summary_rebuild


class Command(BaseCommand):
    help = "Add N realistic assistance records over the demo's villages, members and the last two years."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="number of records to add")
        parser.add_argument("--seed", type=int, default=None, help="random seed, for repeatable data")
        parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar")

    def handle(self, *args, count, seed, no_progress, **options):
        if count < 1:
            raise CommandError("--count must be at least 1")
        started = time.monotonic()
        with tqdm(total=count, unit="rec", disable=no_progress, desc="records") as bar:
            try:
                made = generate_records(count=count, seed=seed, progress=bar.update)
            except RuntimeError as exc:
                raise CommandError(str(exc)) from exc
        inserted = time.monotonic()
        # Bulk inserts bypass the signals that keep the indicator summary current: rebuild it once.
        if not no_progress:
            self.stderr.write("Rebuilding the indicator summary…")
        cells = summary_rebuild()
        done = time.monotonic()
        self.stdout.write(self.style.SUCCESS(
            f"{made} records added in {inserted - started:.1f} s; "
            f"indicator summary rebuilt ({cells} cells) in {done - inserted:.1f} s."))
