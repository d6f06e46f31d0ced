"""Handwritten signatures drawn on a canvas: decoded, checked for ink, re-encoded as a clean PNG (Pillow).

A blank or near-blank pad is refused by counting ink pixels, server-side: the browser's own check is a courtesy
only. Re-encoding drops whatever else the upload carried (metadata, extra chunks) and bounds the size.
"""

from __future__ import annotations

import base64
import binascii
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from training.exceptions import AttendanceError

MAX_BYTES = 600_000
MAX_SIDE = 2000
MIN_INK_PIXELS = 150  # a short stroke of a few millimetres already exceeds this; a dot or a click does not
MIN_INK_SPAN = 30  # pixels, width or height of the inked area: a scribble, not a tap
INK_LEVEL = 160  # grey level (0 black, 255 white) under which a pixel counts as ink


@dataclass(frozen=True)
class Signature:
    png: bytes
    ink_pixels: int
    width: int
    height: int


def signature_from_data_url(value: str) -> bytes:
    """The bytes of a ``data:image/png;base64,…`` URL as a canvas gives it."""
    prefix = "data:image/png;base64,"
    if not value or not value.startswith(prefix):
        raise AttendanceError(_("The signature is missing. Please sign in the box."), code="signature_missing")
    try:
        return base64.b64decode(value[len(prefix) :], validate=True)
    except (binascii.Error, ValueError) as error:
        raise AttendanceError(
            _("The signature could not be read. Please sign again."), code="signature_invalid"
        ) from error


def signature_check(data: bytes) -> Signature:
    """Decode, measure the ink and re-encode. Raises ``AttendanceError`` (blank, unreadable, too big)."""
    if not data:
        raise AttendanceError(_("The signature is missing. Please sign in the box."), code="signature_missing")
    if len(data) > MAX_BYTES:
        raise AttendanceError(_("The signature image is too large."), code="signature_too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != "PNG" or max(probe.size) > MAX_SIDE:
                raise AttendanceError(
                    _("The signature could not be read. Please sign again."), code="signature_invalid"
                )
            probe.load()
            image = probe.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise AttendanceError(
            _("The signature could not be read. Please sign again."), code="signature_invalid"
        ) from error
    flat = Image.new("RGBA", image.size, (255, 255, 255, 255))
    flat.alpha_composite(image)  # a transparent canvas is white paper
    grey = flat.convert("L")
    ink = grey.point(lambda level: 255 if level < INK_LEVEL else 0)
    ink_pixels = ink.histogram()[255]
    box = ink.getbbox()
    span = max(box[2] - box[0], box[3] - box[1]) if box else 0
    if ink_pixels < MIN_INK_PIXELS or span < MIN_INK_SPAN:
        raise AttendanceError(
            _("The signature is blank or too short. Please sign in the box."), code="signature_blank"
        )
    out = io.BytesIO()
    grey.save(out, format="PNG", optimize=True)
    return Signature(png=out.getvalue(), ink_pixels=ink_pixels, width=image.width, height=image.height)
