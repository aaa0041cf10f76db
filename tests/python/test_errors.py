"""Errors as the official SDK sees them: exception classes, statuses, OpenAI error codes and params."""

from __future__ import annotations

import json
import time

import openai
import pytest

import fake_upstream
import raw_http
from conftest import (
    BODY_LIMIT_BYTES, FAKE_MODELS, FIRST_BYTE_TIMEOUT_SECONDS, SIM_MAX_OUTPUT, SIM_MODELS, SLOW_UPSTREAM_SECONDS,
)

SIM = "sim-small"
USER = [{"role": "user", "content": "hello"}]


# -- authentication --------------------------------------------------------------------------------


def test_missing_key_is_401(client: openai.OpenAI) -> None:
    with pytest.raises(openai.AuthenticationError) as caught:
        client.chat.completions.create(model=SIM, messages=USER, extra_headers={"Authorization": openai.Omit()})
    assert caught.value.status_code == 401
    assert caught.value.code == "missing_api_key"
    assert caught.value.type == "authentication_error"


def test_wrong_key_is_401_and_not_echoed(gateway) -> None:
    wrong = "sk-wrong-" + "x" * 30 + "tail"
    with gateway.client(api_key=wrong) as sdk:
        with pytest.raises(openai.AuthenticationError) as caught:
            sdk.chat.completions.create(model=SIM, messages=USER)
    assert caught.value.status_code == 401
    assert caught.value.code == "invalid_api_key"
    assert wrong not in caught.value.message, "the presented key is redacted in the error message"


def test_models_list_needs_the_key(gateway) -> None:
    with gateway.client(api_key="sk-not-the-master-key-000000") as sdk:
        with pytest.raises(openai.AuthenticationError) as caught:
            sdk.models.list()
    assert caught.value.status_code == 401
    assert caught.value.code == "invalid_api_key"


def test_key_is_checked_before_the_body(gateway) -> None:
    response = raw_http.request(gateway.base_url, "POST", "/v1/chat/completions", body=b"{not json")
    assert response.status == 401
    assert response.error()["code"] == "missing_api_key"


# -- unknown model ---------------------------------------------------------------------------------


def test_unknown_model_is_404_listing_known_ids(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="no-such-model-xyz", messages=USER)
    error = caught.value
    assert error.status_code == 404
    assert error.code == "model_not_found"
    assert error.param == "model"
    assert "no-such-model-xyz" in error.message
    known = set(SIM_MODELS) | set(FAKE_MODELS)
    assert any(model_id in error.message for model_id in known), f"the message lists known ids: {error.message}"


# -- bad input through the SDK ---------------------------------------------------------------------

BAD_INPUT = [
    pytest.param({"messages": openai.NOT_GIVEN}, "missing_required_parameter", "messages", id="missing-messages"),
    pytest.param({"model": openai.NOT_GIVEN}, "missing_required_parameter", "model", id="missing-model"),
    pytest.param({"messages": [{"content": "hi"}]}, "missing_required_parameter", "messages[0].role", id="missing-role"),
    pytest.param({"messages": []}, "invalid_value", "messages", id="empty-messages"),
    pytest.param({"extra_body": {"messages": "hello"}}, "invalid_type", "messages", id="messages-not-array"),
    pytest.param({"temperature": "hot"}, "invalid_type", "temperature", id="temperature-string"),
    pytest.param({"temperature": 5}, "invalid_value", "temperature", id="temperature-out-of-range"),
    pytest.param({"top_p": 1.5}, "invalid_value", "top_p", id="top-p-out-of-range"),
    pytest.param({"max_tokens": 0}, "invalid_value", "max_tokens", id="max-tokens-zero"),
    pytest.param({"max_tokens": SIM_MAX_OUTPUT + 1}, "invalid_value", "max_tokens", id="max-tokens-over-model-limit"),
    pytest.param({"stop": ["a", "b", "c", "d", "e"]}, "invalid_value", "stop", id="too-many-stops"),
    pytest.param({"extra_body": {"stream": "yes"}}, "invalid_type", "stream", id="stream-string"),
]


@pytest.mark.parametrize(("overrides", "code", "param"), BAD_INPUT)
def test_bad_input_is_400_naming_the_field(client: openai.OpenAI, overrides: dict, code: str, param: str) -> None:
    arguments = {"model": SIM, "messages": USER, **overrides}
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(**arguments)
    error = caught.value
    assert error.status_code == 400
    assert error.type == "invalid_request_error"
    assert (error.code, error.param) == (code, param), error.message


# -- bodies the SDK cannot send --------------------------------------------------------------------


def _auth(gateway) -> dict[str, str]:
    return {"Authorization": f"Bearer {gateway.api_key}", "Content-Type": "application/json"}


