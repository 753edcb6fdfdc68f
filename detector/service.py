"""``mtlint serve``: the screening service for publishing pipelines (FastAPI on uvicorn).

Endpoints: ``GET /`` (the page: paste or drop an article, see and take the fixes),
``POST /v1/check`` (one document or a batch; ``?format=html`` for the report), ``POST /v1/fix``
(the fixed text), ``GET /healthz``, ``GET /version``, and the OpenAPI document at
``/openapi.json``. Bodies are read by ``service_io``; CORS is opt-in (``cors_origins``).
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
import logging
import os
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from typing import Annotated, Any, Literal

from mtlint.core.records import Document

from .api import Checker
from .files import read_bounded
from .pipeline import DEADLINE
from .service_io import (
    TEXT_TYPES,
    Batch,
    DocumentIn,
    FixedBatchOut,
    FixedOut,
    Health,
    RecordOut,
    RecordsOut,
    RequestError,
    RuleOut,
    Version,
    read_documents,
)

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
        token = read_bounded(token_file, "token file", limit=64_000).decode("utf-8", errors="replace").strip()
        if not token:
            raise ServiceConfigError(f"{token_file}: the token file is empty")
        return token
    token = os.environ.get(TOKEN_ENV)
    if token is not None and not token.strip():
        raise ServiceConfigError(f"${TOKEN_ENV} is blank: set a token or unset it")
    return token.strip() if token else None


PAGE = files("mtlint.detector") / "page"
PAGE_TYPES = {"page.js": "text/javascript; charset=utf-8", "page.css": "text/css; charset=utf-8"}
# the page runs only its own same-origin script and style, and talks only to this server
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# no token needed: nothing of a user's is there
OPEN_PATHS = ("/", "/healthz", "/v1/rules", *(f"/static/{name}" for name in PAGE_TYPES))


def create_app(
    checker: Checker, token: str | None = None, limits: Limits = Limits(), cors_origins: tuple[str, ...] = ()
):
    from fastapi import FastAPI, HTTPException, Query, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.middleware.cors import CORSMiddleware
    from fastapi.responses import HTMLResponse, JSONResponse, Response

    from mtlint.core.version import version as package_version

    version = package_version()

    app = FastAPI(
        title="mtlint",
        version=version,
        description="Screen English news for machine-translation artifacts. Records follow "
        "detector/schema/record.schema.json. The page at / checks an article in the browser.",
        docs_url=None,  # Swagger UI and ReDoc load their scripts from a CDN: off, /openapi.json stays
        redoc_url=None,
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
        if token is not None and request.url.path not in OPEN_PATHS:
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

    if cors_origins:  # outermost: a preflight is answered before the token check
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )

    def run(docs: list[Document], deadline: float, work: Callable[[Document], Any]) -> list[Any]:
        """Check on a worker thread until the deadline (the client has had its 408 then):
        between documents here, and between chunks of one long document in the detector;
        ``work`` turns each checked document into its answer."""
        DEADLINE.set(deadline)  # this thread's copy of the request's context
        results = []
        for doc in docs:
            result = work(checker.check(doc))
            if time.monotonic() > deadline:  # stopped, or finished late: never a partial answer
                raise TimeoutError
            results.append(result)
        return results

    async def answer(request: Request, work: Callable[[Document], Any]) -> tuple[list[Any], bool]:
        """The request's documents, each checked and turned into its answer by ``work`` (on a
        worker thread, within the limits), and whether the request was a batch."""
        try:
            docs, batch = read_documents(
                request.headers.get("content-type", ""),
                await request.body(),
                request.query_params.get("id"),
                limits.max_documents,
            )
        except RequestError as exc:
            raise HTTPException(status_code=exc.status, detail=exc.detail) from None
        async with slots:
            try:
                deadline = time.monotonic() + limits.max_seconds
                working = asyncio.to_thread(run, docs, deadline, work)
                return await asyncio.wait_for(working, timeout=limits.max_seconds), batch
            except TimeoutError:
                raise HTTPException(status_code=408, detail=f"checking took over {limits.max_seconds:.0f} s") from None

    DocId = Annotated[str | None, Query(max_length=1000, description="the id of a text body")]

    @app.post(
        "/v1/check",
        response_model=None,
        responses={200: {"model": RecordOut | RecordsOut, "description": "the record, or {documents: [records]}"}},
        openapi_extra=REQUEST_BODY,
    )
    async def check(
        request: Request,
        format: Annotated[Literal["json", "html"], Query(description="html: the HTML report")] = "json",
        id: DocId = None,
    ) -> Any:
        """Check one document or a batch: JSON, or the article itself as text/plain,
        text/markdown or text/html."""
        if format == "html":
            started = time.perf_counter()
            results, _ = await answer(request, checker.policy.with_fixed_text)
            return HTMLResponse(_html(results, checker, version, started))
        records, batch = await answer(request, Document.to_dict)
        return JSONResponse({"documents": records} if batch else records[0])

    @app.post(
        "/v1/fix",
        response_model=None,
        responses={200: {"model": FixedOut | FixedBatchOut, "description": "the fixes, or {documents: [...]}"}},
        openapi_extra=REQUEST_BODY,
    )
    async def fix(
        request: Request,
        unsafe: Annotated[bool, Query(description="apply unsafe fixes too (they need an editor)")] = False,
        id: DocId = None,
    ) -> Any:
        """Check and apply the fixes, as ``mtlint check --fix`` does: each kept only if checking
        the fixed text again finds nothing new."""

        def fixed(doc: Document) -> dict[str, Any]:
            result = checker.fix(doc, unsafe=unsafe)
            return {
                "record": doc.to_dict(),
                "text": doc.text,
                "fixed_text": result.text,
                "applied": [f.to_dict() for f in result.applied],
                "rejected": [f.to_dict() for f in result.rejected],
            }

        results, batch = await answer(request, fixed)
        return JSONResponse({"documents": results} if batch else results[0])

    @app.get("/healthz")
    async def healthz() -> Health:
        from mtlint.features.languagetool.server import healthy

        url = checker.grammar_url
        languagetool = (
            "off" if url is None else ("reachable" if await asyncio.to_thread(healthy, url) else "unreachable")
        )
        deep = "on" if checker.policy.detector.deep is not None else "off"
        return Health(status="ok", model="loaded", threshold=checker.threshold, languagetool=languagetool, deep=deep)

    @app.get("/v1/rules")
    async def rules() -> list[RuleOut]:
        """Every code mtlint can report, with what it means (``mtlint rules --format json``)."""
        from mtlint.core.rules import RULES

        return [RuleOut(**rule.to_dict()) for rule in RULES.values()]

    @app.get("/version")
    async def get_version() -> Version:
        return Version(mtlint=version)

    page_headers = {"Content-Security-Policy": PAGE_POLICY, "X-Content-Type-Options": "nosniff"}

    @app.get("/", include_in_schema=False)
    async def page() -> HTMLResponse:
        return HTMLResponse((PAGE / "index.html").read_text(encoding="utf-8"), headers=page_headers)

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in PAGE_TYPES:
            raise HTTPException(status_code=404, detail=f"no file {name!r}")
        body = (PAGE / name).read_text(encoding="utf-8")
        return Response(body, media_type=PAGE_TYPES[name], headers=page_headers)

    publish_request_models(app)
    return app


def publish_request_models(app) -> None:
    """Put the request body models into the OpenAPI document's components (the routes read
    their bodies themselves, to answer in the service's own words)."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            original().setdefault("components", {}).setdefault("schemas", {}).update(_BODY_MODELS)
        return app.openapi_schema

    app.openapi = openapi


