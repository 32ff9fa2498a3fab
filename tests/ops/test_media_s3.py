"""MEDIA_STORAGE=s3 against a real S3 API: moto's standalone server, in its own process, on loopback.

Nothing is mocked in this process: django-storages and boto3 speak HTTP to the server exactly as
they would to a bucket in production, and the storage is built from the settings module itself,
run with the production environment variables. If moto is missing the tests fail (never skip):
`pip install '.[test]'` brings it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import os
import runpy
import socket
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from botocore.config import Config
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone, translation
from PIL import Image

from ops import selectors
from records.photos import RANDOM_NAME

REGION = "ap-southeast-1"
KEY_ID, SECRET = "AKIAMOTOLOOPBACKTEST", "moto-loopback-secret-not-a-real-key"
GPS_IFD = 0x8825
STARTUP_SECONDS = 30
# Plain HTTP on loopback only: never through a proxy the machine may have configured.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(process: subprocess.Popen, endpoint: str, deadline: float) -> bool:
    """True once the server answers HTTP; False if it exited (e.g. the port was taken meanwhile)."""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            DIRECT.open(f"{endpoint}/moto-api/data.json", timeout=1).close()
            return True
        except urllib.error.HTTPError:
            return True  # any HTTP answer means it is serving
        except OSError:
            time.sleep(0.05)
    return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    """http://127.0.0.1:<port> of a moto S3 server run as a subprocess for this module, then stopped."""
    if importlib.util.find_spec("moto") is None or importlib.util.find_spec("flask") is None:
        pytest.fail("moto[server] is not installed: run `.venv/bin/python -m pip install '.[test]'`")
    log_path = tmp_path_factory.mktemp("moto") / "server.log"
    env = {**os.environ, "AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET,
           "AWS_DEFAULT_REGION": REGION, "NO_PROXY": "127.0.0.1,localhost"}
    deadline = time.monotonic() + STARTUP_SECONDS
    for _attempt in range(3):  # the free port may be taken between probing it and moto binding it
        port = _free_port()
        endpoint = f"http://127.0.0.1:{port}"
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
            )
        try:
            if _wait_until_serving(process, endpoint, deadline):
                break
        except BaseException:
            _stop(process)
            raise
        _stop(process)
    else:
        pytest.fail(f"moto's S3 server did not start; its output:\n{log_path.read_text(errors='replace')[-3000:]}")
    try:
        yield endpoint
    finally:
        _stop(process)


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch, tmp_path):
    """A new private bucket, and the default storage switched to it through the production settings."""
    name = f"cnscd-media-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, aws_access_key_id=KEY_ID,
                          aws_secret_access_key=SECRET,
                          config=Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 2}))
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    production_env = {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": name, "AWS_S3_ENDPOINT_URL": s3_endpoint,
                      "AWS_S3_REGION_NAME": REGION, "AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET}
    for key, value in production_env.items():
        monkeypatch.setenv(key, value)
    production = runpy.run_path(importlib.util.find_spec("config.settings").origin)
    assert production["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    # Django's setting_changed receiver drops the cached storages: default_storage is rebuilt on S3.
    settings.STORAGES = {**settings.STORAGES, "default": production["STORAGES"]["default"]}
    settings.MEDIA_ROOT = tmp_path / "local-media"  # must stay absent: nothing may fall back to the disk
    from django.core.files.storage import default_storage

    assert default_storage.bucket_name == name
    # Watch (never alter) the uploads on their way out: their headers as the server receives them.
    uploads: list[dict[str, bytes]] = []

    def watch(request, **_kwargs):
        uploads.append({key.lower(): value for key, value in request.headers.items()})

    default_storage.connection.meta.client.meta.events.register("before-send.s3.PutObject", watch)
    yield client, name, uploads
    keys = _keys(client, name)
    if keys:
        client.delete_objects(Bucket=name, Delete={"Objects": [{"Key": key} for key in keys]})
    client.delete_bucket(Bucket=name)
    assert not settings.MEDIA_ROOT.exists()


def _keys(client, name: str) -> list[str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=name)
    return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))


def _object(client, name: str, key: str) -> tuple[bytes, dict]:
    answer = client.get_object(Bucket=name, Key=key)
    return answer["Body"].read(), answer