@pytest.mark.parametrize("body", [b'{"model": "sim-small", "messages": [', b"not json at all", b""], ids=["truncated", "text", "empty"])
def test_malformed_json_is_400(gateway, body: bytes) -> None:
    response = raw_http.request(gateway.base_url, "POST", "/v1/chat/completions", body=body, headers=_auth(gateway))
    assert response.status == 400
    error = response.error()
    assert error["type"] == "invalid_request_error"
    assert error["code"] == "invalid_json"
    assert response.headers.get("x-request-id")


def _padded_request(total_bytes: int) -> bytes:
    """A valid chat request padded with JSON whitespace to exactly `total_bytes`."""
    core = json.dumps({"model": SIM, "messages": USER}).encode()
    assert total_bytes >= len(core)
    return core[:-1] + b" " * (total_bytes - len(core)) + b"}"


def test_body_just_under_the_limit_is_accepted(gateway) -> None:
    body = _padded_request(BODY_LIMIT_BYTES - 16)
    response = raw_http.request(gateway.base_url, "POST", "/v1/chat/completions", body=body, headers=_auth(gateway))
    assert response.status == 200, response.body[:500]
    assert response.json()["object"] == "chat.completion"


def test_body_over_the_limit_is_413(gateway) -> None:
    body = _padded_request(BODY_LIMIT_BYTES * 4)
    response = raw_http.request(gateway.base_url, "POST", "/v1/chat/completions", body=body, headers=_auth(gateway))
    assert response.status == 413
    error = response.error()
    assert error["code"] == "request_too_large"
    assert str(BODY_LIMIT_BYTES) in error["message"]


def test_announced_length_over_the_limit_is_413_before_the_body(gateway) -> None:
    response = raw_http.post_announcing_length(gateway.base_url, "/v1/chat/completions", BODY_LIMIT_BYTES * 64, _auth(gateway))
    assert response.status == 413
    assert response.error()["code"] == "request_too_large"


def test_chunked_body_over_the_limit_is_413(gateway) -> None:
    body = _padded_request(BODY_LIMIT_BYTES * 2)
    response = raw_http.post_chunked(gateway.base_url, "/v1/chat/completions", body, _auth(gateway))
    assert response.status == 413
    assert response.error()["code"] == "request_too_large"


def test_unknown_route_is_openai_shaped_404(gateway) -> None:
    response = raw_http.request(gateway.base_url, "GET", "/v1/nothing-here", headers=_auth(gateway))
    assert response.status == 404
    assert response.error()["type"]


# -- upstream failures -----------------------------------------------------------------------------

UPSTREAM_FAILURES = [
    pytest.param("up-error500", openai.InternalServerError, 502, "upstream_error", id="error500"),
    pytest.param("up-garbage", openai.InternalServerError, 502, "upstream_bad_response", id="garbage"),
    pytest.param("up-slow", openai.InternalServerError, 504, "upstream_timeout", id="slow"),
    pytest.param("up-ratelimit", openai.RateLimitError, 429, "rate_limit_exceeded", id="ratelimit"),
]


@pytest.mark.parametrize("stream", [False, True], ids=["json", "sse"])
@pytest.mark.parametrize(("model", "exception", "status", "code"), UPSTREAM_FAILURES)
def test_upstream_failure_maps_to_status(
    client: openai.OpenAI, fake, marker: str, model: str, exception: type, status: int, code: str, stream: bool,
) -> None:
    started = time.monotonic()
    with pytest.raises(exception) as caught:
        result = client.chat.completions.create(model=model, messages=[{"role": "user", "content": marker}], stream=stream)
        list(result)  # a stream that somehow started must still fail
    elapsed = time.monotonic() - started

    error = caught.value
    assert isinstance(error, openai.APIStatusError)
    assert error.status_code == status
    assert error.code == code
    assert error.response.headers.get("x-request-id")
    assert fake.find(marker), "the request reached the fake upstream"
    if model == "up-ratelimit":
        assert error.response.headers.get("retry-after") == fake_upstream.RATE_LIMIT_RETRY_AFTER
    if model == "up-slow":
        assert FIRST_BYTE_TIMEOUT_SECONDS * 0.9 <= elapsed < SLOW_UPSTREAM_SECONDS, (
            f"the gateway's first_byte timeout ({FIRST_BYTE_TIMEOUT_SECONDS}s) should fire, took {elapsed:.2f}s"
        )


