"""``mtlint serve``: the screening service for publishing pipelines (FastAPI on uvicorn).

Endpoints: ``POST /v1/check`` (one document or a batch; ``?format=html`` for the report),
``GET /healthz``, ``GET /version``, and the OpenAPI document at ``/openapi.json``.
Checks run on worker threads, so concurrent requests never wait behind one LanguageTool
call; a request past ``max_seconds`` gets 408 and its thread stops at the next chunk. A body
must arrive within ``read_seconds`` (408), and JSON beyond the parser's limits (huge integers,
deep nesting) is 422. Bearer-token access control: the token comes from a file or
``$MTLINT_TOKEN`` and is compared in constant time; a blank token is refused, and so is a
non-loopback bind without one.
"""

import asyncio
import hmac
import io
import ipaddress
import json
import logging
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mtlint.core.records import Document

from .api import Checker
from .inputs import ReadOptions, json_error, record_document
from .pipeline import DEADLINE

log = logging.getLogger("mtlint.service")
TOKEN_ENV = "MTLINT_TOKEN"


@dataclass(frozen=True)
class Limits:
    """What one request may ask for; each breach is answered with a 4xx that says which."""

    max_body_bytes: int = 5_000_000
    max_documents: int = 1000
    max_seconds: float = 60.0
    max_concurrent: int = 8
    read_seconds: float = 30.0  # to receive a request body
    header_seconds: float = 10.0  # to receive a request's headers (service_guard)
    max_connections: int = 256  # open at once; lowered to fit the descriptor limit


class DocumentIn(BaseModel):
    """One document: ``{"id", "text"}`` (an id is made up when missing), with the codes to
    suppress in it as a JSONL record's ``mtlint_suppress`` field lists them."""

    model_config = ConfigDict(extra="ignore")
    id: str | None = Field(default=None, max_length=1000)
    text: str
    mtlint_suppress: list[str] = Field(default_factory=list)


class Batch(BaseModel):
    """Several documents: ``{"documents": [{"id", "text"}, ...]}``."""

    model_config = ConfigDict(extra="ignore")
    documents: list[DocumentIn]


