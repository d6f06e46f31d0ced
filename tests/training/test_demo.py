from __future__ import annotations

import pytest

from core.demo import seed_demo
from training.demo import COHORT_TITLE
from training.models import Cohort, Hub, Modality
from training.permissions import cohorts_coordinated_by, cohorts_managed_by


@pytest.mark.django_db
def test_seed_demo_creates_the_cohort_once_after_the_programme():
    report = dict(seed_demo())
    names = list(report)
    assert names.index("training.cohort") > names.index("courses.programme")
    assert any(item.startswith("cohort ") for item in report["training.cohort"])
    cohort = Cohort.objects.get(title=COHORT_TITLE)
    trainer = cohort.trainers.get()
    assert trainer.email == "formateur@cafe-ia.example"
    assert list(cohort.enrolments.values_list("learner__email", "state")) == [
        ("apprenant@cafe-ia.example", "enrolled")
    ]
    modalities = list(cohort.sessions.order_by("date", "start_time").values_list("modality", flat=True))
    assert modalities == [Modality.REMOTE, Modality.IN_PERSON, Modality.IN_PERSON]
    assert cohort.sessions.filter(modality=Modality.REMOTE).get().modules.exists()
    assert list(cohorts_managed_by(trainer)) == [cohort]
    coordinator = Hub.objects.get().coordinators.get()
    assert list(cohorts_coordinated_by(coordinator)) == [cohort]
    assert dict(seed_demo())["training.cohort"] == []