def _jpeg_with_gps(size=(1200, 900)) -> bytes:
    image = Image.new("RGB", size, (40, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (15.0, 7.0, 30.0), 3: "E", 4: (108.0, 48.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    with Image.open(io.BytesIO(out.getvalue())) as check:
        assert GPS_IFD in check.getexif()
    return out.getvalue()


def _sync_record(api, occurred_at: str | None = None) -> str:
    from orgunits.models import OrgUnit

    village = OrgUnit.objects.filter(level="village", parent__name="Cẩm Thành").order_by("name").first()
    key = str(uuid.uuid4())
    answer = api("member.chanhlo").post("/api/v1/sync/", {"records": [{
        "client_uuid": key, "service_type": "vneid_l2", "village": village.pk,
        "occurred_at": occurred_at or timezone.now().isoformat()}]}, format="json")
    assert answer.status_code == 200, answer.content
    return key


def _put_photo(api, key: str, data: bytes):
    answer = api("member.chanhlo").put(f"/api/v1/records/{key}/photo/",
                                       {"photo": SimpleUploadedFile("IMG_0001.jpg", data, "image/jpeg")},
                                       format="multipart")
    assert answer.status_code == 200, answer.content
    return answer.json()


def _through_the_app(api, url: str) -> bytes:
    answer = api("member.chanhlo").get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
    return b"".join(answer.streaming_content)


def _assert_clean_jpeg(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert not image.getexif() and "exif" not in image.info
        return image.size


def _assert_signed_url_serves(url: str, endpoint: str, name: str, key: str, expected: bytes) -> None:
    """A short-lived SigV4 URL to that object on that endpoint, which really returns its bytes."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == endpoint
    assert parts.path == f"/{name}/{key}"
    query = parse_qs(parts.query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"], url  # SigV2 URLs fail on new AWS buckets
    assert query["X-Amz-Expires"] == ["300"]
    assert query["X-Amz-Credential"][0].startswith(f"{KEY_ID}/") and f"/{REGION}/s3/" in query["X-Amz-Credential"][0]
    assert query["X-Amz-Signature"]
    with DIRECT.open(url, timeout=10) as answer:
        assert answer.status == 200
        assert answer.headers["Content-Type"] == "image/jpeg"
        assert answer.read() == expected


def _assert_private(client, name: str, key: str) -> None:
    grants = client.get_object_acl(Bucket=name, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers / AuthenticatedUsers


def _assert_no_acl_sent(uploads: list[dict[str, bytes]], count: int) -> None:
    """Private by default, and accepted by buckets with ACLs disabled, which refuse any x-amz-acl."""
    assert len(uploads) == count
    assert not [headers for headers in uploads if any(key.startswith(("x-amz-acl", "x-amz-grant")) for key in headers)]


def test_a_photo_uploaded_through_the_api_lands_in_the_bucket_clean_private_and_signed(
        api, web, bucket, s3_endpoint, django_capture_on_commit_callbacks):
    from records.models import AssistanceRecord

    client, name, uploads = bucket
    key = _sync_record(api)

    answer = _put_photo(api, key, _jpeg_with_gps())

    record = AssistanceRecord.objects.get(client_uuid=key)
    first_name = record.photo.name
    assert RANDOM_NAME.match(record.photo.name) and record.photo.name.startswith("photos/")
    assert RANDOM_NAME.match(record.photo_thumb.name) and record.photo_thumb.name.startswith("thumbs/")
    assert _keys(client, name) == sorted([record.photo.name, record.photo_thumb.name])
    photo, photo_head = _object(client, name, record.photo.name)
    thumb, thumb_head = _object(client, name, record.photo_thumb.name)
    assert photo_head["ContentType"] == thumb_head["ContentType"] == "image/jpeg"
    assert _assert_clean_jpeg(photo) == (1200, 900)
    assert max(_assert_clean_jpeg(thumb)) == 320
    for stored in (record.photo.name, record.photo_thumb.name):
        _assert_private(client, name, stored)
    _assert_no_acl_sent(uploads, 2)
    # The API hands out the app's scope-checked address, which streams the bucket's object.
    assert answer["photo_url"] == f"/api/v1/records/{key}/photo/"
    assert _through_the_app(api, answer["photo_url"]) == photo
    assert _through_the_app(api, answer["thumb_url"]) == thumb
    # Should anything ask the storage for a link, it is a short-lived signed one to a private object.
    from django.core.files.storage import default_storage

    _assert_signed_url_serves(default_storage.url(record.photo.name), s3_endpoint, name, record.photo.name, photo)
    _assert_signed_url_serves(default_storage.url(record.photo_thumb.name), s3_endpoint, name,
                              record.photo_thumb.name, thumb)

    # The officer's page streams the photo from the bucket through the scope check.
    officer = web("officer.chanhlo")
    for query, expected in (("", photo), ("?thumb=1", thumb)):
        page = officer.get(f"/officer/records/{key}/photo/{query}")
        assert page.status_code == 200 and page["Content-Type"] == "image/jpeg"
        assert b"".join(page.streaming_content) == expected

    # Sending a photo again replaces it: the old objects leave the bucket once the new ones are committed.
    with django_capture_on_commit_callbacks(execute=True):
        again = _put_photo(api, key, _jpeg_with_gps((800, 600)))
    record.refresh_from_db()
    assert _keys(client, name) == sorted([record.photo.name, record.photo_thumb.name])
    assert record.photo.name != first_name  # a new name, never overwritten
    new_photo, _head = _object(client, name, record.photo.name)
    assert _assert_clean_jpeg(new_photo) == (800, 600)
    assert _through_the_app(api, again["photo_url"]) == new_photo


@pytest.fixture
def real_transactions(transactional_db, settings):
    # `flush` and the restore run as they would on a server, not inside a test savepoint.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _run(*args) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out)
    return out.getvalue()


def test_backup_and_restore_carry_the_bucket_s_photos(real_transactions, demo, api, bucket, s3_endpoint, tmp_path):
    from records.models import AssistanceRecord

    client, name, uploads = bucket
    # Under a millisecond: Django's JSON encoder would cut .000400 to .000, and the restored record
    # would then differ from the backed-up one (one timestamp in a thousand, so any real database).
    key = _sync_record(api, occurred_at=(timezone.now() - timedelta(hours=1)).replace(microsecond=400).isoformat())
    _put_photo(api, key, _jpeg_with_gps())
    # A zero-byte "folder" object, as S3 consoles create: not a file, it must not enter the backup.
    client.put_object(Bucket=name, Key="photos/", Body=b"")
    files = [k for k in _keys(client, name) if not k.endswith("/")]
    assert len(files) == 2
    content = {k: _object(client, name, k)[0] for k in files}
    counts, checksum = selectors.row_counts(), selectors.records_checksum()
    archive = tmp_path / "site.tar.gz"

    out = _run("backup", "--output", str(archive))

    assert "2 media files" in out
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert sorted(entry["name"] for entry in manifest["media"]) == files
        for entry in manifest["media"]:
            data = content[entry["name"]]
            assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["size"] == len(data)
            assert tar.extractfile(f"media/{entry['name']}").read() == data
        assert sorted(m.name for m in tar.getmembers() if m.name.startswith("media/")) == [f"media/{k}" for k in files]

    # Lose everything: the database rows and every object of the bucket.
    call_command("flush", "--noinput")
    client.delete_objects(Bucket=name, Delete={"Objects": [{"Key": k} for k in _keys(client, name)]})
    assert _keys(client, name) == [] and AssistanceRecord.objects.count() == 0
    uploads.clear()

    _run("restore", str(archive))

    assert selectors.row_counts() == counts
    assert selectors.records_checksum() == checksum
    assert AssistanceRecord.objects.get(client_uuid=key).occurred_at.microsecond == 400
    assert _keys(client, name) == files
    for stored in files:
        data, head = _object(client, name, stored)
        assert data == content[stored] and head["ContentType"] == "image/jpeg"
        _assert_private(client, name, stored)
    _assert_no_acl_sent(uploads, 2)
    answer = api("member.chanhlo").get(f"/api/v1/records/{key}/")
    assert answer.status_code == 200
    record = AssistanceRecord.objects.get(client_uuid=key)
    assert _through_the_app(api, answer.json()["photo_url"]) == content[record.photo.name]

