"""Archives for the H5P tests: the real demo packages (built from h5p/) and hand-made malicious ones."""

from __future__ import annotations

import io
import json
import struct
import zipfile

from h5p.build import QUIZ_LIBRARIES, demo_package_bytes, library_files, package_bytes, zip_bytes

H5P_JSON = {
    "title": "Essai",
    "language": "fr",
    "mainLibrary": "H5P.CafeIAQuiz",
    "embedTypes": ["iframe"],
    "preloadedDependencies": [
        {"machineName": "H5P.CafeIAQuiz", "majorVersion": 1, "minorVersion": 0},
        {"machineName": "H5P.CafeIAQuestion", "majorVersion": 1, "minorVersion": 0},
        {"machineName": "H5P.CafeIAFeedback", "majorVersion": 1, "minorVersion": 2},
    ],
}
CONTENT = {"questions": [], "passPercentage": 50}


def demo_package() -> bytes:
    return demo_package_bytes("quiz-what-is-ai")


def valid_files() -> dict[str, bytes]:
    files = {"h5p.json": json.dumps(H5P_JSON).encode(), "content/content.json": json.dumps(CONTENT).encode()}
    for folder in QUIZ_LIBRARIES:
        files.update(library_files(folder))
    return files


def archive(files: dict[str, bytes]) -> io.BytesIO:
    return io.BytesIO(zip_bytes(files))


def with_changes(*, drop: tuple[str, ...] = (), add: dict[str, bytes] | None = None) -> io.BytesIO:
    files = {name: data for name, data in valid_files().items() if not name.startswith(drop)}
    files.update(add or {})
    return archive(files)


def raw_entry_archive(name: str, data: bytes = b"{}", *, symlink: bool = False) -> io.BytesIO:
    """A valid package plus one entry whose name zipfile would not normalise for us (traversal, absolute path)."""
    buffer = io.BytesIO(zip_bytes(valid_files()))
    with zipfile.ZipFile(buffer, "a") as zf:
        info = zipfile.ZipInfo(name)
        if symlink:
            info.create_system = 3
            info.external_attr = 0o120777 << 16
        zf.writestr(info, data)
    buffer.seek(0)
    return buffer


def zeros_bomb(size: int = 1 << 30) -> io.BytesIO:
    """``size`` bytes of zeros in one entry (1 GB by default, ~4.5 MB compressed)."""
    buffer = io.BytesIO(zip_bytes(valid_files()))
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open("content/zeros.json", "w", force_zip64=True) as handle,
    ):
        chunk = bytes(1 << 20)
        for _ in range(size >> 20):
            handle.write(chunk)
    buffer.seek(0)
    return buffer


def quiz_with_patch(patch: int) -> io.BytesIO:
    files = valid_files()
    key = "H5P.CafeIAFeedback-1.2/library.json"
    meta = json.loads(files[key])
    meta["patchVersion"] = patch
    files[key] = json.dumps(meta).encode()
    return archive(files)


__all__ = ["package_bytes"]


def lying_header(real_size: int = 4 << 20, declared: int = 100) -> io.BytesIO:
    """A package whose media entry declares ``declared`` bytes in both headers but inflates to ``real_size``."""
    buffer = io.BytesIO()
    files = valid_files()
    files["content/images/big.svg"] = b"<svg/>" + b" " * (real_size - 6)
    buffer.write(zip_bytes(files))
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("content/images/big.svg")
    struct.pack_into("<I", data, info.header_offset + 22, declared)  # local header: uncompressed size
    name = info.filename.encode()
    central = data.find(b"PK\x01\x02" + data[info.header_offset + 4 : info.header_offset + 10])
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, declared)  # central directory: uncompressed size
    return io.BytesIO(bytes(data))