class ServiceConfigError(RuntimeError):
    """The service cannot start as configured (for instance: public address, no token)."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_token(token_file: str | None) -> str | None:
    if token_file:
        token = Path(token_file).read_text(encoding="utf-8").strip()
        if not token:
            raise ServiceConfigError(f"{token_file}: the token file is empty")
        return token
    token = os.environ.get(TOKEN_ENV)
    if token is not None and not token.strip():
        raise ServiceConfigError(f"${TOKEN_ENV} is blank: set a token or unset it")
    return token.strip() if token else None


def create_app(checker: Checker, token: str | None = None, limits: Limits = Limits()):
    from fastapi import Body, FastAPI, HTTPException, Query, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import HTMLResponse, JSONResponse

    from mtlint.core.version import version as package_version

    version = package_version()

    app = FastAPI(
        title="mtlint",
        version=version,
        description="Screen English news for machine-translation artifacts. Records follow "
        "detector/schema/record.schema.json.",
    )
    slots = asyncio.Semaphore(limits.max_concurrent)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        """422 naming each problem's place, never echoing the input (it may be megabytes)."""
        problems = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                    for e in exc.errors()[:20]]  # fmt: skip
        return JSONResponse({"detail": problems}, status_code=422)

    app.add_middleware(_BodyReader, limits=limits)  # added first: runs after the token check

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if token is not None and request.url.path not in ("/healthz",):
            supplied = request.headers.get("authorization", "")
            expected = f"Bearer {token}"
            if not hmac.compare_digest(supplied.encode(), expected.encode()):
                log.warning(
                    "401 %s %s from %s",
                    request.method,
                    request.url.path,
                    request.client.host if request.client else "?",
                )
                return JSONResponse(
                    {"detail": "missing or invalid bearer token"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
        length = request.headers.get("content-length")
        if request.method == "POST" and length is None:
            return JSONResponse({"detail": "Content-Length is required"}, status_code=411)
        if length is not None and (not length.isdigit() or int(length) > limits.max_body_bytes):
            return JSONResponse({"detail": f"request body over {limits.max_body_bytes} bytes"}, status_code=413)
        return await call_next(request)

    def run(docs: list[Document], deadline: float, fixed_view: bool = False) -> list[Document]:
        """Check on a worker thread until the deadline (the client has had its 408 then):
        between documents here, and between chunks of one long document in the detector."""
        DEADLINE.set(deadline)  # this thread's copy of the request's context
        results = []
        for doc in docs:
            checked = checker.check(doc)
            if time.monotonic() > deadline:  # stopped, or finished late: never a partial answer
                raise TimeoutError
            results.append(checker.policy.with_fixed_text(checked) if fixed_view else checked)
        return results

    @app.post("/v1/check", response_model=None)
    async def check(
        payload: Annotated[DocumentIn | Batch, Body()],
        format: Annotated[Literal["json", "html"], Query()] = "json",
    ) -> Any:
        items = payload.documents if isinstance(payload, Batch) else [payload]
        if len(items) > limits.max_documents:
            raise HTTPException(status_code=413, detail=f"over {limits.max_documents} documents in one request")
        options = ReadOptions()
        docs = [record_document(item.model_dump(), "request", n, options) for n, item in enumerate(items, 1)]
        async with slots:
            started = time.perf_counter()
            try:
                deadline = time.monotonic() + limits.max_seconds
                checking = asyncio.to_thread(run, docs, deadline, format == "html")
                results = await asyncio.wait_for(checking, timeout=limits.max_seconds)
            except TimeoutError:
                raise HTTPException(status_code=408, detail=f"checking took over {limits.max_seconds:.0f} s") from None
        if format == "html":
            return HTMLResponse(_html(results, checker, version, started))
        records = [doc.to_dict() for doc in results]
        return records[0] if isinstance(payload, DocumentIn) else {"documents": records}

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        from mtlint.features.languagetool.server import healthy

        url = checker.grammar_url
        languagetool = (
            "off" if url is None else ("reachable" if await asyncio.to_thread(healthy, url) else "unreachable")
        )
        return {"status": "ok", "model": "loaded", "threshold": checker.threshold, "languagetool": languagetool}

    @app.get("/version")
    async def get_version() -> dict[str, str]:
        return {"mtlint": version}

    return app


class _BodyReader:
    """ASGI middleware that receives a POST body in full before the app sees it: a client
    that sends it slower than ``read_seconds`` gets 408 (it would otherwise hold a connection
    and a worker slot for ever), and JSON that the parser cannot read within its limits (a
    5,000-digit integer, 100,000-deep nesting, bad UTF-8) gets 422 with the reason, where the
    framework would answer 400. The body's size is bounded by the Content-Length check."""

    def __init__(self, app, limits: Limits):
        self.app, self.limits = app, limits

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.limits.read_seconds
        chunks: list[bytes] = []
        more = True
        while more:
            try:
                message = await asyncio.wait_for(receive(), timeout=max(0.0, deadline - loop.time()))
            except TimeoutError:
                detail = f"request body not received within {self.limits.read_seconds:g} s"
                await _answer(scope, send, 408, detail)
                return
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            await _answer(scope, send, 422, json_error(exc))
            return
        documents = data.get("documents") if isinstance(data, dict) else None
        if isinstance(documents, list) and len(documents) > self.limits.max_documents:  # before validating them
            await _answer(scope, send, 413, f"over {self.limits.max_documents} documents in one request")
            return
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def _answer(scope, send, status: int, detail: str) -> None:
    from fastapi.responses import JSONResponse

    async def no_body():
        return {"type": "http.disconnect"}

    await JSONResponse({"detail": detail}, status_code=status)(scope, no_body, send)


def _html(docs: list[Document], checker: Checker, version: str, started: float) -> str:
    from mtlint.reports import render
    from mtlint.reports.base import RunInfo

    out = io.StringIO()
    run = RunInfo(
        inputs=["request"],
        model="default",
        threshold=checker.threshold,
        version=version,
        grammar=checker.grammar_url is not None,
        started=started,
    )
    render("html", docs, out, run)
    return out.getvalue()


def serve(checker: Checker, host: str, port: int, token: str | None, limits: Limits = Limits()) -> None:
    """Run until SIGTERM or Ctrl-C; uvicorn finishes requests in flight before it exits."""
    if token is None and not is_loopback(host):
        raise ServiceConfigError(
            f"refusing to listen on {host} without a token: set ${TOKEN_ENV} or pass --token-file "
            "(or bind to 127.0.0.1)"
        )
    import uvicorn

    from .service_guard import Gate, connection_cap, guarded_protocol, install_log_filters

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:  # bound here, so that a port in use is one clear message (uvicorn would exit 3)
        sock = socket.create_server((host, port), family=family, backlog=2048)
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise ServiceConfigError(f"cannot listen on {host}:{port}: {reason}") from None
    config = uvicorn.Config(
        Gate(create_app(checker, token, limits), loopback=is_loopback(host)),
        host=host,
        port=port,
        log_level="info",
        timeout_graceful_shutdown=30,
        http=guarded_protocol(limits.header_seconds, connection_cap(limits.max_connections)),
    )
    install_log_filters()  # after uvicorn.Config has configured its loggers
    with sock:
        uvicorn.Server(config).run(sockets=[sock])
