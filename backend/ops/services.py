"""Backup and restore: one tar.gz holding the data (JSON Lines), the media files and a manifest.

Archive layout:
    manifest.json   format, time, applied migrations, row counts, records checksum, file digests
    data.jsonl      Django's JSON Lines serialization, one object a line, streamed both ways
    media/<name>    every file of the default storage (disk or S3-compatible)

Primary keys are kept as they are, so foreign keys need no lookups when loading two million
records; only content types and permissions, whose ids differ between databases, travel by natural
key.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import groupby
from pathlib import Path, PurePosixPath

from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JsonlSerializer
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors

FORMAT = 1
Progress = Callable[[str], None]
CHUNK = 1000


class BackupError(Exception):
    """A backup or restore refused or failed; the message is for the operator."""


class _Serializer(JsonlSerializer):
    """Natural keys only towards content types and permissions; plain ids everywhere else."""

    NATURAL = {"contenttypes.contenttype", "auth.permission"}

    def _natural(self, field) -> bool:  # noqa: ANN001
        return field.remote_field.model._meta.label_lower in self.NATURAL

    def handle_fk_field(self, obj, field):  # noqa: ANN001
        self.use_natural_foreign_keys = self._natural(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):  # noqa: ANN001
        self.use_natural_foreign_keys = self._natural(field)
        super().handle_m2m_field(obj, field)


class _ExactEncoder(DjangoJSONEncoder):
    """Datetimes and times to the microsecond, as the database holds them.

    Django's encoder cuts them to the millisecond: 10:00:00.000400 came back as 10:00:00, the
    restored rows no longer matched the records' checksum and the restore refused a sound backup
    (one timestamp in a thousand has under a millisecond, so any real database has some).
    """

    def default(self, o):  # noqa: ANN001
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


def _quiet(message: str) -> None:
    pass


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _storage_files(directory: str = "") -> Iterator[str]:
    try:
        subdirs, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for sub in sorted(subdirs):
        yield from _storage_files(f"{directory}/{sub}" if directory else sub)


def _objects(progress: Progress, counts: dict[str, int]) -> Iterator[models.Model]:
    for model in selectors.backup_models():
        label = model._meta.label_lower
        counts[label] = 0
        for obj in model._base_manager.order_by("pk").iterator(chunk_size=2000):
            counts[label] += 1
            yield obj
        progress(_("data: %(model)s, %(count)d rows") % {"model": label, "count": counts[label]})


def backup_create(*, output: Path, progress: Progress = _quiet) -> dict:
    """Write the whole database and media to `output` (tar.gz); return the manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="backup-") as tmp:
        data_path = Path(tmp) / "data.jsonl"
        # One read transaction: the rows, the counts and the checksum describe the same moment.
        with transaction.atomic(), data_path.open("w", encoding="utf-8") as stream:
            _Serializer().serialize(_objects(progress, counts), stream=stream, use_natural_foreign_keys=True,
                                    cls=_ExactEncoder)
            checksum = selectors.records_checksum()
            migrations = selectors.applied_migrations()
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(data_path, arcname="data.jsonl")
            media = _archive_media(tar, progress)
            # Last, because it carries the digests of what came before; readers find it by name.
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "database_vendor": connection.vendor,
                "migrations": migrations,
                "counts": counts,
                "records_checksum": checksum,
                "data_sha256": _sha256_file(data_path),
                "media": media,
            }
            blob = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(blob), int(time.time())
            tar.addfile(info, io.BytesIO(blob))
        partial.replace(output)  # a crash mid-way never leaves a truncated archive under the real name
    return manifest


class _HashingReader:
    """Hands a file to tarfile while hashing it: each media file is read once, even from S3."""

    def __init__(self, handle) -> None:  # noqa: ANN001
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        block = self.handle.read(size)
        self.digest.update(block)
        return block


def _archive_media(tar: tarfile.TarFile, progress: Progress) -> list[dict]:
    media = []
    for name in _storage_files():
        try:
            size = default_storage.size(name)
            handle = default_storage.open(name, "rb")
        except FileNotFoundError:
            # Replaced or deleted since the listing (a member changed a photo): nothing to keep.
            progress(_("media: %(name)s disappeared during the backup, skipped") % {"name": name})
            continue
        with handle:
            reader = _HashingReader(handle)
            info = tarfile.TarInfo(f"media/{name}")
            info.size, info.mtime = size, int(time.time())
            tar.addfile(info, reader)
        media.append({"name": name, "size": size, "sha256": reader.digest.hexdigest()})
    progress(_("media: %(count)d files") % {"count": len(media)})
    return media