@pytest.mark.parametrize("stream", [False, True], ids=["json", "sse"])
def test_slow_upstream_times_out_on_its_own_deadline_after_a_fast_request_on_the_same_connection(
    gateway, marker: str, stream: bool,
) -> None:
    """The fast lane keeps one deadline timer per client connection, set for the first request and
    moved only when a later one is due sooner. A slow request after a fast one on the same keep-alive
    connection must time out at its own first-byte deadline: not at the earlier request's (too soon),
    and not never (the timer fired early and was not set again)."""
    gap = FIRST_BYTE_TIMEOUT_SECONDS / 2
    with gateway.client() as client:
        fast = client.chat.completions.with_raw_response.create(model="up-normal", messages=[{"role": "user", "content": marker}])
        assert fast.http_response.status_code == 200
        time.sleep(gap)  # not a wait for anything: puts the slow request's deadline `gap` after the fast one's
        started = time.monotonic()
        with pytest.raises(openai.InternalServerError) as caught:
            list(client.chat.completions.create(model="up-slow-keepalive", messages=[{"role": "user", "content": marker + " slow"}], stream=stream))
        elapsed = time.monotonic() - started
    assert caught.value.status_code == 504
    assert caught.value.code == "upstream_timeout"
    assert elapsed < SLOW_UPSTREAM_SECONDS, f"the slow request should have timed out, took {elapsed:.2f}s"
    # The first attempt's own line (the full path may try once more): its latency is the deadline's.
    request_id = caught.value.response.headers["x-request-id"]
    timeouts = _settled_lines(gateway, request_id, error="upstream_timeout")
    assert timeouts, f"no settled line for {request_id}"
    first = min(int(line["latency_ms"]) for line in timeouts)
    assert first >= FIRST_BYTE_TIMEOUT_SECONDS * 900, f"the first attempt timed out after {first} ms, before its own deadline"


def test_a_request_the_fast_lane_hands_over_keeps_one_trace_across_both_paths(gateway, marker: str) -> None:
    """The fast lane's failed first attempt and the full path's retries, and the request's own line,
    all carry the same trace id: the full path joins the trace the fast lane started."""
    request_id = "handover-" + marker
    with gateway.client() as client, pytest.raises(openai.InternalServerError) as caught:
        client.chat.completions.create(
            model="up-error500-handover", messages=[{"role": "user", "content": marker}], extra_headers={"x-request-id": request_id},
        )
    assert caught.value.status_code == 502
    deadline = time.monotonic() + 5
    while True:  # the request's own line is written last; poll until it is out
        lines = [json.loads(line) for line in gateway.log().splitlines() if line.startswith("{") and request_id in line]
        if any(line.get("message") == "request" for line in lines) or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    settled = [line for line in lines if line.get("message") == "request settled"]
    assert len(settled) >= 2, f"expected the fast lane's attempt and the full path's, got {settled}"
    assert any(line.get("message") == "request" for line in lines), lines
    trace_ids = {line.get("trace_id") for line in lines}
    assert len(trace_ids) == 1 and None not in trace_ids, f"one trace expected, got {trace_ids}"


def _settled_lines(gateway, request_id: str, error: str) -> list[dict]:
    """The `request settled` log lines of `request_id` with `error`, once written (lines go out in
    batches a few milliseconds apart; this polls the log for them, up to five seconds)."""
    deadline = time.monotonic() + 5
    while True:
        lines = [json.loads(line) for line in gateway.log().splitlines() if line.startswith("{") and request_id in line]
        found = [line for line in lines if line.get("message") == "request settled" and line.get("error") == error]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


def _cut_stream(client: openai.OpenAI, marker: str) -> tuple[str, BaseException | None, list[str]]:
    prompt = f"one two three four {marker}"
    text = ""
    raised = None
    try:
        for chunk in client.chat.completions.create(model="up-cut", messages=[{"role": "user", "content": prompt}], stream=True):
            text += "".join(choice.delta.content or "" for choice in chunk.choices)
    except openai.APIError as error:
        raised = error
    pieces = fake_upstream.answer_pieces(fake_upstream.answer_text({"messages": [{"role": "user", "content": prompt}]}))
    return text, raised, pieces


def test_cut_stream_fails_after_partial_text_and_gateway_survives(client: openai.OpenAI, marker: str) -> None:
    text, raised, pieces = _cut_stream(client, marker)

    assert raised is not None, "a stream cut by the upstream must not look like a complete answer"
    assert text == "".join(pieces[:2]), "the two chunks sent before the cut reach the client"
    # The gateway is still alive and serving, upstream and simulator alike.
    after = client.chat.completions.create(model="up-normal", messages=[{"role": "user", "content": f"after cut {marker}"}])
    assert after.choices[0].message.content == f"echo: after cut {marker}"
    assert client.chat.completions.create(model=SIM, messages=USER).choices[0].message.content


def test_cut_stream_error_event_says_bad_upstream_response(client: openai.OpenAI, marker: str) -> None:
    _, raised, _ = _cut_stream(client, marker)
    assert isinstance(raised, openai.APIError)
    assert raised.code == "upstream_bad_response", f"got code {raised.code!r}: {raised.message}"


def test_cut_non_streamed_response_is_502(client: openai.OpenAI, marker: str) -> None:
    with pytest.raises(openai.InternalServerError) as caught:
        client.chat.completions.create(model="up-cut", messages=[{"role": "user", "content": marker}])
    assert (caught.value.status_code, caught.value.code) == (502, "upstream_bad_response"), caught.value.message
    after = client.chat.completions.create(model="up-normal", messages=[{"role": "user", "content": f"after {marker}"}])
    assert after.choices[0].message.content == f"echo: after {marker}"
