"""Errors as RFC 9457 problem+json: a status, a title, one clear line, field paths; never a
traceback or SQL."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from accord.errors import AccordError, InputError, StoreError

log = logging.getLogger("accord.server")
MEDIA = "application/problem+json"
TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
          405: "Method not allowed", 409: "Conflict", 413: "Request body too large",
          415: "Unsupported media type", 422: "Invalid input", 500: "Internal error",
          503: "Service unavailable"}


class Problem(Exception):
    """Raise in a route to answer with a problem+json body."""

    def __init__(self, status: int, detail: str, *, errors: list[dict] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.errors, self.headers = status, detail, errors, headers


def problem(status: int, detail: str, *, errors: list[dict] | None = None,
            headers: dict[str, str] | None = None, instance: str | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": TITLES.get(status, "Error"),
                            "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=MEDIA, headers=headers)


def field_path(loc: tuple | list) -> str:
    """("body", "positions", 2, "actor") -> "body.positions[2].actor"."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _validation_errors(exc: RequestValidationError) -> list[dict]:
    out = []
    for e in exc.errors():
        msg = str(e.get("msg", "invalid"))
        out.append({"field": field_path(e.get("loc", ())),
                    "message": msg.removeprefix("Value error, ")})
    return out


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into problem+json."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem(exc.status, exc.detail, errors=exc.errors, headers=exc.headers,
                       instance=request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errs = _validation_errors(exc)
        first = errs[0] if errs else {"field": "request", "message": "invalid"}
        return problem(422, f"{first['field']}: {first['message']}", errors=errs,
                       instance=request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "")
        return problem(exc.status_code, detail, headers=getattr(exc, "headers", None),
                       instance=request.url.path)

    @app.exception_handler(AccordError)
    async def _accord(request: Request, exc: AccordError) -> JSONResponse:
        where = getattr(exc, "where", None)
        errs = [{"field": where, "message": str(exc).removeprefix(f"{where}: ")}] if where \
            else None
        status = 422 if isinstance(exc, InputError) else 400 if isinstance(exc, StoreError) \
            else 500
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "error"
        return problem(status, first[:500], errors=errs, instance=request.url.path)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return problem(500, f"internal error ({type(exc).__name__}); see the server log",
                       instance=request.url.path)
