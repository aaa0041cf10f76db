"""A small OpenAI-compatible upstream for the gateway's end-to-end tests.

Stdlib only: `http.server` + `ThreadingHTTPServer`, speaking real HTTP/1.1 (keep-alive,
Content-Length bodies, chunked server-sent events).

The upstream model name the gateway sends selects the behaviour:

* contains ``slow``      -- sleeps ``slow_seconds`` before answering (longer than the gateway's first_byte timeout)
* contains ``error500``  -- 500 with an OpenAI-shaped error body
* contains ``garbage``   -- 200 with a body that is not JSON (and not an event stream)
* contains ``ratelimit`` -- 429 with ``Retry-After: 7``
* contains ``cut``       -- streams two chunks, then closes the socket without ending the stream
* anything else          -- a normal answer: ``"echo: " + <last user message>``, as JSON or SSE

Every request is recorded (path, headers, raw body, parsed JSON) so tests can assert what
the gateway really sent upstream.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

RATE_LIMIT_RETRY_AFTER = "7"
GARBAGE_BODY = b"<html>this is definitely not JSON</html>"


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    raw: bytes
    body: Any = None  # parsed JSON, or None when the body was not JSON


@dataclass
class FakeUpstream:
    """The running fake: its address and what it has received."""

    server: ThreadingHTTPServer
    thread: threading.Thread
    slow_seconds: float
    requests: list[RecordedRequest] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def record(self, request: RecordedRequest) -> None:
        with self.lock:
            self.requests.append(request)

    @property
    def last_body(self) -> Any:
        with self.lock:
            return self.requests[-1].body if self.requests else None

    def find(self, marker: str) -> list[RecordedRequest]:
        """Every recorded request whose raw body contains `marker` (tests put a unique marker in their prompt)."""
        needle = marker.encode()
        with self.lock:
            return [r for r in self.requests if needle in r.raw]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def answer_text(body: dict) -> str:
    """The deterministic answer of the normal behaviour: an echo of the last user message."""
    last = ""
    for message in body.get("messages") or []:
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str):
                last = content
            elif isinstance(content, list):
                last = " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return "echo: " + last


def answer_pieces(text: str) -> list[str]:
    """How the normal behaviour splits its answer into stream deltas: one word (with its leading space) each."""
    return re.findall(r"\s*\S+", text) or [text]


def prompt_tokens(body: dict) -> int:
    count = 0
    for message in body.get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, str):
            count += len(content.split())
    return count + 3


def _make_handler(fake: FakeUpstream):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "FakeUpstream/1.0"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence the default stderr log
            pass

        # -- plumbing ---------------------------------------------------------------------------

        def _read_body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _send_json(self, status: int, payload: Any, extra_headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self._send_bytes(status, data, "application/json", extra_headers)

        def _send_bytes(self, status: int, data: bytes, content_type: str, extra_headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (extra_headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()

        def _start_sse(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()

        def _sse(self, payload: Any) -> None:
            data = payload if isinstance(payload, str) else json.dumps(payload)
            frame = f"data: {data}\n\n".encode()
            self.wfile.write(f"{len(frame):x}\r\n".encode() + frame + b"\r\n")
            self.wfile.flush()

        def _end_chunked(self) -> None:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        def _abort(self) -> None:
            """Drops the connection mid-response: no terminating chunk, no [DONE]."""
            self.close_connection = True
            try:
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.connection.close()

        # -- routes -----------------------------------------------------------------------------

        def do_GET(self) -> None:  # noqa: N802
            fake.record(RecordedRequest("GET", self.path, dict(self.headers.items()), b""))
            if self.path.rstrip("/") == "/v1/models":
                names = ["fake-normal", "fake-slow", "fake-error500", "fake-error500-pipelined", "fake-garbage", "fake-ratelimit", "fake-cut"]
                self._send_json(200, {"object": "list", "data": [{"id": n, "object": "model", "owned_by": "fake"} for n in names]})
            else:
                self._send_json(404, {"error": {"message": "no such route", "type": "invalid_request_error"}})

        def do_POST(self) -> None:  # noqa: N802
            raw = self._read_body()
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            fake.record(RecordedRequest("POST", self.path, dict(self.headers.items()), raw, body))
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send_json(404, {"error": {"message": "no such route", "type": "invalid_request_error"}})
                return
            if not isinstance(body, dict):
                self._send_json(400, {"error": {"message": "body is not a JSON object", "type": "invalid_request_error"}})
                return
            model = str(body.get("model", ""))
            stream = body.get("stream") is True
            try:
                if "slow" in model:
                    time.sleep(fake.slow_seconds)
                    self._normal(body, model, stream)
                elif "error500" in model:
                    self._send_json(500, {"error": {"message": "the fake upstream exploded", "type": "server_error"}})
                elif "garbage" in model:
                    self._send_bytes(200, GARBAGE_BODY, "text/html")
                elif "ratelimit" in model:
                    self._send_json(
                        429, {"error": {"message": "slow down", "type": "rate_limit_error"}},
                        {"Retry-After": RATE_LIMIT_RETRY_AFTER},
                    )
                elif "cut" in model:
                    self._cut(body, model, stream)
                else:
                    self._normal(body, model, stream)
            except (BrokenPipeError, ConnectionResetError):
                # The gateway gave up on us (e.g. its timeout fired); nothing left to do.
                self.close_connection = True

        # -- behaviours -------------------------------------------------------------------------

        def _normal(self, body: dict, model: str, stream: bool) -> None:
            text = answer_text(body)
            pieces = answer_pieces(text)
            usage = {
                "prompt_tokens": prompt_tokens(body),
                "completion_tokens": len(pieces),
                "total_tokens": prompt_tokens(body) + len(pieces),
            }
            completion_id = f"chatcmpl-fake-{len(fake.requests)}"
            if not stream:
                self._send_json(200, {
                    "id": completion_id, "object": "chat.completion", "created": 1_700_000_000, "model": model,
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "logprobs": None, "finish_reason": "stop"}],
                    "usage": usage,
                })
                return
            include_usage = isinstance(body.get("stream_options"), dict) and body["stream_options"].get("include_usage") is True
            head = {"id": completion_id, "object": "chat.completion.chunk", "created": 1_700_000_000, "model": model}
            self._start_sse()
            self._sse({**head, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]})
            for piece in pieces:
                self._sse({**head, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
            self._sse({**head, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            if include_usage:
                self._sse({**head, "choices": [], "usage": usage})
            self._sse("[DONE]")
            self._end_chunked()

        def _cut(self, body: dict, model: str, stream: bool) -> None:
            text = answer_text(body)
            pieces = answer_pieces(text)
            head = {"id": "chatcmpl-fake-cut", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": model}
            if not stream:
                # Promise a body, send half of it, hang up.
                data = json.dumps({**head, "object": "chat.completion", "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])
                self._abort()
                return
            self._start_sse()
            self._sse({**head, "choices": [{"index": 0, "delta": {"role": "assistant", "content": pieces[0]}, "finish_reason": None}]})
            self._sse({**head, "choices": [{"index": 0, "delta": {"content": "".join(pieces[1:2])}, "finish_reason": None}]})
            self._abort()

    return Handler


def start(slow_seconds: float = 3.0) -> FakeUpstream:
    """Starts the fake on a free port of 127.0.0.1 and returns once it accepts connections."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="fake-upstream", daemon=True)
    fake = FakeUpstream(server=server, thread=thread, slow_seconds=slow_seconds)
    server.RequestHandlerClass = _make_handler(fake)
    thread.start()  # the socket is already bound and listening, so connections queue until serve_forever runs
    return fake


if __name__ == "__main__":  # manual use: python fake_upstream.py
    running = start()
    print(f"fake upstream on {running.base_url}", flush=True)
    try:
        running.thread.join()
    except KeyboardInterrupt:
        running.stop()
