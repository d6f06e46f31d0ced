"""The H5P player and the package files, served so that package code never runs with the main origin's rights.

The player page is sent with ``Content-Security-Policy: sandbox allow-scripts`` (and embedded in an iframe with
``sandbox="allow-scripts"``): it runs on an opaque origin, without the learner's cookies, CSRF token or storage.
It talks to the lesson page only by ``postMessage`` (``courses/static/courses/js/h5p-relay.js``). Package files are
public course material, readable from that opaque origin (CORS ``*``, never with credentials), and each carries
``Content-Security-Policy: sandbox`` and ``nosniff``: an SVG or any file opened directly cannot script the site.
See docs/decisions/0025-h5p-trust-model.md.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from courses.h5p import LIBRARY_EXTENSIONS, file_extension
from courses.models_h5p import H5PPackage
from courses.services_h5p import h5p_library_for_folder
from xapi.vocabulary import activity_iri

CONTENT_TYPES = {
    "json": "application/json",
    "js": "text/javascript",
    "css": "text/css",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "webm": "video/webm",
    "mp4": "video/mp4",
    "ogg": "audio/ogg",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
    "vtt": "text/vtt",
    "webvtt": "text/vtt",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "txt": "text/plain; charset=utf-8",
    "pdf": "application/pdf",
}
FILE_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _player_csp(origin: str) -> str:
    # `sandbox allow-scripts`: an opaque origin even if the page is opened on its own, outside our iframe.
    # Resources only from this site; no connection elsewhere (package code cannot send what it sees anywhere else).
    return (
        "sandbox allow-scripts; default-src 'none'; "
        f"script-src {origin} 'unsafe-inline' 'unsafe-eval'; style-src {origin} 'unsafe-inline'; "
        f"img-src {origin} data: blob:; media-src {origin} data: blob:; font-src {origin} data:; "
        f"connect-src {origin}; frame-src 'self' about: blob: data:; child-src 'self' about: blob:; "
        "form-action 'none'; base-uri 'none'; frame-ancestors 'self'"
    )


@require_GET
def h5p_player_view(request: HttpRequest, pk: int) -> HttpResponse:
    package = get_object_or_404(H5PPackage, pk=pk)
    absolute = request.build_absolute_uri
    files_root = absolute(reverse("h5p:package_file", kwargs={"pk": package.pk, "path": "h5p.json"}))[
        : -len("/h5p.json")
    ]
    config = {
        "contentId": f"cafeia-{package.pk}",
        "siteUrl": settings.SITE_URL,
        "title": package.title,
        "iri": activity_iri("h5p", package.pk),
        "h5pJsonPath": files_root,
        "contentJsonPath": f"{files_root}/content",
        "librariesPath": absolute(reverse("h5p:library_file", kwargs={"folder": "x", "path": "x.js"}))[
            : -len("/x/x.js")
        ],
        "frameJs": absolute(static("vendor/h5p-standalone/frame.bundle.js")),
        "frameCss": absolute(static("vendor/h5p-standalone/styles/h5p.css")),
        "customJs": [absolute(static("courses/js/h5p-actor.js"))],
    }
    response = render(request, "courses/h5p/player.html", {"package": package, "config": config})
    response["Content-Security-Policy"] = _player_csp(f"{request.scheme}://{request.get_host()}")
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _safe_path(path: str) -> str:
    parts = path.split("/")
    if (
        not path
        or "\\" in path
        or "\x00" in path
        or any(part in ("", ".", "..") or part.startswith(".") for part in parts)
    ):
        raise Http404
    return path


def _file_response(storage_path: str, extension: str) -> FileResponse:
    try:
        handle = default_storage.open(storage_path, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=CONTENT_TYPES.get(extension, "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Access-Control-Allow-Origin"] = "*"  # read by the opaque-origin player, never with credentials
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def h5p_package_file_view(request: HttpRequest, pk: int, path: str) -> HttpResponse:
    path = _safe_path(path)
    if path != "h5p.json" and not path.startswith("content/"):
        raise Http404
    extension = file_extension(path)
    if extension not in LIBRARY_EXTENSIONS - {"js", "css"}:
        raise Http404
    package = get_object_or_404(H5PPackage, pk=pk)
    return _file_response(f"{package.storage_path}/{path}", extension)


@require_GET
def h5p_library_file_view(request: HttpRequest, folder: str, path: str) -> HttpResponse:
    path = _safe_path(path)
    extension = file_extension(path)
    if extension not in LIBRARY_EXTENSIONS:
        raise Http404
    library = h5p_library_for_folder(folder=folder)
    if library is None:
        raise Http404
    return _file_response(f"{library.storage_path}/{path}", extension)
