"""Log lines: each request and each settled attempt reaches stderr as one JSON line. Info lines
are written in batches, so this checks that none is lost or reordered, up to the SIGTERM exit."""

from __future__ import annotations

import http.client
import json
import signal
from pathlib import Path
from urllib.parse import urlsplit

import openai

from conftest import start_gateway


def test_every_request_and_attempt_line_is_written_by_exit(fake, tmp_path: Path) -> None:
    process, match, api_key, _, log_path, log_file, pump = start_gateway(tmp_path, fake.base_url)
    client = openai.OpenAI(base_url=match.group(1) + "/v1", api_key=api_key, max_retries=0)
    ids = []
    try:
        for index in range(5):
            raw = client.chat.completions.with_raw_response.create(model="up-normal", messages=[{"role": "user", "content": f"hello {index}"}])
            ids.append(raw.headers["x-request-id"])
    finally:
        process.send_signal(signal.SIGTERM)
        exit_code = process.wait(timeout=30)
        pump.join(timeout=5)
        log_file.close()

    assert exit_code == 0
    records = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    requests = [r for r in records if r.get("message") == "request" and r.get("path") == "/v1/chat/completions"]
    settled = [r for r in records if r.get("message") == "request settled"]
    assert [r["request_id"] for r in requests] == ids
    assert [r["request_id"] for r in settled] == ids
    assert all(r["status"] == "200" and r["model"] == "up-normal" for r in requests)
    assert all(int(r["output_tokens"]) > 0 for r in settled)
    # These two lines are made by their callers, the others by the log writer, into one queue:
    # one shape for both, and the order kept (the start line, written first, stays first).
    for record in requests + settled:
        keys = list(record)
        assert keys[:4] == ["ts", "level", "label", "message"] and keys[4:] == sorted(keys[4:]), keys
    started = next(index for index, r in enumerate(records) if r.get("message", "").startswith("Server started"))
    assert started < records.index(requests[0])


def test_a_client_asking_to_close_is_settled_as_served(fake, tmp_path: Path) -> None:
    """`Connection: close` closes the connection after the response, which must not be taken for
    the client leaving mid-response (499)."""
    process, match, api_key, _, log_path, log_file, pump = start_gateway(tmp_path, fake.base_url)
    parts = urlsplit(match.group(1))
    ids = []
    try:
        for stream in (False, True):
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
            body = json.dumps({"model": "up-normal", "messages": [{"role": "user", "content": "close after"}], "stream": stream})
            connection.request("POST", "/v1/chat/completions", body=body, headers={
                "Authorization": f"Bearer {api_key}", "Content-Type": "application/json", "Connection": "close",
            })
            response = connection.getresponse()
            assert response.status == 200
            assert response.read().rstrip().endswith(b"data: [DONE]" if stream else b"}")
            ids.append(response.headers["x-request-id"])
            connection.close()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        pump.join(timeout=5)
        log_file.close()

    records = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    settled = {r["request_id"]: r for r in records if r.get("message") == "request settled"}
    assert [settled[request_id]["status"] for request_id in ids] == ["200", "200"]
