"""Response headers: request id echo and the x-switchyard-* headers, read through the SDK's raw responses."""

from __future__ import annotations

import re
import time

import openai
import pytest

from conftest import FAKE_PROVIDER, SIMULATOR_PROVIDER

GENERATED_ID = re.compile(r"^req_[0-9a-f]{24}$")


@pytest.mark.parametrize(("model", "provider"), [("sim-small", SIMULATOR_PROVIDER), ("up-normal", FAKE_PROVIDER)])
def test_raw_response_headers(client: openai.OpenAI, marker: str, model: str, provider: str) -> None:
    request_id = f"client-{marker}"
    started = time.monotonic()
    raw = client.chat.completions.with_raw_response.create(
        model=model, messages=[{"role": "user", "content": marker}], extra_headers={"x-request-id": request_id},
    )
    elapsed_us = (time.monotonic() - started) * 1_000_000

    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == request_id
    assert raw.headers["x-switchyard-model"] == model
    assert raw.headers["x-switchyard-provider"] == provider
    overhead = int(raw.headers["x-switchyard-overhead-us"])
    assert 0 <= overhead <= elapsed_us, "the gateway's own time cannot exceed the whole round trip"
    assert raw.headers["content-type"].startswith("application/json")
    completion = raw.parse()
    assert completion.model == model
    assert completion.choices[0].message.content


@pytest.mark.parametrize("model", ["sim-small", "up-normal"])  # the full path and the fast lane
def test_generated_request_id_when_client_sends_none(client: openai.OpenAI, model: str) -> None:
    before_ms = int(time.time() * 1000)
    first = client.chat.completions.with_raw_response.create(model=model, messages=[{"role": "user", "content": "a"}])
    second = client.chat.completions.with_raw_response.create(model=model, messages=[{"role": "user", "content": "a"}])
    after_ms = int(time.time() * 1000)
    ids = [first.headers["x-request-id"], second.headers["x-request-id"]]
    for request_id in ids:
        assert GENERATED_ID.match(request_id), request_id
        # The first 12 digits are the Unix time in milliseconds, so ids sort by arrival.
        assert before_ms <= int(request_id[4:16], 16) <= after_ms, request_id
    assert ids[0] != ids[1]
    assert ids[0][:16] <= ids[1][:16]


def test_unprintable_request_id_is_replaced(client: openai.OpenAI) -> None:
    raw = client.chat.completions.with_raw_response.create(
        model="sim-small", messages=[{"role": "user", "content": "a"}], extra_headers={"x-request-id": "x" * 200},
    )
    assert GENERATED_ID.match(raw.headers["x-request-id"]), "an over-long id is not echoed"


@pytest.mark.parametrize(("model", "provider"), [("sim-small", SIMULATOR_PROVIDER), ("up-normal", FAKE_PROVIDER)])
def test_streaming_response_headers(client: openai.OpenAI, marker: str, model: str, provider: str) -> None:
    request_id = f"stream-{marker}"
    with client.chat.completions.with_streaming_response.create(
        model=model, messages=[{"role": "user", "content": marker}], stream=True, extra_headers={"x-request-id": request_id},
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["x-request-id"] == request_id
        assert response.headers["x-switchyard-model"] == model
        assert response.headers["x-switchyard-provider"] == provider
        assert int(response.headers["x-switchyard-overhead-us"]) >= 0
        lines = [line for line in response.iter_lines() if line]
    assert lines[-1] == "data: [DONE]"


def test_error_responses_carry_the_request_id(client: openai.OpenAI, marker: str) -> None:
    request_id = f"err-{marker}"
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(
            model="missing-model", messages=[{"role": "user", "content": "a"}], extra_headers={"x-request-id": request_id},
        )
    assert caught.value.request_id == request_id
    assert caught.value.response.headers["content-type"].startswith("application/json")
