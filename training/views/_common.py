from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import Storage
from django.http import FileResponse, Http404, HttpRequest

from training.exceptions import TrainingError


def service_error(request: HttpRequest, error: TrainingError, form=None) -> None:
    """A refused service call: on the form when there is one (status 400 from the caller), else as a message."""
    if form is not None:
        form.add_error(None, error.message)
    else:
        messages.error(request, error.message)


def private_file_response(field, *, filename: str, content_type: str, attachment: bool = False) -> FileResponse:
    """Serve a private training file (signature, scan, PDF) to a caller that already passed a permission check."""
    storage: Storage = field.storage
    if not field or not storage.exists(field.name):
        raise Http404
    response = FileResponse(
        storage.open(field.name, "rb"), content_type=content_type, filename=filename, as_attachment=attachment
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
