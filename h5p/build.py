"""Build the Café IA H5P content type and its demo activities into ``.h5p`` files, deterministically.

    .venv/bin/python -m h5p.build [OUTPUT_DIR]      # default: build/h5p/

Sources: ``h5p/libraries/`` (the MIT libraries: the quiz, its question sub-content, a shared feedback helper, an
editor library) and ``h5p/content/<name>/`` (``h5p.json``, ``content.json``, media). The archives mirror real H5P
exports: several libraries with nested dependencies and patch versions, an editor library, media files, embed types
and sub-content ids. Same sources, same bytes: entries are sorted and dated 1980-01-01, so no binary is kept in git.
"""

from __future__ import annotations

import io
import json
import struct
import sys
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent
LIBRARIES = ROOT / "libraries"
CONTENT = ROOT / "content"
QUIZ_LIBRARIES = ("H5P.CafeIAQuiz-1.0", "H5P.CafeIAQuestion-1.0", "H5P.CafeIAFeedback-1.2", "H5PEditor.CafeIAQuiz-1.0")
DEMO_PACKAGES = ("quiz-what-is-ai", "quiz-ai-and-work")
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def png_bytes(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (0, 0, 145)) -> bytes:
    """A small solid PNG (a real media file for the fixtures), made here rather than kept as a binary."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


def library_files(folder: str) -> dict[str, bytes]:
    base = LIBRARIES / folder
    return {
        f"{folder}/{path.relative_to(base).as_posix()}": path.read_bytes()
        for path in sorted(base.rglob("*"))
        if path.is_file()
    }


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return buffer.getvalue()


def package_bytes(
    *,
    h5p_json: dict,
    content: dict,
    libraries: tuple[str, ...] = QUIZ_LIBRARIES,
    media: dict[str, bytes] | None = None,
) -> bytes:
    """An ``.h5p`` archive from its parts: ``media`` paths are relative to ``content/``."""
    files = {
        "h5p.json": json.dumps(h5p_json, ensure_ascii=False, indent=2).encode(),
        "content/content.json": json.dumps(content, ensure_ascii=False).encode(),
    }
    for path, data in (media or {}).items():
        files[f"content/{path}"] = data
    for folder in libraries:
        files.update(library_files(folder))
    return zip_bytes(files)


def demo_package_bytes(name: str) -> bytes:
    base = CONTENT / name
    media = {
        path.relative_to(base).as_posix(): path.read_bytes()
        for path in sorted(base.rglob("*"))
        if path.is_file() and path.name not in ("h5p.json", "content.json")
    }
    media["images/tasse.png"] = png_bytes()
    return package_bytes(
        h5p_json=json.loads((base / "h5p.json").read_text()),
        content=json.loads((base / "content.json").read_text()),
        media=media,
    )


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else Path("build/h5p")
    out.mkdir(parents=True, exist_ok=True)
    for name in DEMO_PACKAGES:
        target = out / f"{name}.h5p"
        target.write_bytes(demo_package_bytes(name))
        print(f"built {target}")  # noqa: T201


if __name__ == "__main__":
    main(sys.argv)
