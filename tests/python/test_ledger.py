"""The usage ledger: a row per attempt in the data directory's SQLite file, flushed on SIGTERM,
never holding prompt or completion text."""

from __future__ import annotations

import secrets
import signal
import sqlite3
from pathlib import Path

import openai
import pytest

from conftest import start_gateway


def test_every_attempt_is_a_row_flushed_on_sigterm_without_prompt_text(fake, tmp_path: Path) -> None:
    process, match, api_key, _, log_path, log_file, _ = start_gateway(tmp_path, fake.base_url)
    base_url = match.group(1)
    marker = "PROMPT-MARKER-" + secrets.token_hex(6)
    client = openai.OpenAI(base_url=base_url + "/v1", api_key=api_key, max_retries=0)
    expected_output_tokens = 0
    attempts = 0
    try:
        for index in range(12):
            messages = [{"role": "user", "content": f"{marker} question {index}"}]
            if index % 3 == 0:
                chunks = list(client.chat.completions.create(model="sim-small", messages=messages, stream=True, stream_options={"include_usage": True}))
                expected_output_tokens += chunks[-1].usage.completion_tokens
            elif index % 3 == 1:
                expected_output_tokens += client.chat.completions.create(model="up-normal", messages=messages).usage.completion_tokens
            else:
                with pytest.raises(openai.APIStatusError):
                    client.chat.completions.create(model="up-error500", messages=messages)
            if index % 3 != 2:
                attempts += 1
        # Rejected before any upstream is called: not an attempt, no row.
        with pytest.raises(openai.NotFoundError):
            client.chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": marker}])
    finally:
        process.send_signal(signal.SIGTERM)
        exit_code = process.wait(timeout=30)
        log_file.close()

    assert exit_code == 0
    # Failing requests are retried, until the deployment's breaker opens: each call that reached
    # the upstream is one attempt.
    upstream_failures = [r for r in fake.find(marker) if r.body.get("model") == "fake-error500"]
    assert len(upstream_failures) >= 4
    attempts += len(upstream_failures)
    database = tmp_path / "data" / "ledger.sqlite"
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT status, output_tokens, cost_picodollars, served_model FROM usage_ledger").fetchall()
    assert len(rows) == attempts
    assert sorted({row[0] for row in rows}) == [200, 502]
    assert sum(row[1] for row in rows if row[0] == 200) == expected_output_tokens
    assert all(row[2] > 0 for row in rows if row[0] == 200)
    for path in [*database.parent.glob("ledger.sqlite*"), log_path]:
        assert marker.encode() not in path.read_bytes(), f"prompt text found in {path.name}"
