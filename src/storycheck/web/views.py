"""Request handlers: parse the request, make one call to the service, render.

Pages are Jinja2 templates with autoescaping on; a story page is rendered once
per version of its report and then served from memory (with an ETag).
"""
from __future__ import annotations

import functools
from collections import OrderedDict
from pathlib import Path

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ..errors import StorycheckError
from ..outputs.brief import readable
from . import present
from .openapi import openapi_spec
from .service import NotFound, Pasted, StoryService, Upload, UploadRejected

TEMPLATES = Path(__file__).parent / "templates"
RENDERED_KEEP = 256  # rendered story pages kept in memory


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.globals.update(story_url=present.story_url, document_url=present.document_url,
                       search_url=present.search_url, STATUSES=present.STATUSES,
                       STATUS_LABELS=present.STATUS_LABELS)
    env.filters.update(pretty_date=present.pretty_date, readable=readable)
    return env


def render(template: str, status: int = 200, **context) -> HTMLResponse:
    html = environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status)


class RenderedPages:
    """Story pages rendered once per version of their data (the ETag), the most
    recent ``keep`` of them; one per app, so apps and test runs share nothing."""

    def __init__(self, keep: int = RENDERED_KEEP):
        self._pages: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._keep = keep

    def get(self, template: str, etag: str, **context) -> bytes:
        key = (template, etag)
        body = self._pages.get(key)
        if body is None:
            body = environment().get_template(template).render(**context).encode("utf-8")
            self._pages[key] = body
            while len(self._pages) > self._keep:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(key)
        return body


def service_of(request: Request) -> StoryService:
    return request.app.state.service


def _page_number(request: Request) -> int:
    value = request.query_params.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 7 else 1


# --- pages --------------------------------------------------------------------------


def story_list(request: Request) -> Response:
    query = request.query_params.get("q", "")[:200]
    listing = service_of(request).story_list(query, _page_number(request))
    return render("stories.html.j2", listing=listing)


async def story_page(request: Request) -> Response:
    page = await service_of(request).story_now(request.path_params["story"])
    if request.headers.get("if-none-match") == page.etag:
        return Response(status_code=304, headers={"etag": page.etag})
    body = request.app.state.rendered.get("story.html.j2", page.etag, page=page)
    return Response(body, media_type="text/html; charset=utf-8",
                    headers={"etag": page.etag, "cache-control": "no-cache"})


def document_page(request: Request) -> Response:
    page, doc_id = service_of(request).document(request.path_params["document"])
    focus = present.parse_span(request.query_params.get("at"))
    return render("document.html.j2", page=page, doc=page.document(doc_id), focus=focus)


def add_form(request: Request) -> Response:
    return render("add.html.j2", web=service_of(request).web)


async def add_articles(request: Request) -> Response:
    uploads, pasted = await read_articles(request)
    result = await run_in_threadpool(service_of(request).add, uploads, pasted)
    return render("added.html.j2", result=result)


# --- JSON API -----------------------------------------------------------------------


def api_index(request: Request) -> Response:
    return RedirectResponse("/api/openapi.json")


def api_openapi(request: Request) -> Response:
    return JSONResponse(openapi_spec())


def api_stories(request: Request) -> Response:
    query = request.query_params.get("q", "")[:200]
    return JSONResponse(service_of(request).story_list(query, _page_number(request)).to_dict())


def api_story(request: Request) -> Response:
    return JSONResponse(service_of(request).report(request.path_params["story"]))


def api_document(request: Request) -> Response:
    page, doc_id = service_of(request).document(request.path_params["document"])
    return JSONResponse(page.document_dict(doc_id))


async def api_add(request: Request) -> Response:
    uploads, pasted = await read_articles(request)
    result = await run_in_threadpool(service_of(request).add, uploads, pasted)
    return JSONResponse(result.to_dict(), status_code=201 if result.added else 200)


# --- the add-articles form ----------------------------------------------------------------


async def read_articles(request: Request) -> tuple[list[Upload], Pasted | None]:
    """The files and pasted article of a multipart form, within the app's limits."""
    web = service_of(request).web
    try:
        form = await request.form(max_files=web.max_upload_files, max_fields=20,
                                  max_part_size=web.max_paste_chars * 4)
    except HTTPException as exc:  # starlette's own multipart limits
        raise UploadRejected(str(exc.detail).rstrip("."),
                             f"send at most {web.max_upload_files} files at a time",
                             status=413) from exc
    try:
        uploads = []
        for item in form.getlist("files"):
            if isinstance(item, UploadFile) and item.filename:
                uploads.append(Upload(item.filename, await item.read()))
        fields = {k: v for k in ("text", "title", "outlet", "published", "url")
                  if isinstance(v := form.get(k, ""), str)}
    finally:
        await form.close()
    if len(fields.get("text", "")) > web.max_paste_chars:
        raise UploadRejected(f"the pasted text is over {web.max_paste_chars:,} characters",
                             "paste one article at a time", status=413)
    pasted = Pasted(**fields) if fields.get("text", "").strip() else None
    return uploads, pasted


# --- errors -------------------------------------------------------------------------------


def error_status(exc: StorycheckError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, UploadRejected):
        return exc.status
    return 503


def error_dict(exc: StorycheckError) -> dict:
    return {"error": {"code": exc.code, "message": exc.message, "hint": exc.hint}}


def error_page(exc: StorycheckError, status: int) -> HTMLResponse:
    return render("error.html.j2", status, code=status, message=exc.message, hint=exc.hint)


def storycheck_error(request: Request, exc: StorycheckError) -> Response:
    status = error_status(exc)
    if request.url.path.startswith("/api/"):
        return JSONResponse(error_dict(exc), status_code=status)
    return error_page(exc, status)


def http_error(request: Request, exc: HTTPException) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"code": f"HTTP{exc.status_code}",
                                       "message": str(exc.detail), "hint": None}},
                            status_code=exc.status_code)
    message = "no such page" if exc.status_code == 404 else str(exc.detail)
    return render("error.html.j2", exc.status_code, code=exc.status_code, message=message,
                  hint=None)

