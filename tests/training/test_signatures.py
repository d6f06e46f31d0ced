from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from tests.training.factories import signature_png
from training.exceptions import AttendanceError
from training.signatures import signature_check, signature_from_data_url


def code_of(data: bytes) -> str:
    with pytest.raises(AttendanceError) as exc:
        signature_check(data)
    return exc.value.code


def test_a_drawn_signature_is_accepted_and_re_encoded():
    result = signature_check(signature_png())
    assert result.ink_pixels > 150
    with Image.open(io.BytesIO(result.png)) as image:
        assert image.format == "PNG" and image.mode == "L"


def test_blank_and_near_blank_pads_are_refused():
    assert code_of(signature_png(blank=True)) == "signature_blank"
    dot = Image.new("RGBA", (400, 150), (0, 0, 0, 0))
    dot.putpixel((10, 10), (0, 0, 0, 255))
    out = io.BytesIO()
    dot.save(out, format="PNG")
    assert code_of(out.getvalue()) == "signature_blank"
    white = Image.new("RGB", (400, 150), (255, 255, 255))
    out = io.BytesIO()
    white.save(out, format="PNG")
    assert code_of(out.getvalue()) == "signature_blank"


def test_not_a_png_or_too_big_is_refused():
    assert code_of(b"not an image") == "signature_invalid"
    jpeg = io.BytesIO()
    Image.new("RGB", (50, 50)).save(jpeg, format="JPEG")
    assert code_of(jpeg.getvalue()) == "signature_invalid"
    assert code_of(b"") == "signature_missing"
    assert code_of(b"x" * 700_000) == "signature_too_large"


def test_data_url_parsing():
    png = signature_png()
    assert signature_from_data_url("data:image/png;base64," + base64.b64encode(png).decode()) == png
    for bad in ("", "data:image/jpeg;base64,AAAA", "data:image/png;base64,@@@"):
        with pytest.raises(AttendanceError):
            signature_from_data_url(bad)