def _request_body() -> tuple[dict[str, Any], dict[str, Any]]:
    from pydantic import TypeAdapter

    schema = TypeAdapter(DocumentIn | Batch).json_schema(ref_template="#/components/schemas/{model}")
    models = schema.pop("$defs")
    text = {"schema": {"type": "string", "description": "the article itself; its id from ?id="}}
    content = {"application/json": {"schema": schema}, **{media: text for media in TEXT_TYPES}}
    return {"requestBody": {"required": True, "content": content}}, models


REQUEST_BODY, _BODY_MODELS = _request_body()


class _BodyReader:
    """ASGI middleware that receives a POST body in full before the app sees it: a client
    that sends it slower than ``read_seconds`` gets 408 (it would otherwise hold a connection
    and a worker slot for ever). The routes read the body (``service_io.read_documents``: JSON
    beyond the parser's limits is 422 there). The body's size is bounded by the Content-Length
    check."""

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
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def listening_url(host: str, port: int) -> str:
    """The page's address (``[::1]`` for an IPv6 host)."""
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


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
        deep=checker.policy.detector.deep is not None,
        deep_scope=checker.policy.detector.deep_scope,
        started=started,
    )
    render("html", docs, out, run)
    return out.getvalue()


def serve(
    checker: Checker,
    host: str,
    port: int,
    token: str | None,
    limits: Limits = Limits(),
    cors_origins: tuple[str, ...] = (),
) -> None:
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
        Gate(create_app(checker, token, limits, cors_origins), loopback=is_loopback(host)),
        host=host,
        port=port,
        log_level="info",
        timeout_graceful_shutdown=30,
        http=guarded_protocol(limits.header_seconds, connection_cap(limits.max_connections)),
    )
    install_log_filters()  # after uvicorn.Config has configured its loggers
    with sock:
        print(f"mtlint: serving at {listening_url(host, sock.getsockname()[1])}", file=sys.stderr, flush=True)
        uvicorn.Server(config).run(sockets=[sock])
