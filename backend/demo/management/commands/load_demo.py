from django.core.management.base import BaseCommand

from demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo communes, teams, users, services and indicators (idempotent)."

    def handle(self, *args, **options):
        stats = load_demo()
        self.stdout.write(self.style.SUCCESS(
            f"Demo loaded: {stats.created} rows created, {stats.updated} updated."))
