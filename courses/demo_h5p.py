"""Demo seeder: a practice H5P activity (our own Café IA Quiz, built from ``h5p/``) at the end of each demo module.

Idempotent: a package is recognised by its file name, and a lesson that already has an H5P block is left alone.
Runs after the programme seeder (order 110 > 100).
"""

from __future__ import annotations

import io

from django.db import transaction

from core.demo import DEMO_ACCOUNTS
from core.models import User
from core.roles import Role
from courses.models import LessonPage, ModulePage
from courses.models_h5p import H5PPackage
from courses.services_h5p import h5p_package_create

# (module slug, lesson slug, package built by h5p.build, block heading)
DEMO_ACTIVITIES = (
    ("qu-est-ce-que-l-ia", "ce-qu-est-l-ia", "quiz-what-is-ai", "Entraînez-vous"),
    ("ia-et-travail", "des-taches-pas-des-metiers", "quiz-ai-and-work", "Entraînez-vous"),
)


def _uploader() -> User | None:
    email = next(a.email for a in DEMO_ACCOUNTS if a.role is Role.NATIONAL_ADMIN)
    return User.objects.filter(email=email).first()


def seed_h5p_activities() -> list[str]:
    from h5p.build import demo_package_bytes

    created: list[str] = []
    for module_slug, lesson_slug, name, heading in DEMO_ACTIVITIES:
        module = ModulePage.objects.filter(slug=module_slug).first()
        lesson = LessonPage.objects.child_of(module).filter(slug=lesson_slug).first() if module else None
        if lesson is None:
            continue
        filename = f"{name}.h5p"
        package = H5PPackage.objects.filter(original_filename=filename).first()
        if package is None:
            package = h5p_package_create(
                upload=io.BytesIO(demo_package_bytes(name)), uploaded_by=_uploader(), filename=filename
            )
            created.append(f"H5P activity « {package.title} »")
        if any(block.block_type == "h5p_activity" for block in lesson.body):
            continue
        with transaction.atomic():
            lesson.body.append(("h5p_activity", {"package": package, "heading": heading, "instructions": ""}))
            lesson.save_revision().publish()
        created.append(f"H5P block in « {lesson.title} »")
    return created
