from assessments.models_h5p import H5PAttempt, H5PAttemptItem  # noqa: F401  (H5P attempts, practice only)
