"""A client that stops reading a stream holds back the upstream: the gateway does not read the
rest of the stream into its own memory for it.

Decisive against a release build (`SWITCHYARD_BIN=.build-release/release/switchyard`): without
the pause the gateway reads all 96 MB in about a second. A debug build parses too slowly to get
far within the test config's 5 s total timeout, so there the test checks that the stream stalls
and that the upstream call is dropped when the client leaves, but would not catch a gateway that
never pauses."""

from __future__ import annotations

import json
import signal
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from conftest import start_gateway

STREAM_BYTES = 96 << 20
PIECE = ("data: " + json.dumps({
    "id": "chatcmpl-flood", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": "fake-normal",
    "choices": [{"index": 0, "delta": {"content": " word"}, "finish_reason": None}],
}) + "\n\n").encode()
BLOCK = PIECE * (64 * 1024 // len(PIECE))


class Flood:
    """An upstream that answers every chat completion with a stream of STREAM_BYTES, counting
    what its socket accepted."""

    def __init__(self) -> None:
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
                self.send_header("Content-Length", str(STREAM_BYTES))
                self.end_headers()
                try:
                    while flood.sent + len(BLOCK) <= STREAM_BYTES:
                        self.wfile.write(BLOCK)
                        flood.sent += len(BLOCK)
                    self.wfile.write(b" " * (STREAM_BYTES - flood.sent))
                    flood.sent = STREAM_BYTES
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


def test_a_client_that_stops_reading_holds_back_the_upstream(tmp_path: Path) -> None:
    flood = Flood()
    process, match, api_key, _, _, log_file, pump = start_gateway(tmp_path, flood.base_url)
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    try:
        parts = urlsplit(match.group(1))
        client.connect((parts.hostname, parts.port))
        body = json.dumps({"model": "up-normal", "messages": [{"role": "user", "content": "flood"}], "stream": True}).encode()
        client.sendall(
            b"POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
            + f"Authorization: Bearer {api_key}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
        )
        head = client.recv(4096)
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
