"""Re-encode uploaded images so that no metadata (EXIF, GPS, comments, XMP) survives."""

from __future__ import annotations

import io
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from participa.attachments.models import FileKind

MAX_PIXELS = 50_000_000


def reencode_image(file: IO[bytes], kind: FileKind) -> bytes:
    """The image's pixels only, in the same format, turned upright from its EXIF orientation."""
    file.seek(0)
    try:
        with Image.open(file) as source:
            if source.width * source.height > MAX_PIXELS:
                raise ValidationError(
                    _("The image is too large (%(width)s by %(height)s pixels). Make it "
                      "smaller than 50 megapixels."),
                    params={"width": source.width, "height": source.height}, code="pixels",
                )
            source.load()
            upright = ImageOps.exif_transpose(source) or source
            mode = upright.mode
            if kind == FileKind.JPEG and mode not in ("RGB", "L", "CMYK"):
                mode = "RGB"
            elif kind == FileKind.PNG and mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I"):
                mode = "RGBA"
            # A fresh image from the pixels alone: no info, EXIF, XMP or text chunks to carry.
            clean = upright.convert(mode) if mode != upright.mode else upright.copy()
            clean.info = {}
            if clean.mode == "P" and "transparency" in upright.info:
                clean.info["transparency"] = upright.info["transparency"]
            output = io.BytesIO()
            if kind == FileKind.JPEG:
                clean.save(output, format="JPEG", quality=90, optimize=True)
            else:
                clean.save(output, format="PNG", optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The image could not be read; it may be damaged. Save it again and retry."),
            code="image",
        ) from error
    finally:
        file.seek(0)
    return output.getvalue()
