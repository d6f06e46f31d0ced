"""Bad input: every malicious or broken archive is refused with a clear error, and nothing is written anywhere."""

from __future__ import annotations

import io
import json

import pytest

from core.models import AuditEntry
from courses.h5p import H5PPackageError
from courses.models_h5p import H5PLibrary, H5PPackage
from courses.services_h5p import h5p_package_create
from tests.h5p import factories
from tests.h5p.conftest import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def gigabyte_of_zeros():
    return factories.zeros_bomb().getvalue()


def _refused(upload, media_root, user=None) -> H5PPackageError:
    with pytest.raises(H5PPackageError) as caught:
        h5p_package_create(upload=upload, uploaded_by=user, filename="x.h5p")
    assert stored_files(media_root) == [], "nothing may be written for a refused archive"
    assert not H5PPackage.objects.exists() and not H5PLibrary.objects.exists()
    assert not AuditEntry.objects.filter(action="h5p_package.uploaded").exists()
    return caught.value


@pytest.mark.parametrize(
    "data",
    [b"", b"not a zip at all", b"PK\x03\x04 truncated", factories.demo_package()[:-200]],
    ids=["empty", "text", "truncated-header", "truncated-archive"],
)
def test_malformed_zip(data, media_root):
    error = _refused(io.BytesIO(data), media_root)
    assert error.code == "not_zip"
    assert "zip" in error.message


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("../evil.js", "path_traversal"),
        ("content/../../etc/passwd.json", "path_traversal"),
        ("content/./x.json", "path_traversal"),
        ("/etc/cron.json", "absolute_path"),
        ("C:/windows/x.json", "absolute_path"),
        ("content\\..\\x.json", "bad_path"),
    ],
)
def test_traversal_and_absolute_entries(name, code, media_root):
    error = _refused(factories.raw_entry_archive(name), media_root)
    assert error.code == code
    assert name in error.message


def test_symlink_entry(media_root):
    error = _refused(factories.raw_entry_archive("content/link.json", b"/etc/passwd", symlink=True), media_root)
    assert error.code == "symlink"


def test_one_gigabyte_of_zeros(gigabyte_of_zeros, media_root):
    error = _refused(io.BytesIO(gigabyte_of_zeros), media_root)
    assert error.code in ("too_large_uncompressed", "compression_ratio")
    assert "MB" in error.message or "bomb" in error.message


def test_compression_ratio_below_size_cap(media_root):
    error = _refused(factories.zeros_bomb(64 << 20), media_root)
    assert error.code == "compression_ratio"
    assert "content/zeros.json" in error.message


def test_too_many_files(media_root, monkeypatch):
    monkeypatch.setattr("courses.h5p.MAX_FILES", 10)
    error = _refused(factories.with_changes(), media_root)
    assert error.code == "too_many_files"


def test_missing_h5p_json(media_root):
    error = _refused(factories.with_changes(drop=("h5p.json",)), media_root)
    assert error.code == "missing_h5p_json"
    assert "h5p.json" in error.message


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"mainLibrary": None}, "mainLibrary"),
        ({"mainLibrary": "H5P.Other"}, "mainLibrary"),
        ({"language": "français!"}, "language"),
        ({"embedTypes": ["popup"]}, "embedTypes"),
        ({"embedTypes": []}, "embedTypes"),
        ({"preloadedDependencies": None}, "preloadedDependencies"),
    ],
)
def test_invalid_h5p_json(change, field, media_root):
    data = {**factories.H5P_JSON, **change}
    if change.get("preloadedDependencies", 0) is None:
        del data["preloadedDependencies"]
    error = _refused(factories.with_changes(add={"h5p.json": json.dumps(data).encode()}), media_root)
    assert error.code == "invalid_h5p_json"
    assert error.extra["field"] == field


def test_h5p_json_not_json(media_root):
    error = _refused(factories.with_changes(add={"h5p.json": b"{title: oops"}), media_root)
    assert error.code == "invalid_h5p_json"


def test_content_json_missing_or_invalid(media_root):
    assert _refused(factories.with_changes(drop=("content/content.json",)), media_root).code == "missing_content_json"
    broken = factories.with_changes(add={"content/content.json": b"[1, 2"})
    assert _refused(broken, media_root).code == "invalid_content_json"


def test_absent_library(media_root):
    error = _refused(factories.with_changes(drop=("H5P.CafeIAFeedback-1.2/",)), media_root)
    assert error.code == "missing_library"
    assert "H5P.CafeIAFeedback 1.2" in error.message


@pytest.mark.parametrize(
    "name", ["content/shell.php", "content/page.html", "content/run.exe", "H5P.CafeIAQuiz-1.0/x.sh", "content/a.swf"]
)
def test_unsupported_extension(name, media_root):
    error = _refused(factories.with_changes(add={name: b"x"}), media_root)
    assert error.code == "forbidden_extension"
    assert name in error.message


def test_javascript_only_in_libraries(media_root):
    assert _refused(factories.with_changes(add={"content/x.js": b"1"}), media_root).code == "forbidden_extension"


def test_zip_inside_zip(media_root):
    inner = factories.zip_bytes({"a.json": b"{}"})
    assert _refused(factories.with_changes(add={"content/inner.zip": inner}), media_root).code == "forbidden_extension"
    error = _refused(factories.with_changes(add={"content/images/photo.png": inner}), media_root)
    assert error.code == "nested_archive"
    assert "content/images/photo.png" in error.message


def test_library_folder_named_badly(media_root):
    files = factories.valid_files()
    renamed = {k.replace("H5P.CafeIAFeedback-1.2/", "H5P.CafeIAFeedback/"): v for k, v in files.items()}
    error = _refused(factories.archive(renamed), media_root)
    assert error.code == "bad_library_folder"


def test_library_folder_that_lies_about_its_version(media_root):
    files = factories.valid_files()
    renamed = {k.replace("H5P.CafeIAFeedback-1.2/", "H5P.CafeIAFeedback-1.3/"): v for k, v in files.items()}
    error = _refused(factories.archive(renamed), media_root)
    assert error.code == "library_folder_mismatch"


def test_file_at_the_root(media_root):
    assert _refused(factories.with_changes(add={"readme.txt": b"x"}), media_root).code == "unexpected_file"


def test_library_json_lists_a_missing_script(media_root):
    error = _refused(factories.with_changes(drop=("H5P.CafeIAQuiz-1.0/scripts/",)), media_root)
    assert error.code == "missing_library_file"
