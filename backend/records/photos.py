"""Evidence photos: bounded, decoded, re-encoded. Nothing of the original file survives but its pixels.

Re-encoding drops EXIF (and with it the GPS position and the phone's identity); the pixel bound
and Pillow's decompression-bomb guard stop a small file that would decode to gigabytes.
"""

from __future__ import annotations

import io
import re
import secrets
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 1600
THUMB_SIDE = 320
JPEG_QUALITY = 82


# Stored under names nobody can guess (192 random bits), never the record's UUID or the month: a
# leaked or mis-served storage folder must not let anyone walk from one photo to the next.
RANDOM_NAME = re.compile(r"^(photos|thumbs)/[A-Za-z0-9_-]{32}\.jpg$")


class PhotoError(ValueError):
    """A photo the server refuses; the message is for the user, in their language."""


def random_name() -> str:
    return f"{secrets.token_urlsafe(24)}.jpg"


def photo_process(upload) -> tuple[ContentFile, ContentFile]:
    """(photo, thumbnail) as clean JPEG files, each under its own random name, or PhotoError."""
    size = getattr(upload, "size", None)
    if size is not None and size > settings.PHOTO_MAX_BYTES:
        raise PhotoError(_("The photo is too large (at most %(mb)d MB).") % {"mb": settings.PHOTO_MAX_BYTES // 2**20})
    data = upload.read(settings.PHOTO_MAX_BYTES + 1)
    if len(data) > settings.PHOTO_MAX_BYTES:
        raise PhotoError(_("The photo is too large (at most %(mb)d MB).") % {"mb": settings.PHOTO_MAX_BYTES // 2**20})
    if not data:
        raise PhotoError(_("The photo is empty."))
    Image.MAX_IMAGE_PIXELS = settings.PHOTO_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise PhotoError(_("Send a JPEG, PNG or WebP photo."))
            width, height = image.size
            if width * height > settings.PHOTO_MAX_PIXELS:
                raise PhotoError(_("The photo has too many pixels."))
            image.load()
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoError(_("The photo has too many pixels.")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise PhotoError(_("This file is not a photo we can read.")) from exc
    # The camera's orientation tag goes with the EXIF, so apply it to the pixels first.
    image = ImageOps.exif_transpose(image)
    if image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumb = image.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return ContentFile(_jpeg(image), name=random_name()), ContentFile(_jpeg(thumb), name=random_name())


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # A fresh image with no info dict: no EXIF, no ICC profile, no comment is written.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def photo_response(record, *, thumb: bool) -> FileResponse:
    """The record's photo (or thumbnail), streamed from the storage. Call after the reader's scope check."""
    photo = record.photo_thumb if thumb and record.photo_thumb else record.photo
    if not photo:
        raise Http404
    response = FileResponse(photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


def photos_rename_guessable(*, model, using: str = "default") -> int:
    """Give every stored photo and thumbnail that still has a guessable name a random one.

    Names used to be photos/<yyyy>/<mm>/<record uuid>.jpg. Used by the records migration and by
    `manage.py photos_rename` (after restoring an older backup). The old files go once the new
    names are committed. Returns the number of records renamed.
    """
    storage = model._meta.get_field("photo").storage
    renamed, old_names = 0, []
    rows = model._base_manager.using(using).exclude(photo="", photo_thumb="").values_list("pk", "photo", "photo_thumb")
    for pk, *names in rows.iterator(chunk_size=500):
        changes = {}
        for field, folder, name in (("photo", "photos", names[0]), ("photo_thumb", "thumbs", names[1])):
            if not name or RANDOM_NAME.match(name) or not storage.exists(name):
                continue
            with storage.open(name, "rb") as old:
                changes[field] = storage.save(f"{folder}/{random_name()}", old)
            old_names.append(name)
        if changes:
            model._base_manager.using(using).filter(pk=pk).update(**changes)
            renamed += 1
    transaction.on_commit(lambda: [storage.delete(name) for name in old_names], using=using)
    return renamed
