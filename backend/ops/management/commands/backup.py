from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from ops.services import BackupError, backup_create


class Command(BaseCommand):
    help = "Write the whole database and the media files into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None,
                            help="archive to write (default: backups/backup-<time>.tar.gz)")

    def handle(self, *args, output: Path | None, **options):
        if output is None:
            output = Path("backups") / f"backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = backup_create(output=output, progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            _("Backup written to %(file)s: %(rows)d rows, %(files)d media files, records checksum %(checksum)s.")
            % {"file": output, "rows": sum(manifest["counts"].values()), "files": len(manifest["media"]),
               "checksum": manifest["records_checksum"][:16]}
        ))
