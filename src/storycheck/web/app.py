"""The web app: ``create_app(store, settings) -> Starlette``, and ``serve`` for the CLI.

Pages are rendered on the server (Jinja2, autoescaped); the one small script is a
static file, and the Content-Security-Policy forbids any other.  All article text
is untrusted: it is only ever escaped into pages, and only http(s) article URLs
become links.
"""
from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import StorycheckError
from ..store import Store
from ..settings import Settings
from . import views
from .service import StoryService, UploadRejected, WebSettings

STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
FORM_OVERHEAD = 64_000  # multipart boundaries and the pasted-article fields


def create_app(store: Store | str, settings: Settings | None = None, *,
               web: WebSettings | None = None, parser=None) -> Starlette:
    """The app over ``store`` (a ``Store`` or a database path).

    It opens its own connections to the same database file: one per worker thread.
    ``parser``: an NLP model already loaded (else it is loaded when first needed).
    """
    service = StoryService.for_store(store, settings, web, parser=parser)
    routes = [
        Route("/", views.story_list, name="stories"),
        Route("/stories/{story}", views.story_page, name="story"),
        Route("/documents/{document:path}", views.document_page, name="document"),
        Route("/add", views.add_form, methods=["GET"], name="add"),
        Route("/add", views.add_articles, methods=["POST"]),
        Route("/api/", views.api_index, name="api"),
        Route("/api/openapi.json", views.api_openapi, name="openapi"),
        Route("/api/stories", views.api_stories, name="api_stories"),
        Route("/api/stories/{story}", views.api_story, name="api_story"),
        Route("/api/documents", views.api_add, methods=["POST"], name="api_add"),
        Route("/api/documents/{document:path}", views.api_document, name="api_document"),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(SameOriginWrites),
        Middleware(BodyLimit, max_bytes=service.web.max_upload_bytes + FORM_OVERHEAD),
    ]
    handlers = {StorycheckError: views.storycheck_error, HTTPException: views.http_error}

    @contextlib.asynccontextmanager
    async def lifespan(app):
        service.start()
        try:
            yield
        finally:
            service.stop()

    app = Starlette(routes=routes, middleware=middleware, exception_handlers=handlers,
                    lifespan=lifespan)
    app.state.service = service
    app.state.rendered = views.RenderedPages()
    return app


class SecurityHeaders:
    """Adds the Content-Security-Policy and friends to every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in SECURITY_HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SameOriginWrites:
    """Refuses writes that another site's page makes the browser send (CSRF)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            headers = dict(scope["headers"])
            origin = headers.get(b"origin", b"").decode("latin-1")
            host = headers.get(b"host", b"").decode("latin-1")
            site = headers.get(b"sec-fetch-site", b"").decode("latin-1")
            if (origin and origin != "null" and origin.split("://", 1)[-1] != host) \
                    or site == "cross-site":
                response = PlainTextResponse("cross-site request refused", status_code=403)
                return await response(scope, receive, send)
        await self.app(scope, receive, send)


class BodyLimit:
    """Caps request bodies: a declared length over the cap is refused at once, and
    a streamed body raises ``UploadRejected`` as soon as it passes the cap."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            error = self.too_large()
            if scope["path"].startswith("/api/"):
                response = JSONResponse(views.error_dict(error), status_code=413)
            else:
                response = views.error_page(error, 413)
            await _drain(receive, self.max_bytes)
            return await response(scope, receive, send)
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise self.too_large()
            return message

        await self.app(scope, counting_receive, send)

    def too_large(self) -> UploadRejected:
        return UploadRejected(f"the upload is over {self.max_bytes // 1_000_000} MB",
                              "send fewer or smaller files at a time", status=413)


async def _drain(receive: Receive, limit: int) -> None:
    """Read (and drop) a little of a refused body, so the client sees the answer."""
    seen = 0
    while seen <= limit:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            return
        seen += len(message.get("body", b""))


def serve(db_path: str, settings: Settings | None = None, *, host: str = "127.0.0.1",
          port: int = 8000, web: WebSettings | None = None, warm: bool = False) -> None:
    """Run the app with uvicorn until interrupted (``storycheck serve``)."""
    import uvicorn

    with Store.open(db_path, create=True) as store:
        address, location = store.address, store.location
    app = create_app(address, settings, web=web)
    if warm:  # analyse every story before the first visitor comes
        app.state.service.warm()
    logging.getLogger("storycheck.web").info("serving %s on http://%s:%d/", location, host, port)
    uvicorn.run(app, host=host, port=port, log_level="info")


__all__ = ["create_app", "serve", "WebSettings", "CSP"]
