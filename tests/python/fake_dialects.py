"""A fake upstream speaking both dialects over real HTTP/SSE: OpenAI's `POST /v1/chat/completions`
and Anthropic's `POST /v1/messages`, for the conformance suite.

Both routes read the request into one neutral form, pick a scenario from a tag in the last
user message, compute one answer, and render it in their own wire shape, so a test can check
that the same conversation gives the same answer and the same tokens through either dialect.

Tags: ``[tool]`` one tool call, ``[tools2]`` two tool calls, ``[json]`` a JSON object (only when
JSON output was asked for), ``[stop]`` honours the stop sequences, ``[long]`` fifty words cut at
``max_tokens``, ``[system]`` echoes the system prompt, ``[image]`` describes the image it got.
A conversation ending in a tool result answers ``result: <content>``; anything else echoes.
The upstream model name picks failures: ``error500``, ``ratelimit`` (429, Retry-After 7), ``slow``.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

RETRY_AFTER = "7"
CACHE_READ = 2  # prompt tokens both fakes report as read from the prompt cache
CACHE_WRITE = 1  # prompt tokens the Anthropic fake reports as written to it
TOOL_ARGUMENTS = [{"city": "Paris"}, {"city": "Tokyo", "unit": "celsius", "days": [1, 2]}]
LONG_TEXT = " ".join(f"w{n}" for n in range(1, 51))
STOP_TEXT = "alpha beta STOP gamma"


@dataclass
class Request:
    """A request of either dialect in neutral form."""

    system: str = ""
    last_user: str = ""
    tool_result: str | None = None
    images: list[str] = field(default_factory=list)  # "media/type:<base64 length>"
    stop: list[str] = field(default_factory=list)
    max_tokens: int | None = None
    wants_json: bool = False
    tools: list[str] = field(default_factory=list)
    words: int = 0


@dataclass
class Answer:
    text: str
    calls: list[tuple[str, str, str]]  # (id, name, arguments JSON)
    finish: str  # stop | stop_sequence | length | tool_calls
    stop_sequence: str | None
    input_tokens: int
    pieces: list[str]

    @property
    def output_tokens(self) -> int:
        return len(self.pieces) + 5 * len(self.calls)


def _words(text: str) -> int:
    return len(text.split())


def _data_url(url: str) -> str:
    match = re.match(r"data:([^;]+);base64,(.*)", url, re.S)
    return f"{match.group(1)}:{len(match.group(2))}" if match else f"url:{url}"


def read_openai(body: dict) -> Request:
    request = Request(stop=([body["stop"]] if isinstance(body.get("stop"), str) else body.get("stop") or []))
    request.max_tokens = body.get("max_completion_tokens") or body.get("max_tokens")
    request.wants_json = (body.get("response_format") or {}).get("type") in ("json_object", "json_schema")
    request.tools = [t["function"]["name"] for t in body.get("tools") or []]
    for message in body.get("messages") or []:
        content = message.get("content")
        parts = [{"type": "text", "text": content}] if isinstance(content, str) else (content or [])
        text = " ".join(p.get("text", "") for p in parts if p.get("type") == "text")
        request.words += _words(text)
        if message["role"] in ("system", "developer"):
            request.system += text
        elif message["role"] == "tool":
            request.tool_result = text
        elif message["role"] == "user":
            request.last_user, request.tool_result = text, None
            request.images += [_data_url(p["image_url"]["url"]) for p in parts if p.get("type") == "image_url"]
        elif message["role"] == "assistant":
            request.tool_result = None
    return request


def read_anthropic(body: dict) -> Request:
    system = body.get("system") or ""
    request = Request(system=system if isinstance(system, str) else " ".join(b.get("text", "") for b in system))
    request.words = _words(request.system)
    request.stop = body.get("stop_sequences") or []
    request.max_tokens = body.get("max_tokens")
    request.wants_json = bool((body.get("output_config") or {}).get("format")) or "JSON" in request.system
    request.tools = [t["name"] for t in body.get("tools") or []]
    for message in body.get("messages") or []:
        content = message.get("content")
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
        for block in blocks:
            if block.get("type") == "tool_result":
                inner = block.get("content")
                request.tool_result = inner if isinstance(inner, str) else " ".join(b.get("text", "") for b in inner or [])
                request.words += _words(request.tool_result)
            elif block.get("type") == "text":
                request.words += _words(block.get("text", ""))
                if message["role"] == "user" and block.get("text"):
                    request.last_user, request.tool_result = block["text"], None
            elif block.get("type") == "image" and block.get("source", {}).get("type") == "base64":
                request.images.append(f"{block['source']['media_type']}:{len(block['source']['data'])}")
        if message["role"] == "assistant":
            request.tool_result = None
    return request


def answer(request: Request) -> Answer:
    calls: list[tuple[str, str, str]] = []
    finish, stop_sequence = "stop", None
    tag = request.last_user
    if request.tool_result is not None:
        text = "result: " + request.tool_result
    elif "[tools2]" in tag or "[tool]" in tag:
        count = 2 if "[tools2]" in tag else 1
        name = (request.tools or ["missing_tool"])[0]
        calls = [(f"call_{n + 1}", name, json.dumps(TOOL_ARGUMENTS[n])) for n in range(count)]
        text, finish = "", "tool_calls"
    elif "[json]" in tag:
        text = '{"answer": 42, "ok": true}' if request.wants_json else "no JSON was asked for"
    elif "[stop]" in tag:
        text = STOP_TEXT
        hits = [(STOP_TEXT.index(s), s) for s in request.stop if s and s in STOP_TEXT]
        if hits:
            index, stop_sequence = min(hits)
            text, finish = STOP_TEXT[:index], "stop_sequence"
    elif "[long]" in tag:
        text = LONG_TEXT
    elif "[system]" in tag:
        text = "system said: " + request.system
    elif "[image]" in tag:
        text = "images: " + ", ".join(request.images)
    else:
        text = "echo: " + tag
    pieces = re.findall(r"\s*\S+", text) if text else []
    if request.max_tokens is not None and len(pieces) > request.max_tokens:
        pieces, finish = pieces[: request.max_tokens], "length"
        text = "".join(pieces)
    return Answer("".join(pieces), calls, finish, stop_sequence, request.words + 3, pieces)


# -- rendering ---------------------------------------------------------------------------------------

OPENAI_FINISH = {"stop": "stop", "stop_sequence": "stop", "length": "length", "tool_calls": "tool_calls"}
ANTHROPIC_STOP = {"stop": "end_turn", "stop_sequence": "stop_sequence", "length": "max_tokens", "tool_calls": "tool_use"}


def openai_usage(result: Answer) -> dict:
    return {
        "prompt_tokens": result.input_tokens, "completion_tokens": result.output_tokens,
        "total_tokens": result.input_tokens + result.output_tokens, "prompt_tokens_details": {"cached_tokens": CACHE_READ},
    }


def anthropic_usage(result: Answer) -> dict:
    return {
        "input_tokens": result.input_tokens - CACHE_READ - CACHE_WRITE, "output_tokens": result.output_tokens,
        "cache_read_input_tokens": CACHE_READ, "cache_creation_input_tokens": CACHE_WRITE,
    }


def openai_completion(result: Answer, model: str) -> dict:
    message: dict[str, Any] = {"role": "assistant", "content": result.text or None}
    if result.calls:
        message["tool_calls"] = [{"id": i, "type": "function", "function": {"name": n, "arguments": a}} for i, n, a in result.calls]
    return {
        "id": "chatcmpl-dialects", "object": "chat.completion", "created": 1_700_000_000, "model": model,
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": OPENAI_FINISH[result.finish]}],
        "usage": openai_usage(result),
    }


def anthropic_message(result: Answer, model: str) -> dict:
    content: list[dict] = [{"type": "text", "text": result.text}] if result.text or not result.calls else []
    content += [{"type": "tool_use", "id": i.replace("call_", "toolu_"), "name": n, "input": json.loads(a)} for i, n, a in result.calls]
    return {
        "id": "msg_dialects", "type": "message", "role": "assistant", "model": model, "content": content,
        "stop_reason": ANTHROPIC_STOP[result.finish], "stop_sequence": result.stop_sequence, "usage": anthropic_usage(result),
    }


def _fragments(arguments: str) -> list[str]:
    """Tool arguments cut into three pieces, as models stream them."""
    third = max(1, len(arguments) // 3)
    return [arguments[:third], arguments[third : 2 * third], arguments[2 * third :]]


def openai_chunks(result: Answer, model: str, include_usage: bool) -> list[Any]:
    head = {"id": "chatcmpl-dialects", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": model}

    def chunk(delta: dict, finish: str | None = None) -> dict:
        return {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    chunks = [chunk({"role": "assistant", "content": ""})]
    chunks += [chunk({"content": piece}) for piece in result.pieces]
    for index, (call_id, name, arguments) in enumerate(result.calls):
        chunks.append(chunk({"tool_calls": [{"index": index, "id": call_id, "type": "function", "function": {"name": name, "arguments": ""}}]}))
        chunks += [chunk({"tool_calls": [{"index": index, "function": {"arguments": f}}]}) for f in _fragments(arguments)]
    chunks.append(chunk({}, OPENAI_FINISH[result.finish]))
    if include_usage:
        chunks.append({**head, "choices": [], "usage": openai_usage(result)})
    return chunks + ["[DONE]"]


def anthropic_events(result: Answer, model: str) -> list[dict]:
    usage = anthropic_usage(result)
    start_usage = {**usage, "output_tokens": 1}
    events = [
        {"type": "message_start", "message": {"id": "msg_dialects", "type": "message", "role": "assistant", "model": model,
                                              "content": [], "stop_reason": None, "stop_sequence": None, "usage": start_usage}},
        {"type": "ping"},
    ]
    index = 0
    if result.text or not result.calls:
        events.append({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})
        events += [{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}} for p in result.pieces]
        events.append({"type": "content_block_stop", "index": 0})
        index = 1
    for call_id, name, arguments in result.calls:
        block = {"type": "tool_use", "id": call_id.replace("call_", "toolu_"), "name": name, "input": {}}
        events.append({"type": "content_block_start", "index": index, "content_block": block})
        events += [{"type": "content_block_delta", "index": index, "delta": {"type": "input_json_delta", "partial_json": f}} for f in _fragments(arguments)]
        events.append({"type": "content_block_stop", "index": index})
        index += 1
    events.append({"type": "message_delta", "delta": {"stop_reason": ANTHROPIC_STOP[result.finish], "stop_sequence": result.stop_sequence},
                   "usage": {"output_tokens": result.output_tokens}})
    events.append({"type": "message_stop"})
    return events


# -- server ------------------------------------------------------------------------------------------


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeDialects:
    server: ThreadingHTTPServer
    thread: threading.Thread
    slow_seconds: float
    requests: list[Recorded] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def find(self, marker: str) -> list[Recorded]:
        with self.lock:
            return [r for r in self.requests if marker in json.dumps(r.body)]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def _make_handler(fake: FakeDialects):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # answers leave at once, not after a delayed ACK

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

        def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, frames: list[bytes]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for frame in frames:
                self.wfile.write(f"{len(frame):x}\r\n".encode() + frame + b"\r\n")
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")

        def _error(self, anthropic: bool, status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> None:
            body = {"type": "error", "error": {"type": kind, "message": message}} if anthropic else {"error": {"message": message, "type": kind}}
            self._send(status, body, headers)

        def _embeddings(self, body: dict) -> None:
            """One 3-float vector per input; usage counts words (and token ids), omitted for `nousage` models."""
            inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
            tokens = sum(len(item) if isinstance(item, list) else _words(str(item)) for item in inputs)
            reply: dict[str, Any] = {
                "object": "list", "model": body["model"],
                "data": [{"object": "embedding", "index": i, "embedding": [0.1 * i, 0.5, -0.25]} for i in range(len(inputs))],
            }
            if "nousage" not in body["model"]:
                reply["usage"] = {"prompt_tokens": tokens, "total_tokens": tokens}
            self._send(200, reply)

        def do_POST(self) -> None:  # noqa: N802
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json.loads(raw)
            path = self.path.rstrip("/")
            with fake.lock:
                fake.requests.append(Recorded(path, {k.lower(): v for k, v in self.headers.items()}, body))
            if path == "/v1/embeddings":
                self._embeddings(body)
                return
            anthropic = path == "/v1/messages"
            if not anthropic and path != "/v1/chat/completions":
                self._error(False, 404, "invalid_request_error", "no such route")
                return
            model = body.get("model", "")
            try:
                if "error500" in model:
                    self._error(anthropic, 500, "api_error" if anthropic else "server_error", "the fake upstream exploded")
                    return
                if "ratelimit" in model:
                    self._error(anthropic, 429, "rate_limit_error", "slow down", {"Retry-After": RETRY_AFTER})
                    return
                if "slow" in model:
                    time.sleep(fake.slow_seconds)
                result = answer(read_anthropic(body) if anthropic else read_openai(body))
                if not body.get("stream"):
                    self._send(200, anthropic_message(result, model) if anthropic else openai_completion(result, model))
                elif anthropic:
                    self._stream([f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in anthropic_events(result, model)])
                else:
                    include_usage = (body.get("stream_options") or {}).get("include_usage") is True
                    chunks = openai_chunks(result, model, include_usage)
                    self._stream([f"data: {c if isinstance(c, str) else json.dumps(c)}\n\n".encode() for c in chunks])
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    return Handler


class QuietServer(ThreadingHTTPServer):
    """Does not print the connection resets of requests the gateway gave up on (timeouts)."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


def start(slow_seconds: float = 3.0) -> FakeDialects:
    """Starts the fake on a free port of 127.0.0.1."""
    server = QuietServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="fake-dialects", daemon=True)
    fake = FakeDialects(server=server, thread=thread, slow_seconds=slow_seconds)
    server.RequestHandlerClass = _make_handler(fake)
    thread.start()
    return fake
