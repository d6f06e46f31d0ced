from __future__ import annotations

import pytest

from core.demo import seed_demo
from courses.models import LessonPage
from courses.models_h5p import H5PPackage

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_practice_activity_in_each_module_once(media_root):
    report = dict(seed_demo())
    assert len([item for item in report["courses.h5p"] if item.startswith("H5P activity")]) == 2
    assert H5PPackage.objects.count() == 2
    lessons = [p for p in LessonPage.objects.live() if any(b.block_type == "h5p_activity" for b in p.body)]
    assert len(lessons) == 2
    assert dict(seed_demo())["courses.h5p"] == []
    assert H5PPackage.objects.count() == 2
