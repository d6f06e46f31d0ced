class ApplicationError(Exception):
    """A domain error with a stable ``code`` (tests and the UI branch on it) and a human message (French)."""

    def __init__(self, message: str, *, code: str, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}

    def __str__(self) -> str:
        return f"{self.message} ({self.code})"
