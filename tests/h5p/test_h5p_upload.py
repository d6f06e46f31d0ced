"""A valid package is unpacked once, its libraries kept once per version, and who uploaded it is recorded."""

from __future__ import annotations

import io

import pytest

from core.models import AuditEntry
from courses.h5p import H5PPackageError, LibraryRef
from courses.models_h5p import H5PLibrary, H5PPackage
from courses.services_h5p import h5p_library_current, h5p_package_create
from tests.h5p import factories
from tests.h5p.conftest import stored_files

pytestmark = pytest.mark.django_db


def test_demo_package_is_unpacked_and_recorded(media_root, partner_author):
    package = h5p_package_create(
        upload=io.BytesIO(factories.demo_package()), uploaded_by=partner_author, filename="quiz.h5p"
    )
    assert package.title == "Entraînement : qu’est-ce que l’intelligence artificielle ?"
    assert package.main_library == "H5P.CafeIAQuiz 1.0"
    assert package.language == "fr" and package.embed_types == ["iframe"]
    assert package.uploaded_by == partner_author and package.original_filename == "quiz.h5p"
    files = stored_files(media_root)
    assert f"{package.storage_path}/h5p.json" in files
    assert f"{package.storage_path}/content/content.json" in files
    assert f"{package.storage_path}/content/images/cafe.svg" in files
    versions = sorted(str(lib) for lib in H5PLibrary.objects.all())
    assert versions == [
        "H5P.CafeIAFeedback 1.2.5",
        "H5P.CafeIAQuestion 1.0.7",
        "H5P.CafeIAQuiz 1.0.3",
        "H5PEditor.CafeIAQuiz 1.0.1",
    ]
    quiz = H5PLibrary.objects.get(machine_name="H5P.CafeIAQuiz")
    assert f"{quiz.storage_path}/scripts/cafeia-quiz.js" in files
    assert quiz.installed_by == partner_author
    assert sorted(lib.machine_name for lib in package.libraries.all()) == [
        "H5P.CafeIAFeedback",
        "H5P.CafeIAQuestion",
        "H5P.CafeIAQuiz",
    ]
    entry = AuditEntry.objects.get(action="h5p_package.uploaded")
    assert entry.actor == partner_author and entry.target_id == str(package.pk)


def test_second_upload_keeps_one_copy_of_each_library_version(media_root, national_admin):
    h5p_package_create(upload=io.BytesIO(factories.demo_package()), uploaded_by=national_admin)
    before = len(stored_files(media_root))
    second = h5p_package_create(upload=io.BytesIO(factories.demo_package()), uploaded_by=national_admin)
    assert H5PLibrary.objects.count() == 4
    assert H5PPackage.objects.count() == 2
    content_files = [f for f in stored_files(media_root) if f.startswith(second.storage_path)]
    assert len(stored_files(media_root)) - before == len(content_files)  # only the new content


def test_dependency_already_installed_may_be_left_out(media_root, national_admin):
    h5p_package_create(upload=io.BytesIO(factories.demo_package()), uploaded_by=national_admin)
    slim = factories.with_changes(drop=("H5P.CafeIAFeedback-1.2/", "H5P.CafeIAQuestion-1.0/"))
    package = h5p_package_create(upload=slim, uploaded_by=national_admin)
    assert package.libraries.count() == 3


def test_a_newer_patch_is_installed_once_and_an_older_one_ignored(media_root, national_admin):
    h5p_package_create(upload=factories.quiz_with_patch(5), uploaded_by=national_admin)
    h5p_package_create(upload=factories.quiz_with_patch(9), uploaded_by=national_admin)
    h5p_package_create(upload=factories.quiz_with_patch(2), uploaded_by=national_admin)
    patches = sorted(
        H5PLibrary.objects.filter(machine_name="H5P.CafeIAFeedback").values_list("patch_version", flat=True)
    )
    assert patches == [5, 9]
    assert h5p_library_current(ref=LibraryRef("H5P.CafeIAFeedback", 1, 2)).patch_version == 9


def test_dotfiles_and_macos_folders_are_not_written(media_root, national_admin):
    upload = factories.with_changes(add={"__MACOSX/content/._x.json": b"junk", "content/.DS_Store": b"junk"})
    h5p_package_create(upload=upload, uploaded_by=national_admin)
    assert not [f for f in stored_files(media_root) if "MACOSX" in f or "DS_Store" in f]


def test_build_is_deterministic():
    assert factories.demo_package() == factories.demo_package()


def test_headers_that_lie_about_sizes_are_refused_before_writing(media_root, national_admin):
    """The caps read sizes from the central directory; an entry that inflates past them is corrupt, not written."""
    with pytest.raises(H5PPackageError) as caught:
        h5p_package_create(upload=factories.lying_header(), uploaded_by=national_admin)
    assert caught.value.code == "corrupt_entry"
    assert "content/images/big.svg" in caught.value.message
    assert stored_files(media_root) == [] and not H5PPackage.objects.exists()
