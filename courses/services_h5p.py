"""Writes and reads of H5P packages: check the archive (``courses.h5p``), then store it once and record who did.

Files are written before the rows (storage is not transactional): a failure removes every file written, and a
folder no row points to is never served. Library versions already installed are not written again.
"""

from __future__ import annotations

import secrets
from typing import IO

from django.core.files.storage import Storage, default_storage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from core.audit import audit_log
from core.models import User
from courses.h5p import LibraryRef, h5p_archive_unpack, h5p_archive_validate, h5p_files_delete
from courses.models_h5p import H5PLibrary, H5PPackage

STORAGE_ROOT = "h5p"


def h5p_library_current(*, ref: LibraryRef) -> H5PLibrary | None:
    """The newest installed patch of ``machineName major.minor``: the one every package plays with."""
    return (
        H5PLibrary.objects.filter(machine_name=ref.machine_name, major_version=ref.major, minor_version=ref.minor)
        .order_by("-patch_version")
        .first()
    )


def h5p_library_for_folder(*, folder: str) -> H5PLibrary | None:
    name, _sep, version = folder.rpartition("-")
    major, _dot, minor = version.partition(".")
    if not (name and major.isdigit() and minor.isdigit()):
        return None
    return h5p_library_current(ref=LibraryRef(name, int(major), int(minor)))


def h5p_packages_for_choosing() -> QuerySet[H5PPackage]:
    return H5PPackage.objects.order_by("-uploaded_at")


def _token() -> str:
    return secrets.token_hex(8)


def h5p_package_create(
    *, upload: IO[bytes], uploaded_by: User | None, filename: str = "", title: str = "", storage: Storage | None = None
) -> H5PPackage:
    """Validate ``upload`` (raises ``H5PPackageError``, nothing written), unpack it and record the package."""
    storage = storage or default_storage
    installed_cache: dict[LibraryRef, H5PLibrary | None] = {}

    def current(ref: LibraryRef) -> H5PLibrary | None:
        if ref not in installed_cache:
            installed_cache[ref] = h5p_library_current(ref=ref)
        return installed_cache[ref]

    validated = h5p_archive_validate(upload, installed=lambda ref: current(ref) is not None)
    to_install = {
        ref: f"{STORAGE_ROOT}/libraries/{ref.folder}.{bundled.patch}-{_token()}"
        for ref, bundled in validated.libraries.items()
        if current(ref) is None or current(ref).patch_version < bundled.patch  # a newer patch upgrades, once
    }
    content_root = f"{STORAGE_ROOT}/packages/{_token()}"
    written = h5p_archive_unpack(
        upload, validated, storage=storage, content_root=content_root, library_roots=to_install
    )
    try:
        with transaction.atomic():
            installed = _libraries_record(validated=validated, roots=to_install, user=uploaded_by, storage=storage)
            package = H5PPackage.objects.create(
                title=(title or validated.title)[:255],
                main_library=str(validated.main_library),
                language=validated.language,
                embed_types=validated.embed_types,
                h5p_json=validated.h5p_json,
                storage_path=content_root,
                original_filename=filename[:255],
                size_bytes=validated.uncompressed_bytes,
                file_count=validated.file_count,
                uploaded_by=uploaded_by,
            )
            package.libraries.set(
                [lib for ref in sorted(validated.dependencies) if (lib := h5p_library_current(ref=ref)) is not None]
            )
            audit_log(
                actor=uploaded_by,
                action="h5p_package.uploaded",
                target=package,
                data={"file": filename, "main_library": package.main_library, "installed_libraries": installed},
            )
    except BaseException:
        h5p_files_delete(storage, written)
        raise
    return package


def _libraries_record(*, validated, roots: dict[LibraryRef, str], user: User | None, storage: Storage) -> list[str]:
    installed = []
    for ref, root in sorted(roots.items()):
        bundled = validated.libraries[ref]
        try:
            with transaction.atomic():  # a savepoint: another upload may have installed the same version meanwhile
                H5PLibrary.objects.create(
                    machine_name=ref.machine_name,
                    major_version=ref.major,
                    minor_version=ref.minor,
                    patch_version=bundled.patch,
                    title=bundled.title[:255],
                    runnable=bundled.runnable,
                    metadata=bundled.metadata,
                    storage_path=root,
                    installed_by=user,
                )
        except IntegrityError:  # that version is there already: keep its copy, drop ours
            prefix = len(ref.folder) + 1
            h5p_files_delete(storage, [f"{root}/{info.filename[prefix:]}" for info in bundled.entries])
            continue
        installed.append(f"{ref.machine_name} {bundled.version}")
    return installed
