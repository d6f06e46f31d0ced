"""The one module that opens H5P archives: every check BEFORE anything is stored, then unpacking to media storage.

An ``.h5p`` file is a zip: ``h5p.json`` (title, main library, language, embed types, preloaded dependencies), a
``content/`` folder (``content.json`` and media) and library folders named ``machineName-major.minor``, each with a
``library.json``. The checks follow H5P core's validator (path rules, extension whitelists, ``library.json`` fields)
plus what a zip bomb needs (sizes read from the central directory, then enforced while streaming, since headers can
lie). Nothing here touches the database: ``courses.services_h5p`` decides what to keep and records it.
"""

from __future__ import annotations

import contextlib
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO

import orjson
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError

MB = 1024 * 1024
# Caps (settings can lower or raise them): real exports with video stay far below; a zip bomb does not.
MAX_ARCHIVE_BYTES = getattr(settings, "H5P_MAX_ARCHIVE_BYTES", 200 * MB)
MAX_UNCOMPRESSED_BYTES = getattr(settings, "H5P_MAX_UNCOMPRESSED_BYTES", 500 * MB)
MAX_FILES = getattr(settings, "H5P_MAX_FILES", 5000)
MAX_RATIO = getattr(settings, "H5P_MAX_COMPRESSION_RATIO", 100)  # per entry above RATIO_MIN_BYTES, and overall
RATIO_MIN_BYTES = 1 * MB
MAX_JSON_BYTES = 16 * MB

# H5P core's default whitelists, less Flash (swf): content files, and library files (which add js and css).
CONTENT_EXTENSIONS = frozenset({
    "json", "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "svg", "eot", "ttf", "woff", "woff2", "otf", "webm",
    "mp4", "ogg", "mp3", "m4a", "wav", "txt", "pdf", "rtf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods",
    "odp", "xml", "csv", "diff", "patch", "md", "textile", "vtt", "webvtt", "gltf", "glb",
})  # fmt: skip
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css"}
# Archives hidden behind an allowed extension: zip (and so docx/xlsx… are checked by name, not by magic), gzip,
# 7z, rar, bzip2, xz.
ARCHIVE_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"BZh", b"\xfd7zXZ")
OFFICE_EXTENSIONS = frozenset({"docx", "xlsx", "pptx", "odt", "ods", "odp", "glb"})  # zip containers by design

LIBRARY_FOLDER_RE = re.compile(r"^(?P<name>[A-Za-z][\w.-]*?)-(?P<major>\d{1,4})\.(?P<minor>\d{1,4})$")
MACHINE_NAME_RE = re.compile(r"^[\w.-]{1,255}$")
LANGUAGE_RE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")
EMBED_TYPES = frozenset({"div", "iframe"})


class H5PPackageError(ApplicationError):
    """Why an archive was refused; ``code`` is stable, the message names the entry or field at fault."""


@dataclass(frozen=True, order=True)
class LibraryRef:
    machine_name: str
    major: int
    minor: int

    @property
    def folder(self) -> str:
        return f"{self.machine_name}-{self.major}.{self.minor}"

    def __str__(self) -> str:
        return f"{self.machine_name} {self.major}.{self.minor}"


@dataclass
class BundledLibrary:
    ref: LibraryRef
    patch: int
    title: str
    runnable: bool
    metadata: dict
    entries: list[zipfile.ZipInfo] = field(default_factory=list)

    @property
    def version(self) -> str:
        return f"{self.ref.major}.{self.ref.minor}.{self.patch}"


@dataclass
class ValidatedPackage:
    title: str
    main_library: LibraryRef
    language: str
    embed_types: list[str]
    h5p_json: dict
    content_entries: list[zipfile.ZipInfo]
    libraries: dict[LibraryRef, BundledLibrary]
    dependencies: set[LibraryRef]  # every library the content needs to play (preloaded, transitively)
    file_count: int
    uncompressed_bytes: int


def _error(message: str, code: str, **extra) -> H5PPackageError:
    return H5PPackageError(message, code=code, extra=extra)


