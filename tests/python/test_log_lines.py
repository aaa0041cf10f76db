"""Log lines: each request and each settled attempt reaches stderr as one JSON line. Info lines
are written in batches, so this checks that none is lost or reordered, up to the SIGTERM exit."""

from __future__ import annotations

import json
import signal
from pathlib import Path

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
