"""Grammar comes back after a LanguageTool outage, and records say when it was skipped (issue
#30, item 2): the real server behind a real TCP relay that the test takes down and brings back
on the same port."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

from mtlint.core.records import Document
from mtlint.detector.pipeline import Detector
from mtlint.features.grammar import GrammarChecker


class Relay:
    """Forwards a loopback port to LanguageTool; ``down()`` refuses and cuts every connection,
    ``up()`` listens on the same port again."""

    def __init__(self, target: str):
        host, port = target.removeprefix("http://").split("/")[0].split(":")
        self.target = (host, int(port))
        self.port = 0
        self.listener: socket.socket | None = None
        self.open: list[socket.socket] = []

    def up(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR: the port again
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def down(self) -> None:
        for conn in [self.listener, *self.open]:  # shutdown wakes a thread blocked in accept()
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        self.open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for conn in (source, sink):
                with contextlib.suppress(OSError):
                    conn.close()


def _check(detector: Detector) -> dict:
    return detector.check(Document(id="a", source="a.txt", text="This is a error in the report.")).to_dict()


def _codes(record: dict) -> set[str]:
    return {f["code"] for s in record["sentences"] for f in s["findings"]}


def test_grammar_is_skipped_in_the_record_during_an_outage_and_comes_back(languagetool_url):
    relay = Relay(languagetool_url)
    relay.up()
    try:
        grammar = GrammarChecker(f"http://127.0.0.1:{relay.port}", retries=0, backoff=0.01, timeout=10,
                                 reconnect_seconds=0.5, cache_size=0)  # fmt: skip
        detector = Detector.create(grammar=grammar, grammar_scope="all")
        before = _check(detector)
        assert "LT:EN_A_VS_AN" in _codes(before) and "grammar" not in before
        relay.down()
        during = _check(detector)
        assert during["status"] == "ok" and during["grammar"] == "skipped"
        assert "LT:EN_A_VS_AN" not in _codes(during)
        relay.up()  # the same port
        time.sleep(0.6)
        after = _check(detector)
        assert "LT:EN_A_VS_AN" in _codes(after) and "grammar" not in after
        assert grammar.available
    finally:
        relay.down()
