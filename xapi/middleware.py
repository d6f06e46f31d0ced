"""A short way through the middleware stack for LRS requests authenticated by HTTP Basic.

Such a request never uses what most of the stack provides: no session (the credential is in the header), no CSRF
(the LRS views are exempt: a Basic credential is not sent by a browser on its own), no messages, no locale (the LRS
answers in JSON with English messages), no Wagtail redirect. Those middlewares were ~30 % of a single-statement
POST's CPU (docs/decisions/0007-lrs-write-performance.md). Placed right after SecurityMiddleware, so its headers and
its HTTPS redirect still apply; X-Frame-Options is set here as XFrameOptionsMiddleware would. Anything else — no
Authorization header (session requests, CORS preflights, the alternate syntax with the credential in the form), or
a path the LRS does not serve — goes through the whole stack.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import Resolver404, ResolverMatch, URLResolver
from django.urls.resolvers import RegexPattern

PREFIX = "/xapi/"
MATCHES_MAX = 256


class XapiBasicAuthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.resolver = URLResolver(RegexPattern(r"^/xapi/"), "xapi.urls")
        self.frame_options = getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()
        self.matches: dict[str, ResolverMatch] = {}  # path -> its resolution (the URLconf does not change)

    def __call__(self, request):
        if not request.path_info.startswith(PREFIX) or "HTTP_AUTHORIZATION" not in request.META:
            return self.get_response(request)
        match = self.matches.get(request.path_info)
        if match is None:
            try:
                match = self.resolver.resolve(request.path_info)
            except Resolver404:
                return self.get_response(request)
            if len(self.matches) >= MATCHES_MAX:  # paths with ids or tokens: never grow without bound
                self.matches.clear()
            self.matches[request.path_info] = match
        request.resolver_match = match
        request.user = AnonymousUser()  # the credential is the header's; nothing here reads a session
        response = match.func(request, *match.args, **match.kwargs)
        if response.get("X-Frame-Options") is None:
            response["X-Frame-Options"] = self.frame_options
        if not response.streaming and not response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))  # as CommonMiddleware would: no chunked body
        return response
