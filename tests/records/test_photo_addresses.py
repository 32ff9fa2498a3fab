"""Finding 6: photos are served only through a scope-checked view, under names nobody can guess."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from records.models import AssistanceRecord
from tests.records.test_photos import jpeg


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def uploaded(api):
    member = api("member.chanhlo")
    village = member.get("/api/v1/me/").json()["villages"][0]["id"]
    key = str(uuid.uuid4())
    member.post("/api/v1/sync/", {"records": [{"client_uuid": key, "service_type": "vneid_l2", "village": village,
                                              "occurred_at": timezone.now().isoformat()}]}, format="json")
    answer = member.put(f"/api/v1/records/{key}/photo/",
                        {"photo": SimpleUploadedFile("IMG_1.jpg", jpeg(), "image/jpeg")}, format="multipart")
    assert answer.status_code == 200
    return key, answer.json()


def test_the_api_hands_out_no_media_path(uploaded):
    key, record = uploaded
    assert record["photo_url"] == f"/api/v1/records/{key}/photo/"
    assert record["thumb_url"] == f"/api/v1/records/{key}/photo/?thumb=1"
    stored = AssistanceRecord.objects.get(client_uuid=key)
    for url in (record["photo_url"], record["thumb_url"]):
        assert settings.MEDIA_URL not in url and stored.photo.name not in url and stored.photo_thumb.name not in url


def test_stored_names_cannot_be_guessed(uploaded):
    key, _record = uploaded
    stored = AssistanceRecord.objects.get(client_uuid=key)
    for name in (stored.photo.name, stored.photo_thumb.name):
        assert key not in name
        assert not re.search(r"/20\d\d/\d\d/", name)
        token = name.rsplit("/", 1)[-1].removesuffix(".jpg")
        assert len(token) >= 22  # at least 128 random bits
    assert stored.photo.name.rsplit("/", 1)[-1] != stored.photo_thumb.name.rsplit("/", 1)[-1]


@pytest.mark.parametrize(("username", "status"), [
    ("member.chanhlo", 200), ("officer.chanhlo", 200), ("admin", 200),
    ("member.tinhlong", 404), ("officer.tinhlong", 404), ("viewer.quangngai", 403), (None, 403),
])
def test_the_photo_is_served_by_the_scope_check_of_its_record(api, uploaded, username, status):
    _key, record = uploaded
    for url in (record["photo_url"], record["thumb_url"]):
        response = api(username).get(url)
        assert response.status_code == status, (username, url)
        if status == 200:
            assert response["Content-Type"] == "image/jpeg"
            assert "no-store" in response["Cache-Control"]
            with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
                assert image.format == "JPEG"


def test_the_documented_proxy_does_not_serve_the_media_folder():
    text = (settings.BASE_DIR / "docs" / "production.md").read_text(encoding="utf-8")
    assert "proxy_pass http://127.0.0.1:8000" in text
    assert not re.search(r"^\s*location\s+[^{\n]*/media[^{\n]*\{", text, re.MULTILINE)
    assert not re.search(r"^\s*(alias|root)\s+\S*media", text, re.MULTILINE)


def test_photos_stored_under_guessable_names_are_renamed(uploaded, media, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from records.photos import RANDOM_NAME

    key, _record = uploaded
    old = {field: default_storage.save(f"{folder}/2025/11/{key}.jpg", ContentFile(jpeg()))
           for field, folder in (("photo", "photos"), ("photo_thumb", "thumbs"))}
    AssistanceRecord.objects.filter(client_uuid=key).update(**old)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("photos_rename", stdout=io.StringIO())

    stored = AssistanceRecord.objects.get(client_uuid=key)
    assert RANDOM_NAME.match(stored.photo.name) and RANDOM_NAME.match(stored.photo_thumb.name)
    assert default_storage.exists(stored.photo.name) and default_storage.exists(stored.photo_thumb.name)
    assert not any(default_storage.exists(name) for name in old.values())