def backup_read_manifest(*, archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            manifest = json.load(member)
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise BackupError(_("%(file)s is not a backup archive: %(error)s") % {"file": archive, "error": exc}) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Unknown backup format %(format)s.") % {"format": manifest.get("format")})
    return manifest


@contextlib.contextmanager
def _raw_timestamps(model: type[models.Model]) -> Iterator[None]:
    """bulk_create stamps auto_now fields with the current time; a restore keeps the stored ones."""
    fields = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _check_restorable(manifest: dict) -> None:
    occupied = selectors.non_empty_models()
    if occupied:
        raise BackupError(
            _("The database is not empty (%(models)s). Restore only into a new, migrated, empty database.")
            % {"models": ", ".join(occupied[:5]) + ("…" if len(occupied) > 5 else "")}
        )
    here = selectors.applied_migrations()
    missing = sorted(
        f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names
        if name not in here.get(app, [])
    )
    if missing:
        raise BackupError(
            _("This database lacks migrations the backup was made with (%(missing)s). Run `migrate` "
              "with the same or newer code first.") % {"missing": ", ".join(missing[:5])}
        )


def _safe_media_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(_("Refusing the unsafe file name %(name)s in the archive.") % {"name": name})
    return str(path)


def _load_data(stream, *, total: int, progress: Progress) -> int:  # noqa: ANN001
    loaded = 0
    models_seen: list[type[models.Model]] = []
    m2m: list[tuple[models.Model, dict]] = []
    objects = serializers.deserialize("jsonl", stream, ignorenonexistent=False)
    for model, group in groupby(objects, key=lambda item: type(item.object)):
        models_seen.append(model)
        with _raw_timestamps(model):
            batch: list[models.Model] = []
            for item in group:
                batch.append(item.object)
                if item.m2m_data:
                    m2m.append((item.object, item.m2m_data))
                if len(batch) >= CHUNK:
                    model._base_manager.bulk_create(batch)
                    loaded += len(batch)
                    batch = []
            model._base_manager.bulk_create(batch)
            loaded += len(batch)
        progress(_("data: %(done)d / %(total)d rows") % {"done": loaded, "total": total})
    for obj, relations in m2m:
        for name, values in relations.items():
            getattr(obj, name).set(values)
    # Rows came with their ids: move PostgreSQL's sequences past them.
    statements = connection.ops.sequence_reset_sql(no_style(), models_seen)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    return loaded


def backup_restore(*, archive: Path, progress: Progress = _quiet) -> dict:
    """Load `archive` into this empty, migrated database and its media storage; return the manifest."""
    archive = Path(archive)
    manifest = backup_read_manifest(archive=archive)
    _check_restorable(manifest)
    total = sum(manifest["counts"].values())
    expected_media = {entry["name"]: entry for entry in manifest["media"]}
    with tarfile.open(archive, "r:gz") as tar:
        data = tar.extractfile("data.jsonl")
        if data is None:
            raise BackupError(_("The archive has no data file."))
        with tempfile.TemporaryDirectory(prefix="restore-") as tmp:
            data_path = Path(tmp) / "data.jsonl"
            with data_path.open("wb") as handle:
                for block in iter(lambda: data.read(1 << 20), b""):
                    handle.write(block)
            if _sha256_file(data_path) != manifest["data_sha256"]:
                raise BackupError(_("The data file does not match its checksum: the archive is damaged."))
            with transaction.atomic():
                with data_path.open("r", encoding="utf-8") as stream:
                    _load_data(stream, total=total, progress=progress)
                counts = selectors.row_counts()
                wrong = {label: (n, counts.get(label)) for label, n in manifest["counts"].items() if counts.get(label) != n}
                if wrong:
                    raise BackupError(_("Row counts differ after loading: %(wrong)s") % {"wrong": wrong})
                if selectors.records_checksum() != manifest["records_checksum"]:
                    raise BackupError(_("The records' checksum differs after loading."))
                restored = _restore_media(tar, expected_media)
    progress(_("media: %(count)d files") % {"count": restored})
    return manifest


def _restore_media(tar: tarfile.TarFile, expected: dict[str, dict]) -> int:
    restored = 0
    for member in tar.getmembers():
        if not member.name.startswith("media/"):
            continue
        name = _safe_media_name(member.name.removeprefix("media/"))
        entry = expected.get(name)
        if not member.isfile() or entry is None:
            raise BackupError(_("Unexpected entry %(name)s in the archive.") % {"name": member.name})
        content = tar.extractfile(member).read()
        if hashlib.sha256(content).hexdigest() != entry["sha256"]:
            raise BackupError(_("The file %(name)s does not match its checksum.") % {"name": name})
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, File(io.BytesIO(content), name=name))
        if saved != name:
            raise BackupError(_("The file %(name)s was stored as %(saved)s.") % {"name": name, "saved": saved})
        restored += 1
    if restored != len(expected):
        raise BackupError(_("The archive holds %(found)d media files, its manifest %(expected)d.")
                          % {"found": restored, "expected": len(expected)})
    return restored
