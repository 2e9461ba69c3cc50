"""Every refusal is `{"error": "..."}` with a 4xx status, in words a person can act on.

Messages never quote the request body: a rejected draft may still be confidential, and
error messages end up in logs, screenshots and bug reports.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(Exception):
    """A request the service refuses, with the status and the message to send back."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def describe_request_errors(exc: RequestValidationError) -> str:
    """FastAPI's 422 detail as one line, `where: what`, leaving out the offending input."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")) or "request"
        parts.append(f"{where}: {err.get('msg', 'is not valid')}")
    return "; ".join(parts) or "the request is not valid"


_STATUS_WORDS = {
    404: "there is nothing at this address",
    405: "this address does not accept that method",
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, describe_request_errors(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail else ""
        generic = detail in ("", "Not Found", "Method Not Allowed")
        message = _STATUS_WORDS.get(exc.status_code, detail) if generic else detail
        return JSONResponse({"error": message or "request refused"}, status_code=exc.status_code, headers=exc.headers)