def file_extension(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _skipped(name: str) -> bool:
    """Entries H5P core ignores and never extracts: any part starting with a dot or an underscore (``.DS_Store``,
    ``__MACOSX/``). Directories are implied by the files."""
    return name.endswith("/") or any(part.startswith((".", "_")) for part in name.split("/") if part)


def _check_name(info: zipfile.ZipInfo) -> None:
    name = info.filename
    if "\\" in name or "\x00" in name:
        raise _error(_("The entry « %(name)s » has a forbidden character in its path.") % {"name": name}, "bad_path")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise _error(_("The entry « %(name)s » has an absolute path.") % {"name": name}, "absolute_path")
    if any(part in ("..", ".") for part in name.split("/")):
        raise _error(
            _("The entry « %(name)s » tries to leave the package folder (path traversal).") % {"name": name},
            "path_traversal",
        )
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_ISLNK(mode):
        raise _error(_("The entry « %(name)s » is a symbolic link: links are refused.") % {"name": name}, "symlink")


def _open_zip(file: IO[bytes]) -> zipfile.ZipFile:
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    if size > MAX_ARCHIVE_BYTES:
        raise _error(
            _("The file weighs %(size)d MB; the limit is %(limit)d MB.")
            % {"size": size // MB, "limit": MAX_ARCHIVE_BYTES // MB},
            "archive_too_large",
        )
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _error(_("This file is not a valid H5P package: it is not a readable zip archive."), "not_zip") from None
    return archive


def _check_sizes(entries: list[zipfile.ZipInfo]) -> tuple[int, int]:
    if len(entries) > MAX_FILES:
        raise _error(
            _("The package holds %(count)d files; the limit is %(limit)d.")
            % {"count": len(entries), "limit": MAX_FILES},
            "too_many_files",
        )
    total = sum(info.file_size for info in entries)
    compressed = sum(info.compress_size for info in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _error(
            _("Unpacked, the package would weigh %(size)d MB; the limit is %(limit)d MB.")
            % {"size": total // MB, "limit": MAX_UNCOMPRESSED_BYTES // MB},
            "too_large_uncompressed",
        )
    for info in entries:
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _error(
                _("The entry « %(name)s » is compressed more than %(ratio)d times: refused as a possible zip bomb.")
                % {"name": info.filename, "ratio": MAX_RATIO},
                "compression_ratio",
            )
    if total > RATIO_MIN_BYTES and total > MAX_RATIO * max(compressed, 1):
        raise _error(
            _("The package is compressed more than %(ratio)d times: refused as a possible zip bomb.")
            % {"ratio": MAX_RATIO},
            "compression_ratio",
        )
    return len(entries), total


def _read_json(archive: zipfile.ZipFile, info: zipfile.ZipInfo | None, label: str, code: str) -> dict:
    if info is None:
        raise _error(_("The package has no %(file)s file.") % {"file": label}, f"missing_{code}")
    if info.file_size > MAX_JSON_BYTES:
        raise _error(_("The file %(file)s is too large.") % {"file": label}, f"invalid_{code}")
    try:
        with archive.open(info) as handle:
            data = orjson.loads(handle.read(MAX_JSON_BYTES + 1))
    except (orjson.JSONDecodeError, zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError):
        raise _error(_("The file %(file)s is not valid JSON.") % {"file": label}, f"invalid_{code}") from None
    if not isinstance(data, dict):
        raise _error(_("The file %(file)s must hold a JSON object.") % {"file": label}, f"invalid_{code}")
    return data


def _dependency_refs(data: dict, key: str, label: str) -> list[LibraryRef]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise _error(_("In %(file)s, « %(key)s » must be a list.") % {"file": label, "key": key}, "invalid_dependency")
    refs = []
    for item in value:
        try:
            name, major, minor = item["machineName"], item["majorVersion"], item["minorVersion"]
            if not (isinstance(name, str) and MACHINE_NAME_RE.match(name)):
                raise ValueError
            refs.append(LibraryRef(name, int(major), int(minor)))
        except (TypeError, KeyError, ValueError):
            raise _error(
                _("In %(file)s, a dependency in « %(key)s » lacks machineName, majorVersion or minorVersion.")
                % {"file": label, "key": key},
                "invalid_dependency",
            ) from None
    return refs


def _check_h5p_json(data: dict) -> tuple[str, LibraryRef, str, list[str]]:
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _error(_("h5p.json has no title."), "invalid_h5p_json", field="title")
    main = data.get("mainLibrary")
    if not isinstance(main, str) or not MACHINE_NAME_RE.match(main):
        raise _error(_("h5p.json has no valid mainLibrary."), "invalid_h5p_json", field="mainLibrary")
    language = data.get("language")
    if not isinstance(language, str) or not (language == "und" or LANGUAGE_RE.match(language)):
        raise _error(_("h5p.json has no valid language (e.g. « fr »)."), "invalid_h5p_json", field="language")
    embed_types = data.get("embedTypes")
    if not isinstance(embed_types, list) or not embed_types or not set(embed_types) <= EMBED_TYPES:
        raise _error(
            _("h5p.json must list its embedTypes (« div » and/or « iframe »)."), "invalid_h5p_json", field="embedTypes"
        )
    if "preloadedDependencies" not in data:
        raise _error(
            _("h5p.json does not list its preloadedDependencies."), "invalid_h5p_json", field="preloadedDependencies"
        )
    dependencies = _dependency_refs(data, "preloadedDependencies", "h5p.json")
    mains = [ref for ref in dependencies if ref.machine_name == main]
    if not mains:
        raise _error(
            _("The main library %(library)s is not among the preloadedDependencies of h5p.json.") % {"library": main},
            "invalid_h5p_json",
            field="mainLibrary",
        )
    return title.strip(), mains[0], language, embed_types


def _check_library(archive: zipfile.ZipFile, folder: str, ref: LibraryRef, entries: list[zipfile.ZipInfo]):
    by_name = {info.filename: info for info in entries}
    label = f"{folder}/library.json"
    data = _read_json(archive, by_name.get(label), label, "library_json")
    try:
        same = (data["machineName"], int(data["majorVersion"]), int(data["minorVersion"])) == (
            ref.machine_name,
            ref.major,
            ref.minor,
        )
        patch = int(data["patchVersion"])
        title = data["title"]
        if not isinstance(title, str) or not title.strip() or patch < 0:
            raise ValueError
    except (KeyError, TypeError, ValueError):
        raise _error(
            _("%(file)s lacks a title, machineName, majorVersion, minorVersion or patchVersion.") % {"file": label},
            "invalid_library_json",
        ) from None
    if not same:
        raise _error(
            _("The folder %(folder)s does not match the library it holds (machineName-major.minor).")
            % {"folder": folder},
            "library_folder_mismatch",
        )
    for key in ("preloadedJs", "preloadedCss"):
        files = data.get(key, [])
        if not isinstance(files, list):
            raise _error(
                _("In %(file)s, « %(key)s » must be a list.") % {"file": label, "key": key}, "invalid_library_json"
            )
        for item in files:
            path = item.get("path") if isinstance(item, dict) else None
            if not isinstance(path, str) or f"{folder}/{path}" not in by_name:
                raise _error(
                    _("%(file)s lists %(path)s, which is not in the package.") % {"file": label, "path": path},
                    "missing_library_file",
                )
    return BundledLibrary(ref, patch, title.strip(), bool(data.get("runnable")), data, entries)


def _check_entry_contents(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """No archive inside the archive, whatever its name says (a renamed zip is still a zip)."""
    if file_extension(info.filename) in OFFICE_EXTENSIONS:
        return
    try:
        with archive.open(info) as handle:
            head = handle.read(8)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError):
        raise _error(_("The entry « %(name)s » cannot be read.") % {"name": info.filename}, "corrupt_entry") from None
    if head.startswith(ARCHIVE_MAGICS):
        raise _error(
            _("The entry « %(name)s » is an archive inside the archive: refused.") % {"name": info.filename},
            "nested_archive",
        )


def h5p_archive_validate(file: IO[bytes], *, installed: Callable[[LibraryRef], bool]) -> ValidatedPackage:
    """Every check, on the archive alone, before anything is written. ``installed(ref)`` says whether the platform
    already has a library (a dependency may be bundled or installed). Raises ``H5PPackageError``."""
    archive = _open_zip(file)
    infos = archive.infolist()
    for info in infos:
        _check_name(info)
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise _error(_("The archive holds the same path twice."), "duplicate_entry")
    entries = [info for info in infos if not _skipped(info.filename)]
    file_count, total = _check_sizes(entries)

    content: list[zipfile.ZipInfo] = []
    by_folder: dict[str, list[zipfile.ZipInfo]] = {}
    h5p_json_info = None
    for info in entries:
        name = info.filename
        if name == "h5p.json":
            h5p_json_info = info
            continue
        top, _sep, rest = name.partition("/")
        if not rest:
            raise _error(
                _("The file « %(name)s » is not allowed at the root of a package.") % {"name": name}, "unexpected_file"
            )
        allowed = CONTENT_EXTENSIONS if top == "content" else LIBRARY_EXTENSIONS
        if file_extension(name) not in allowed:
            raise _error(
                _("The file « %(name)s » has an extension that H5P does not allow (.%(ext)s).")
                % {"name": name, "ext": file_extension(name) or "—"},
                "forbidden_extension",
            )
        if top == "content":
            content.append(info)
        else:
            if not LIBRARY_FOLDER_RE.match(top):
                raise _error(
                    _("The folder « %(folder)s » is not named like an H5P library (machineName-major.minor).")
                    % {"folder": top},
                    "bad_library_folder",
                )
            by_folder.setdefault(top, []).append(info)

    h5p_json = _read_json(archive, h5p_json_info, "h5p.json", "h5p_json")
    title, main_ref, language, embed_types = _check_h5p_json(h5p_json)
    content_json = next((info for info in content if info.filename == "content/content.json"), None)
    _read_json(archive, content_json, "content/content.json", "content_json")

    libraries: dict[LibraryRef, BundledLibrary] = {}
    for folder, folder_entries in sorted(by_folder.items()):
        match = LIBRARY_FOLDER_RE.match(folder)
        ref = LibraryRef(match["name"], int(match["major"]), int(match["minor"]))
        libraries[ref] = _check_library(archive, folder, ref, folder_entries)

    dependencies = _resolve_dependencies(h5p_json, libraries, installed)
    for info in entries:
        _check_entry_contents(archive, info)
    return ValidatedPackage(
        title=title,
        main_library=main_ref,
        language=language,
        embed_types=embed_types,
        h5p_json=h5p_json,
        content_entries=content,
        libraries=libraries,
        dependencies=dependencies,
        file_count=file_count,
        uncompressed_bytes=total,
    )


def _resolve_dependencies(
    h5p_json: dict, libraries: dict[LibraryRef, BundledLibrary], installed: Callable[[LibraryRef], bool]
) -> set[LibraryRef]:
    """Every preloaded dependency, transitively, must be bundled or installed (editor libraries are not needed to
    play). A dependency that is only installed ends the walk there: its own dependencies were checked when it was."""
    needed: set[LibraryRef] = set()
    queue = [(ref, "h5p.json") for ref in _dependency_refs(h5p_json, "preloadedDependencies", "h5p.json")]
    while queue:
        ref, wanted_by = queue.pop()
        if ref in needed:
            continue
        needed.add(ref)
        bundled = libraries.get(ref)
        if bundled is not None:
            label = f"{ref.folder}/library.json"
            queue.extend((dep, label) for dep in _dependency_refs(bundled.metadata, "preloadedDependencies", label))
        elif not installed(ref):
            raise _error(
                _("The library %(library)s, required by %(by)s, is neither in the package nor installed.")
                % {"library": ref, "by": wanted_by},
                "missing_library",
                library=str(ref),
            )
    return needed


def _copy_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, storage: Storage, path: str) -> str:
    """Stream one entry to storage, never more bytes than its header declared (a lying header is a CRC error)."""
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
            if len(data) != info.file_size:
                raise zipfile.BadZipFile("size differs from the header")
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError):
        raise _error(_("The entry « %(name)s » is corrupt.") % {"name": info.filename}, "corrupt_entry") from None
    saved = storage.save(path, ContentFile(data))
    if saved != path:  # storage renamed it: the folder was not fresh; never serve a file under another name
        storage.delete(saved)
        raise _error(_("The storage already holds %(path)s.") % {"path": path}, "storage_conflict")
    return saved


def h5p_archive_unpack(
    file: IO[bytes],
    validated: ValidatedPackage,
    *,
    storage: Storage,
    content_root: str,
    library_roots: dict[LibraryRef, str],
) -> list[str]:
    """Write the content (``h5p.json`` and ``content/``) under ``content_root`` and each library of
    ``library_roots`` under its root. All or nothing: on any failure every file written is deleted again."""
    archive = _open_zip(file)
    written: list[str] = []
    jobs: list[tuple[zipfile.ZipInfo, str]] = [(archive.getinfo("h5p.json"), f"{content_root}/h5p.json")]
    jobs += [(info, f"{content_root}/{info.filename}") for info in validated.content_entries]
    for ref, root in library_roots.items():
        prefix = len(ref.folder) + 1
        jobs += [(info, f"{root}/{info.filename[prefix:]}") for info in validated.libraries[ref].entries]
    try:
        for info, path in jobs:
            written.append(_copy_entry(archive, info, storage, path))
    except BaseException:
        h5p_files_delete(storage, written)
        raise
    return written


def h5p_files_delete(storage: Storage, paths: Iterable[str]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):  # best effort: a leftover file is unreachable (no row points to it)
            storage.delete(path)
