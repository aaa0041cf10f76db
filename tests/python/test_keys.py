"""Stored keys, plans and admission through the real binary, with the official SDK as the client."""

from __future__ import annotations

import secrets
import signal
import sqlite3
import threading
from pathlib import Path

import json
import urllib.request
import openai
import pytest

from conftest import Gateway, start_gateway


def call(base_url: str, key: str, method: str, path: str, body: dict | None = None) -> dict:
    """A JSON call to the gateway (urllib raises for any status but 2xx)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base_url + path, data=data, method=method, headers={
        "authorization": f"Bearer {key}", "content-type": "application/json",
    })
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def admin(base_url: str, master_key: str, method: str, path: str, body: dict | None = None) -> dict:
    return call(base_url, master_key, method, path, body)


def new_key(base_url: str, master_key: str, limits: dict) -> dict:
    account = admin(base_url, master_key, "POST", "/admin/v1/accounts", {"name": "py-" + secrets.token_hex(3)})
    plan = admin(base_url, master_key, "POST", "/admin/v1/plans", {"name": "py-plan", "limits": limits})
    return admin(base_url, master_key, "POST", "/admin/v1/keys", {"account_id": account["id"], "plan_id": plan["id"]})


def test_a_stored_key_works_with_the_sdk_until_revoked(gateway: Gateway, marker: str) -> None:
    key = new_key(gateway.base_url, gateway.api_key, {"rpm": 50, "tpm": 100000, "allowed_models": ["sim-small", "up-normal"]})
    with gateway.client(api_key=key["key"]) as client:
        raw = client.chat.completions.with_raw_response.create(model="up-normal", messages=[{"role": "user", "content": marker}])
        assert raw.parse().choices[0].message.content == f"echo: {marker}"
        assert raw.headers["x-ratelimit-limit-requests"] == "50"
        assert raw.headers["x-ratelimit-remaining-requests"] == "49"
        assert raw.headers["x-ratelimit-limit-tokens"] == "100000"
        assert int(raw.headers["x-ratelimit-remaining-tokens"]) < 100000
        with pytest.raises(openai.PermissionDeniedError) as refused:
            client.chat.completions.create(model="sim-large", messages=[{"role": "user", "content": marker}])
        assert refused.value.code == "model_not_allowed"
        assert marker not in str(refused.value.body)

        admin(gateway.base_url, gateway.api_key, "POST", f"/admin/v1/keys/{key['id']}/revoke")
        with pytest.raises(openai.AuthenticationError) as revoked:
            client.chat.completions.create(model="up-normal", messages=[{"role": "user", "content": marker}])
        assert revoked.value.code == "api_key_revoked"


def test_rate_limit_refusals_are_the_sdks_rate_limit_error(gateway: Gateway, marker: str) -> None:
    key = new_key(gateway.base_url, gateway.api_key, {"rpm": 2})
    with gateway.client(api_key=key["key"]) as client:
        for _ in range(2):
            client.chat.completions.create(model="up-normal", messages=[{"role": "user", "content": marker}])
        with pytest.raises(openai.RateLimitError) as limited:
            client.chat.completions.create(model="up-normal", messages=[{"role": "user", "content": marker}])
    assert limited.value.code == "rate_limit_exceeded"
    assert int(limited.value.response.headers["retry-after"]) >= 1
    assert limited.value.response.headers["x-ratelimit-remaining-requests"] == "0"


def test_a_request_the_fast_lane_hands_over_counts_once_against_the_rate_limit(gateway: Gateway, marker: str) -> None:
    """The fast lane admits a request, its upstream fails (500, retryable) and the full path takes
    it over and admits it again: with one request a minute, that second admission must not find the
    minute used up by the first (a 429 for the client's only request); the request counts once."""
    key = new_key(gateway.base_url, gateway.api_key, {"rpm": 1})
    messages = [{"role": "user", "content": marker}]
    with gateway.client(api_key=key["key"]) as client:
        with pytest.raises(openai.APIStatusError) as failed:
            client.chat.completions.create(model="up-error500-rpm", messages=messages)
        assert failed.value.status_code == 502, failed.value.body  # the upstream's failure, not a refusal
        with pytest.raises(openai.RateLimitError) as limited:
            client.chat.completions.create(model="up-normal", messages=messages)
    assert limited.value.code == "rate_limit_exceeded"


def test_budget_spend_and_keys_survive_a_restart_and_sigterm_flushes_stored_key_rows(fake, tmp_path: Path) -> None:
    process, match, master_key, _, log_path, log_file, _ = start_gateway(tmp_path, fake.base_url)
    base_url = match.group(1)
    marker = "PROMPT-MARKER-" + secrets.token_hex(6)
    prompt = [{"role": "user", "content": f"{marker} tell me more"}]
    try:
        tokens = call(base_url, master_key, "POST", "/v1/tokenize", {"model": "up-normal", "messages": prompt})["tokens"]
        worst = tokens * 1 + 16 * 2  # µ$ at $1 in / $2 out per 1M tokens, max_tokens 16
        budgeted = new_key(base_url, master_key, {"budget_microdollars": 3 * worst, "budget_window": "month"})
        streaming = new_key(base_url, master_key, {})
        with openai.OpenAI(base_url=base_url + "/v1", api_key=budgeted["key"], max_retries=0) as client:
            # Each request reserves its worst case; the fake's answers cost less, so more than three fit.
            succeeded = 0
            for _ in range(40):
                try:
                    client.chat.completions.create(model="up-normal", messages=prompt, max_tokens=16)
                    succeeded += 1
                except openai.RateLimitError as error:
                    assert error.code == "insufficient_quota"
                    assert marker not in str(error.body)
                    break
            else:
                pytest.fail("the budget never ran out")
            assert succeeded >= 3

        # Long streams in flight when SIGTERM arrives: each is drained and gets its row.
        started = threading.Barrier(5)
        finished: list[int] = []

        def stream() -> None:
            with openai.OpenAI(base_url=base_url + "/v1", api_key=streaming["key"], max_retries=0) as client:
                chunks = client.chat.completions.create(model="sim-small", messages=prompt, max_tokens=60, stream=True)
                first = next(iter(chunks))
                assert first is not None
                started.wait(timeout=20)
                finished.append(sum(1 for _ in chunks))

        threads = [threading.Thread(target=stream) for _ in range(4)]
        for thread in threads:
            thread.start()
        started.wait(timeout=20)
        process.send_signal(signal.SIGTERM)
        for thread in threads:
            thread.join(timeout=30)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        log_file.close()

    assert len(finished) == 4, "every stream in flight at SIGTERM ran to its end"
    database = tmp_path / "data" / "ledger.sqlite"
    with sqlite3.connect(database) as connection:
        stream_rows = connection.execute("SELECT status, output_tokens FROM usage_ledger WHERE key_id = ?", (streaming["id"],)).fetchall()
        budget_rows = connection.execute("SELECT cost_microdollars FROM usage_ledger WHERE key_id = ?", (budgeted["id"],)).fetchall()
    assert len(stream_rows) == 4 and all(status == 200 and output > 0 for status, output in stream_rows)
    assert len(budget_rows) == succeeded and sum(row[0] for row in budget_rows) <= 3 * worst
    for path in [*database.parent.glob("ledger.sqlite*"), log_path]:
        assert marker.encode() not in path.read_bytes(), f"prompt text found in {path.name}"

    # A new process on the same data directory knows the keys and what the budget already spent.
    restart_dir = tmp_path / "again"
    restart_dir.mkdir()
    (restart_dir / "data").symlink_to(tmp_path / "data")
    process, match, _, _, _, log_file, _ = start_gateway(restart_dir, fake.base_url)
    try:
        with openai.OpenAI(base_url=match.group(1) + "/v1", api_key=budgeted["key"], max_retries=0) as client:
            with pytest.raises(openai.RateLimitError) as refused:
                client.chat.completions.create(model="up-normal", messages=prompt, max_tokens=16)
            assert refused.value.code == "insufficient_quota"
        with openai.OpenAI(base_url=match.group(1) + "/v1", api_key=streaming["key"], max_retries=0) as client:
            assert client.chat.completions.create(model="up-normal", messages=prompt).choices[0].message.content.startswith("echo:")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log_file.close()
