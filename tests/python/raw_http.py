"""Raw HTTP against the gateway (stdlib `http.client`), for what the SDK cannot send: broken JSON,
oversized or chunked bodies, requests without a body."""

from __future__ import annotations

import http.client
import io
import json
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

TIMEOUT_SECONDS = 20


@dataclass
class RawResponse:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def error(self) -> dict:
        """The OpenAI error object, checking the envelope has exactly OpenAI's four fields."""
        payload = self.json()
        assert set(payload) == {"error"}, payload
        error = payload["error"]
        assert set(error) == {"message", "type", "param", "code"}, error
        return error


def _connection(base_url: str) -> http.client.HTTPConnection:
    parts = urlsplit(base_url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)


def _read(connection: http.client.HTTPConnection) -> RawResponse:
    response = connection.getresponse()
    return RawResponse(response.status, response.headers, response.read())


def request(base_url: str, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> RawResponse:
    """One request with a Content-Length body (or none)."""
    connection = _connection(base_url)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        return _read(connection)
    finally:
        connection.close()


def post_announcing_length(base_url: str, path: str, length: int, headers: dict[str, str]) -> RawResponse:
    """Sends only the head of a POST that announces `length` body bytes, then waits for the answer.

    A gateway that checks Content-Length against its limit answers without reading the body.
    """
    connection = _connection(base_url)
    try:
        connection.putrequest("POST", path)
        for name, value in {**headers, "Content-Type": "application/json", "Content-Length": str(length)}.items():
            connection.putheader(name, value)
        connection.endheaders()
        return _read(connection)
    finally:
        connection.close()


def post_chunked(base_url: str, path: str, body: bytes, headers: dict[str, str], chunk_size: int = 4096) -> RawResponse:
    """A POST whose body has no Content-Length: it arrives in chunked transfer encoding."""
    connection = _connection(base_url)
    try:
        connection.putrequest("POST", path)
        for name, value in {**headers, "Content-Type": "application/json", "Transfer-Encoding": "chunked"}.items():
            connection.putheader(name, value)
        connection.endheaders()
        try:
            for start in range(0, len(body), chunk_size):
                piece = body[start:start + chunk_size]
                connection.send(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            connection.send(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the gateway may answer and hang up before taking the whole body; its answer is still readable
        return _read(connection)
    finally:
        connection.close()


def pipelined(base_url: str, requests: list[bytes]) -> list[RawResponse]:
    """Sends every request at once on one connection (HTTP/1.1 pipelining), then reads one
    response per request, in order: Content-Length or chunked bodies."""
    parts = urlsplit(base_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT_SECONDS) as sock:
        sock.sendall(b"".join(requests))
        stream = sock.makefile("rb")
        return [_read_one(stream) for _ in requests]


def dribbled(base_url: str, data: bytes, piece: int) -> list[RawResponse]:
    """Sends `data` (whole requests, one after another) in writes of `piece` bytes on one
    connection with Nagle off, then reads one response per request line sent."""
    parts = urlsplit(base_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT_SECONDS) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for start in range(0, len(data), piece):
            sock.sendall(data[start:start + piece])
        stream = sock.makefile("rb")
        return [_read_one(stream) for _ in range(data.count(b" HTTP/1.1\r\n"))]


def _read_one(stream: Any) -> RawResponse:
    status_line = stream.readline()
    assert status_line.startswith(b"HTTP/1.1 "), status_line
    head = b""
    while (line := stream.readline()) not in (b"\r\n", b""):
        head += line
    headers = http.client.parse_headers(io.BytesIO(head + b"\r\n"))
    if headers.get("Transfer-Encoding", "").lower() == "chunked":
        body = b""
        while size := int(stream.readline().strip(), 16):
            body += stream.read(size)
            assert stream.read(2) == b"\r\n"
        assert stream.readline() == b"\r\n"
    else:
        body = stream.read(int(headers.get("Content-Length", "0")))
    return RawResponse(int(status_line.split()[1]), headers, body)
