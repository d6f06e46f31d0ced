from core.exceptions import ApplicationError


class HubTokenError(ApplicationError):
    """A Hub API token that cannot be used: missing, malformed, unknown or revoked (``code`` says which)."""
