from core.exceptions import ApplicationError


class TrainingError(ApplicationError):
    """A refused training operation; ``code`` is stable (tests and the UI branch on it), the message is French."""


class CohortError(TrainingError):
    pass


class SessionError(TrainingError):
    pass


class EnrolmentError(TrainingError):
    pass


class AttendanceError(TrainingError):
    pass


class CheckInError(TrainingError):
    pass


class CsvImportError(TrainingError):
    pass
