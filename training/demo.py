"""Demo cohort (``seed_demo``, after the courses' programme): filled in step 7."""

from __future__ import annotations


def seed_cohort() -> list[str]:
    return []
