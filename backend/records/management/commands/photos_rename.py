"""manage.py photos_rename: random names for photos stored under guessable ones (e.g. after restoring an old backup)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from records.models import AssistanceRecord
from records.photos import photos_rename_guessable


class Command(BaseCommand):
    help = "Give every photo and thumbnail stored under a guessable name a random one."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = photos_rename_guessable(model=AssistanceRecord)
        self.stdout.write(f"{count} records renamed")
