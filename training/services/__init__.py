"""Writes of the training app (STYLE.md R1): keyword-only, typed, atomic; one module per concern."""

from training.services.cohorts import cohort_trainer_add, cohort_trainer_remove

__all__ = ["cohort_trainer_add", "cohort_trainer_remove"]
