"""A client that stops reading a stream holds back the upstream: the gateway does not read the
rest of the stream into its own memory for it, and it does not cut the stream off either.

Decisive in both builds: with the pause removed, the debug build reads all 96 MB in about
half a minute (the release build in about a second), inside the 120 s total timeout this test
gives the gateway."""

from __future__ import annotations

import json
import signal
import sqlite3
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import FIRST_BYTE_TIMEOUT_SECONDS, start_gateway

STREAM_BYTES = 96 << 20
PIECE = ("data: " + json.dumps({
    "id": "chatcmpl-flood", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": "fake-normal",
    "choices": [{"index": 0, "delta": {"content": " word"}, "finish_reason": None}],
}) + "\n\n").encode()
BLOCK = PIECE * (64 * 1024 // len(PIECE))


USAGE_EVENT = ("data: " + json.dumps({
    "id": "chatcmpl-flood", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": "fake-normal",
    "choices": [], "usage": {"prompt_tokens": 7, "completion_tokens": 11, "total_tokens": 18},
}) + "\n\n" + "data: [DONE]\n\n").encode()


class Flood:
    """An upstream that answers every chat completion with a stream of `stream_bytes` (content
    chunks, then `ending`, then padding), counting what its socket accepted."""

    def __init__(self, stream_bytes: int = STREAM_BYTES, ending: bytes = b"") -> None:
        self.sent = 0
        self.finished = threading.Event()
        flood = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Content-Length", str(stream_bytes))
                self.end_headers()
                try:
                    while flood.sent + len(BLOCK) + len(ending) <= stream_bytes:
                        self.wfile.write(BLOCK)
                        flood.sent += len(BLOCK)
                    self.wfile.write(ending + b"\n" * (stream_bytes - flood.sent - len(ending)))
                    flood.sent = stream_bytes
                except OSError:
                    pass
                finally:
                    flood.finished.set()
                    self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def settled_count(self, timeout: float) -> int:
        """`sent` once it has not moved for a second (or the stream is finished)."""
        deadline = time.monotonic() + timeout
        last, since = -1, time.monotonic()
        while time.monotonic() < deadline and not self.finished.is_set():
            if self.sent != last:
                last, since = self.sent, time.monotonic()
            elif time.monotonic() - since >= 1.0:
                break
            self.finished.wait(0.1)
        return self.sent


def _ask_for_stream(client: socket.socket, base_url: str, api_key: str, extra_headers: bytes = b"") -> bytes:
    """Connects `client`, asks for a stream from the flood and returns the first bytes of the answer."""
    parts = urlsplit(base_url)
    client.connect((parts.hostname, parts.port))
    body = json.dumps({"model": "up-normal", "messages": [{"role": "user", "content": "flood"}], "stream": True}).encode()
    client.sendall(
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n" + extra_headers
        + f"Authorization: Bearer {api_key}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    )
    return client.recv(4096)


def test_a_client_that_stops_reading_holds_back_the_upstream(tmp_path: Path) -> None:
    flood = Flood()
    # A total timeout long enough that a gateway which never pauses would read the whole stream.
    process, match, api_key, _, _, log_file, pump = start_gateway(tmp_path, flood.base_url, total_timeout=120)
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    try:
        head = _ask_for_stream(client, match.group(1), api_key)
        assert head.startswith(b"HTTP/1.1 200"), head[:200]
        # The client reads nothing more. Kernel buffers on both sides of the gateway take some
        # megabytes; past them, the upstream must be stuck rather than the gateway reading on.
        sent = flood.settled_count(timeout=60)
        assert not flood.finished.is_set(), "the upstream sent the whole stream to a client that read nothing"
        assert sent < STREAM_BYTES // 2, f"{sent} of {STREAM_BYTES} bytes left the upstream"
    finally:
        client.close()
        # The gateway drops the upstream call once the client is gone.
        assert flood.finished.wait(30), "the upstream call was not dropped after the client left"
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        pump.join(timeout=5)
        log_file.close()
        flood.server.shutdown()


STALLED_STREAM_BYTES = 16 << 20
STALL_SECONDS = FIRST_BYTE_TIMEOUT_SECONDS + 6


@pytest.mark.parametrize("force_full_path", [False, True], ids=["fast-lane", "full-path"])
def test_a_client_that_pauses_longer_than_the_first_byte_timeout_gets_the_whole_stream(tmp_path: Path, force_full_path: bool) -> None:
    """The first-byte timeout bounds the upstream's silence, not the client's: a client that stops
    reading for longer than it, then reads on, gets every event and `[DONE]`, billed as served."""
    flood = Flood(STALLED_STREAM_BYTES, ending=USAGE_EVENT)
    process, match, api_key, _, log_path, log_file, pump = start_gateway(tmp_path, flood.base_url, total_timeout=60)
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
    try:
        forced = b"x-switchyard-force-model: up-normal\r\n" if force_full_path else b""
        received = bytearray(_ask_for_stream(client, match.group(1), api_key, b"Connection: close\r\n" + forced))
        assert received.startswith(b"HTTP/1.1 200"), bytes(received[:200])
        # The client stalls: every buffer on the way fills and the upstream stops, then the
        # client stays away for longer than the first-byte timeout.
        stalled_at = flood.settled_count(timeout=60)
        assert not flood.finished.is_set(), "the stream was buffered whole; the stall test needs a longer one"
        time.sleep(STALL_SECONDS)  # the behaviour under test: a client slower than the timeout
        client.settimeout(60)
        while chunk := client.recv(1 << 20):
            received += chunk
    finally:
        client.close()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        pump.join(timeout=5)
        log_file.close()
        flood.server.shutdown()
    text = bytes(received)
    assert stalled_at < STALLED_STREAM_BYTES
    assert b'"error"' not in text[-4096:], text[-600:]
    assert text.rstrip(b"\r\n0").endswith(b"data: [DONE]"), text[-300:]
    with sqlite3.connect(tmp_path / "data" / "ledger.sqlite") as connection:
        rows = connection.execute("SELECT status, output_tokens FROM usage_ledger").fetchall()
    assert rows == [(200, 11)], f"{rows}; gateway log:\n{log_path.read_text()[-1500:]}"
