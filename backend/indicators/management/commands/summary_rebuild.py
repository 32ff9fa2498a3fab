from django.core.management.base import BaseCommand

from indicators.services import summary_rebuild


class Command(BaseCommand):
    help = "Recompute the indicators' summary table from the assistance records."

    def add_arguments(self, parser):
        parser.add_argument("--commune", type=int, action="append", dest="communes",
                            help="Only the provinces of these commune ids (repeatable).")

    def handle(self, *args, communes=None, **options):
        written = summary_rebuild(commune_ids=communes)
        self.stdout.write(f"{written} summary cells written")
