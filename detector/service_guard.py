"""What keeps ``mtlint serve`` answering under hostile clients, below the application: the
connection protocol, the logs, and an ASGI gate in front of every route.

- **Connections** (:func:`guarded_protocol`, uvicorn's h11 protocol): TCP_NODELAY on every
  socket (a keep-alive request otherwise waits ~40 ms on Nagle and delayed ACKs); request
  headers must arrive within ``header_seconds`` (a silent or half-sent request is answered 408
  and closed, so idle sockets cannot pile up); past ``max_connections`` open connections a new
  one gets 503 at once and is closed (the cap stays under the descriptor limit, so ``/healthz``
  always has one).
- **Logs** (:class:`RateLimit`): one record per message template and logger every few seconds,
  with the count of those dropped (a flood of "Too many open files" was 210 MB in 30 s); access
  log lines never carry a query string's credentials.
- **Gate** (:class:`Gate`): a query string carrying a token is refused (the token belongs in the
  Authorization header, and query strings end up in logs and histories); on a loopback bind the
  Host header must name the loopback, so a web page cannot reach the service through DNS
  rebinding.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import resource
import socket
import time
from urllib.parse import parse_qsl

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
TOKEN_KEYS = frozenset({"token", "access_token", "api_key", "apikey", "key", "auth", "bearer", "password"})
_SECRET_QUERY = re.compile(r"\?.*", re.DOTALL)
RESERVED_DESCRIPTORS = 64  # for the listening socket, logs, model files, LanguageTool


def _raw_response(status: int, reason: str, detail: str) -> bytes:
    body = json.dumps({"detail": detail}).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode() + body


def connection_cap(wanted: int) -> int:
    """``wanted``, lowered to leave RESERVED_DESCRIPTORS under the process's descriptor limit."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(8, min(wanted, soft - RESERVED_DESCRIPTORS))


def guarded_protocol(header_seconds: float, max_connections: int):
    """uvicorn's h11 protocol with the connection rules above (a class for ``Config(http=)``)."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    refused = _raw_response(503, "Service Unavailable", "too many open connections; try again shortly")
    too_slow = _raw_response(408, "Request Timeout", f"request headers not received within {header_seconds:g} s")

    class GuardedProtocol(H11Protocol):
        def connection_made(self, transport) -> None:
            sock = transport.get_extra_info("socket")
            if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if len(self.connections) >= max_connections:
                self.transport = None
                transport.write(refused)
                transport.close()
                return
            super().connection_made(transport)
            self._waiting_since = time.monotonic()
            self._header_timer = self.loop.call_later(header_seconds, self._check_headers)

        def connection_lost(self, exc) -> None:
            if self.transport is None:  # refused at once: never counted
                return
            self._header_timer.cancel()
            super().connection_lost(exc)

        def on_response_complete(self) -> None:
            self._waiting_since = time.monotonic()  # the next request's headers are due from now
            super().on_response_complete()

        def _check_headers(self) -> None:
            if self.transport.is_closing():
                return
            waited = time.monotonic() - self._waiting_since
            if self.conn.their_state is h11.IDLE and waited >= header_seconds:  # no request headers yet
                self.transport.write(too_slow)
                self.transport.close()
                return
            self._header_timer = self.loop.call_later(max(0.1, header_seconds - waited), self._check_headers)

    return GuardedProtocol


class RateLimit(logging.Filter):
    """At most one record per (logger, message template) every ``seconds``; the next one let
    through says how many were dropped. Tracebacks of repeats are dropped with them."""

    def __init__(self, seconds: float = 10.0):
        super().__init__()
        self.seconds = seconds
        self._seen: dict[tuple[str, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg))
        now = time.monotonic()
        last, dropped = self._seen.get(key, (float("-inf"), 0))
        if now - last < self.seconds:
            self._seen[key] = (last, dropped + 1)
            return False
        if len(self._seen) > 10_000:  # templates are few; this bounds the table if they are not
            self._seen.clear()
        self._seen[key] = (now, 0)
        if dropped:
            record.msg = f"{record.msg} ({dropped} more like this not logged)"
        return True


class NoQueryInAccessLog(logging.Filter):
    """uvicorn's access line without the query string when it carries a credential."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3 and isinstance(record.args[2], str):
            path = record.args[2]
            if "?" in path and has_token(path.split("?", 1)[1]):
                record.args = (*record.args[:2], _SECRET_QUERY.sub("?[query with a credential, not logged]", path),
                               *record.args[3:])  # fmt: skip
        return True


def has_token(query: str) -> bool:
    return any(key.lower() in TOKEN_KEYS for key, _ in parse_qsl(query, keep_blank_values=True))


def install_log_filters() -> None:
    """Rate-limit every log the service writes, and keep credentials out of the access log."""
    limit = RateLimit()
    for name in ("asyncio", "uvicorn", "uvicorn.error", "mtlint", "mtlint.service"):  # one access line a request
        logging.getLogger(name).addFilter(limit)
    logging.getLogger("uvicorn.access").addFilter(NoQueryInAccessLog())


def host_name(value: str) -> str:
    """The host of a Host header, without the port (``[::1]:8080`` -> ``::1``)."""
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Gate:
    """ASGI middleware refusing query-string credentials, and foreign Host headers on loopback."""

    def __init__(self, app, loopback: bool):
        self.app, self.loopback = app, loopback

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            problem = self._problem(scope)
            if problem is not None:
                status, detail = problem
                await _send_json(send, status, detail)
                return
        await self.app(scope, receive, send)

    def _problem(self, scope) -> tuple[int, str] | None:
        query = scope.get("query_string", b"").decode("latin-1")
        if query and has_token(query):
            return 400, "a credential in the query string is refused: send it as an Authorization: Bearer header"
        if self.loopback:
            host = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"host"), "")
            if host_name(host).lower() not in LOOPBACK_HOSTS:
                return 421, "this service answers loopback host names only (Host: localhost or 127.0.0.1)"
        return None


async def _send_json(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
