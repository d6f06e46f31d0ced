"""Rebuild the print fonts of the certificates' PDFs from the system's DejaVu Sans (fontTools, already installed).

`python scripts/make_print_fonts.py [/usr/share/fonts/truetype/dejavu]` (writes into static/certificates/fonts/)

Latin (with Vietnamese), Greek, Cyrillic, punctuation and a few symbols: about 1,900 glyphs (150 KB) instead of
6,000 (750 KB), which makes WeasyPrint's per-document font subsetting four times cheaper. Other scripts (Arabic,
Hebrew...) fall back to the system fonts through fontconfig, as before.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

RANGES = [
    (0x20, 0x7E), (0xA0, 0x24F), (0x259, 0x259), (0x2B0, 0x2FF), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x52F),
    (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x214F), (0x2190, 0x21FF), (0x2212, 0x2212),
    (0x25A0, 0x25FF), (0xFB00, 0xFB06), (0xFFFD, 0xFFFD),
]  # fmt: skip


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu")
    here = Path(__file__).resolve().parent.parent / "static" / "certificates" / "fonts"
    unicodes = [code for start, end in RANGES for code in range(start, end + 1)]
    for name in ("DejaVuSans", "DejaVuSans-Bold"):
        options = subset.Options()
        options.layout_features = ["*"]  # kerning and shaping as in the full font
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.hinting = False  # WeasyPrint drops hinting when it embeds fonts
        font = TTFont(source / f"{name}.ttf")
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        font.save(here / f"{name}-print.ttf")


if __name__ == "__main__":
    main()
