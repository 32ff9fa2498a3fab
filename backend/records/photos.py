"""Evidence photos: bounded, decoded, re-encoded. Nothing of the original file survives but its pixels.

Re-encoding drops EXIF (and with it the GPS position and the phone's identity); the pixel bound
and Pillow's decompression-bomb guard stop a small file that would decode to gigabytes.
"""

from __future__ import annotations

import io
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 1600
THUMB_SIDE = 320
JPEG_QUALITY = 82


class PhotoError(ValueError):
    """A photo the server refuses; the message is for the user, in their language."""


def photo_process(upload, *, name: str) -> tuple[ContentFile, ContentFile]:
    """(photo, thumbnail) as clean JPEG files named after `name`, or PhotoError."""
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
    return ContentFile(_jpeg(image), name=f"{name}.jpg"), ContentFile(_jpeg(thumb), name=f"{name}.jpg")


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # A fresh image with no info dict: no EXIF, no ICC profile, no comment is written.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()
