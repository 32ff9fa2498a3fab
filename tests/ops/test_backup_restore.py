"""`manage.py backup` then `manage.py restore` into an empty database gives back the same data."""

from __future__ import annotations

import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import translation

from ops import selectors


@pytest.fixture
def media(transactional_db, settings, tmp_path):
    # Real transactions: `flush` and the restore run as they would on a server, not in a test savepoint.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


@pytest.fixture
def populated(media, demo):
    from records.models import AssistanceRecord

    call_command("generate_records", "--count", "300", "--seed", "6", "--no-progress", stdout=io.StringIO())
    record = AssistanceRecord.objects.order_by("pk").first()
    record.photo.save("evidence.jpg", ContentFile(b"\xff\xd8 pretend jpeg \xff\xd9"), save=True)
    return record


def run(*args, language: str = "en") -> str:
    out = io.StringIO()
    with translation.override(language):
        call_command(*args, stdout=out)
    return out.getvalue()


def test_a_backup_restored_into_an_empty_database_has_the_same_records_and_files(populated, tmp_path):
    from accounts.models import User
    from records.models import AssistanceRecord

    counts, checksum = selectors.row_counts(), selectors.records_checksum()
    assert counts["records.assistancerecord"] >= 300
    photo_name, photo_bytes = populated.photo.name, populated.photo.read()
    archive = tmp_path / "site.tar.gz"

    out = run("backup", "--output", str(archive))
    assert "records.assistancerecord" in out and archive.is_file()

    call_command("flush", "--noinput")
    default_storage.delete(photo_name)
    assert AssistanceRecord.objects.count() == 0

    out = run("restore", str(archive))
    assert "/ " in out  # progress lines
    assert selectors.row_counts() == counts
    assert selectors.records_checksum() == checksum
    assert default_storage.open(photo_name).read() == photo_bytes
    assert User.objects.get(username="member.chanhlo").check_password("Demo@2026")
    # New rows after a restore get fresh ids, not ones the backup already used.
    again = AssistanceRecord.objects.get(pk=populated.pk)
    again.pk, again.client_uuid = None, None
    again.client_uuid = __import__("uuid").uuid4()
    again.save()
    assert again.pk > max(AssistanceRecord.objects.exclude(pk=again.pk).values_list("pk", flat=True))


def test_a_photo_replaced_during_the_backup_is_skipped_not_fatal(populated, tmp_path, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    kept = default_storage.save("photos/kept.jpg", ContentFile(b"\xff\xd8 kept \xff\xd9"))
    gone = populated.photo.name
    real_open = FileSystemStorage.open

    def open_after_a_member_replaced_the_photo(self, name, mode="rb"):
        if name == gone and self.exists(name):
            self.delete(name)  # the listing saw it; by the time the backup reads it, it is gone
        return real_open(self, name, mode)

    monkeypatch.setattr(FileSystemStorage, "open", open_after_a_member_replaced_the_photo)
    archive = tmp_path / "site.tar.gz"

    out = run("backup", "--output", str(archive))

    assert gone in out and "skipped" in out
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
    assert f"media/{kept}" in names and f"media/{gone}" not in names
    assert names[-1] == "manifest.json"
    monkeypatch.undo()
    call_command("flush", "--noinput")
    default_storage.delete(kept)
    run("restore", str(archive))
    assert default_storage.open(kept).read() == b"\xff\xd8 kept \xff\xd9"


def test_restore_refuses_a_database_that_is_not_empty(populated, tmp_path):
    archive = tmp_path / "site.tar.gz"
    run("backup", "--output", str(archive))
    before = selectors.records_checksum()
    with pytest.raises(CommandError, match="not empty"):
        run("restore", str(archive))
    with pytest.raises(CommandError, match="không trống"):
        run("restore", str(archive), language="vi")
    assert selectors.records_checksum() == before


def test_restore_refuses_a_damaged_archive(populated, tmp_path):
    archive = tmp_path / "site.tar.gz"
    run("backup", "--output", str(archive))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            content = src.extractfile(member).read()
            if member.name == "data.jsonl":
                content = content.replace(b"member.chanhlo", b"member.chanhlX", 1)
            member.size = len(content)
            dst.addfile(member, io.BytesIO(content))
    call_command("flush", "--noinput")
    with pytest.raises(CommandError, match="checksum"):
        run("restore", str(damaged))
    assert selectors.non_empty_models() == []


def test_restore_refuses_a_file_that_is_not_a_backup(transactional_db, tmp_path):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not a tarball")
    with pytest.raises(CommandError, match="not a backup archive"):
        run("restore", str(bogus))
