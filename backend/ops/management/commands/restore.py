from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ops.services import BackupError, backup_restore


class Command(BaseCommand):
    help = "Load a backup archive into an empty, migrated database and restore its media files."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="a .tar.gz written by `manage.py backup`")

    def handle(self, *args, archive: Path, **options):
        if not archive.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": archive})
        try:
            manifest = backup_restore(archive=archive, progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            _("Restored %(rows)d rows and %(files)d media files from %(file)s (made %(when)s).")
            % {"rows": sum(manifest["counts"].values()), "files": len(manifest["media"]),
               "file": archive, "when": manifest["created_at"]}
        ))
