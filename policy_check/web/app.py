"""The web service: the page, `POST /api/check`, and the clause texts findings link to.

One `Checker` serves every request, so the page and the `check` command, given the same
pack and profile, return the same report. Post text is never logged, stored or echoed
in an error: it exists only while its request is being answered.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from .. import __version__
from ..checker import Checker
from ..post import Post, PostError, parse_post
from ..report import PolicyRef, Report
from .clauses import clause_json, clause_page, find_clause, find_version, not_found_page
from .errors import ApiError, error_response, install_error_handlers
from .security import BodyTooLarge, SecurityHeaders, read_limited

STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger(__name__)


class ErrorMessage(BaseModel):
    error: str


class ClauseText(BaseModel):
    id: str
    ref: str
    title: str
    topics: list[str]
    text: str
    policy: PolicyRef
    effective_from: str


class Health(BaseModel):
    status: str
    policy: PolicyRef


_REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorMessage, "description": "The body is not valid JSON."},
    413: {"model": ErrorMessage, "description": "The body is larger than the service accepts."},
    415: {"model": ErrorMessage, "description": "The body is not sent as application/json."},
    422: {"model": ErrorMessage, "description": "The JSON is not a readable post (no text, wrong types)."},
}


def create_app(checker: Checker, max_body_bytes: int = 64_000) -> FastAPI:
    app = FastAPI(
        title="policy-check",
        version=__version__,
        description="Check a draft social media post against the council's Employee Social Media Policy.",
        # The interactive docs pages load scripts from a CDN; this service loads nothing from elsewhere.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.add_middleware(SecurityHeaders)
    install_error_handlers(app)
    # The spaCy pipeline and the engine's caches are not documented as thread-safe, and
    # one person checking one draft at a time never waits long, so checks take turns.
    check_lock = threading.Lock()

    def run_check(post: Post, version: str | None) -> Report:
        with check_lock:
            return checker.check(post, version=version)

    @app.post(
        "/api/check",
        response_model=Report,
        responses=_REFUSALS,
        summary="Check one post",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": Post.model_json_schema()}},
            }
        },
    )
    async def check(
        request: Request,
        version: str | None = Query(None, description="Check against this policy version (default: the one in force when posted)."),
    ) -> JSONResponse:
        """The report for one post (CONTRACT.md, "A post" in, "A report" out)."""
        post = parse_post_or_refuse(await read_json(request, max_body_bytes))
        try:
            report = await run_in_threadpool(run_check, post, version)
        except KeyError as exc:  # an unknown ?version=
            raise ApiError(422, str(exc.args[0]) if exc.args else "unknown policy version") from None
        except Exception as exc:  # noqa: BLE001 - answer cleanly, and keep the post out of the log
            log.error("checking a post failed: %s at %s", type(exc).__name__, _where(exc))
            return error_response(500, "the checker failed on this post; nothing was stored")
        return JSONResponse(report.model_dump(mode="json"))

    @app.get("/api/clauses/{clause_id}", response_model=ClauseText, responses={404: {"model": ErrorMessage}})
    def clause_text(
        clause_id: str,
        version: str | None = Query(None, description="Policy version (default: the one in force today)."),
    ) -> dict[str, Any]:
        """A clause's full text, by number or ref; `version` defaults to the one in force today."""
        policy = find_version(checker, version)
        return clause_json(checker, find_clause(checker, clause_id, policy), policy)

    @app.get("/clauses/{clause_id}", response_class=HTMLResponse, include_in_schema=False)
    def clause_html(clause_id: str, version: str | None = None) -> HTMLResponse:
        try:
            policy = find_version(checker, version)
            return HTMLResponse(clause_page(checker, find_clause(checker, clause_id, policy), policy))
        except ApiError as exc:
            return HTMLResponse(not_found_page(exc.message), status_code=exc.status)

    @app.get("/healthz", response_model=Health)
    def healthz() -> dict[str, Any]:
        current = checker.pack.current
        return {"status": "ok", "policy": {"id": checker.pack.id, "version": current.version, "title": current.title}}

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


async def read_json(request: Request, limit: int) -> Any:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json" and not content_type.endswith("+json"):
        raise ApiError(415, "send the post as a JSON object with Content-Type: application/json")
    try:
        body = await read_limited(request, limit)
    except BodyTooLarge as exc:
        raise ApiError(413, f"the request is larger than {exc.limit:,} bytes; shorten the post") from None
    if not body.strip():
        raise ApiError(400, "the request body is empty; send the post as a JSON object")
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # bad JSON, bad UTF-8, absurd nesting
        raise ApiError(400, "the request body is not valid JSON") from None


def parse_post_or_refuse(raw: Any) -> Post:
    try:
        post = parse_post(raw)
    except PostError as exc:
        raise ApiError(422, str(exc)) from None
    if not post.text.strip():
        raise ApiError(422, "the post has no text; type or paste the draft to check")
    return post


def _where(exc: BaseException) -> str:
    """File and line where an exception was raised: enough to debug, without its message."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return f"{Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}" if tb else "unknown"
