"""PUT /api/v1/records/<uuid>/photo/: bounded, re-encoded, stripped of EXIF and GPS, idempotent."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from orgunits.models import OrgUnit
from records.models import AssistanceRecord, Status
from records.services import record_review

GPS_IFD = 0x8825


def jpeg(size=(1200, 900), *, gps=True, fmt="JPEG") -> bytes:
    image = Image.new("RGB", size, (200, 60, 60))
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (15.0, 7.0, 30.0), 3: "E", 4: (108.0, 48.0, 0.0)}
    image.save(buf, fmt, exif=exif)
    return buf.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def record_uuid(api):
    village = OrgUnit.objects.filter(level="village", parent__name="Cẩm Thành").order_by("name").first()
    key = str(uuid.uuid4())
    body = {"records": [{"client_uuid": key, "service_type": "vneid_l2", "village": village.pk,
                         "occurred_at": timezone.now().isoformat()}]}
    api("member.chanhlo").post("/api/v1/sync/", body, format="json")
    return key


def put_photo(client, key, data: bytes, name="photo.jpg"):
    return client.put(f"/api/v1/records/{key}/photo/", {"photo": SimpleUploadedFile(name, data, "image/jpeg")},
                      format="multipart")


def test_the_photo_endpoint_strips_gps_from_a_photo_that_had_it(api, record_uuid):
    original = jpeg()
    with Image.open(io.BytesIO(original)) as check:
        assert GPS_IFD in check.getexif()

    response = put_photo(api("member.chanhlo"), record_uuid, original)

    assert response.status_code == 200
    record = AssistanceRecord.objects.get(client_uuid=record_uuid)
    for stored in (record.photo, record.photo_thumb):
        with Image.open(stored.path) as image:
            assert image.format == "JPEG"
            assert not image.getexif()
            assert "exif" not in image.info
    assert response.json()["photo_url"] == f"/api/v1/records/{record_uuid}/photo/" and response.json()["thumb_url"]


def test_a_large_photo_is_shrunk_and_gets_a_thumbnail(api, record_uuid):
    put_photo(api("member.chanhlo"), record_uuid, jpeg((4000, 3000), gps=False))

    record = AssistanceRecord.objects.get(client_uuid=record_uuid)
    with Image.open(record.photo.path) as photo, Image.open(record.photo_thumb.path) as thumb:
        assert photo.size == (1600, 1200)
        assert max(thumb.size) == 320


def test_sending_the_same_photo_again_keeps_one_photo(api, record_uuid, media, django_capture_on_commit_callbacks):
    member = api("member.chanhlo")
    with django_capture_on_commit_callbacks(execute=True):  # old files go once the new ones are committed
        first = put_photo(member, record_uuid, jpeg())
        second = put_photo(member, record_uuid, jpeg())

    assert first.status_code == second.status_code == 200
    files = [p for p in media.rglob("*") if p.is_file()]
    assert len(files) == 2  # the photo and its thumbnail, not two of each


def test_a_photo_over_the_size_bound_is_refused_in_vietnamese(api, record_uuid, settings):
    settings.PHOTO_MAX_BYTES = 2 * 1024 * 1024

    response = put_photo(api("member.chanhlo"), record_uuid, b"\xff\xd8" + b"0" * (3 * 1024 * 1024))

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["photo"] == ["Ảnh quá lớn (tối đa 2 MB)."]
    assert not AssistanceRecord.objects.get(client_uuid=record_uuid).photo


def test_a_decompression_bomb_is_refused(api, record_uuid, settings):
    settings.PHOTO_MAX_PIXELS = 10_000

    response = put_photo(api("member.chanhlo"), record_uuid, jpeg((400, 400), gps=False))

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["photo"] == ["Ảnh có quá nhiều điểm ảnh."]


@pytest.mark.parametrize("data", [b"not an image at all", jpeg(fmt="GIF", gps=False)])
def test_a_file_that_is_not_an_allowed_photo_is_refused(api, record_uuid, data):
    response = put_photo(api("member.chanhlo"), record_uuid, data)

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["photo"][0] in (
        "Tệp này không phải là ảnh đọc được.", "Hãy gửi ảnh JPEG, PNG hoặc WebP.")


def test_another_members_record_is_not_found(api, record_uuid):
    response = put_photo(api("member.tinhlong"), record_uuid, jpeg())

    assert response.status_code == 404


def test_a_reviewed_record_takes_no_new_photo(api, user, record_uuid):
    record_review(record=AssistanceRecord.objects.get(client_uuid=record_uuid), by=user("officer.chanhlo"),
                  status=Status.APPROVED)

    response = put_photo(api("member.chanhlo"), record_uuid, jpeg())

    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Bản ghi đã được xét duyệt, không thể sửa nữa."
