"""The official SDK through the gateway to an OpenAI-compatible upstream (the fake), same dialect: fast path."""

from __future__ import annotations

import json

import openai

import fake_upstream
import raw_http
from conftest import FAKE_MODELS

MODEL = "up-normal"
UPSTREAM_MODEL = FAKE_MODELS[MODEL]


def _only_request(fake: fake_upstream.FakeUpstream, marker: str) -> fake_upstream.RecordedRequest:
    found = fake.find(marker)
    assert len(found) == 1, f"expected exactly one upstream request carrying {marker}, got {len(found)}"
    return found[0]


def test_non_streamed_through_upstream(client: openai.OpenAI, fake, marker: str) -> None:
    prompt = f"hello upstream {marker}"
    completion = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": prompt}], temperature=0.25,
    )

    sent = _only_request(fake, marker)
    assert sent.path == "/v1/chat/completions"
    assert sent.body["model"] == UPSTREAM_MODEL, "the gateway sends the configured upstream name"
    assert sent.body["messages"] == [{"role": "user", "content": prompt}]
    assert sent.body["temperature"] == 0.25
    assert "stream_options" not in sent.body

    expected_text = fake_upstream.answer_text(sent.body)
    assert completion.choices[0].message.content == expected_text
    assert completion.model == MODEL, "the client sees its own model id, not the upstream's"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage.prompt_tokens == fake_upstream.prompt_tokens(sent.body)
    assert completion.usage.completion_tokens == len(fake_upstream.answer_pieces(expected_text))


def test_upstream_gets_its_own_key_and_the_request_id(gateway, client: openai.OpenAI, fake, marker: str) -> None:
    request_id = "req-test-" + marker
    client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": marker}], extra_headers={"x-request-id": request_id},
    )
    sent = _only_request(fake, marker)
    headers = {name.lower(): value for name, value in sent.headers.items()}
    assert headers.get("authorization") == f"Bearer {gateway.upstream_key}"
    assert gateway.api_key not in " ".join(headers.values()), "the client's gateway key never goes upstream"
    assert headers.get("x-request-id") == request_id


def test_fast_path_keeps_fields_the_gateway_does_not_model(client: openai.OpenAI, fake, marker: str) -> None:
    client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": marker}],
        extra_body={"x_vendor_option": {"beam": [1, 2, 3]}, "logit_bias": {"50256": -100}},
    )
    sent = _only_request(fake, marker)
    assert sent.body["x_vendor_option"] == {"beam": [1, 2, 3]}
    assert sent.body["logit_bias"] == {"50256": -100}


def test_streamed_through_upstream_without_usage(client: openai.OpenAI, fake, marker: str) -> None:
    prompt = f"stream it {marker} please"
    chunks = list(client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": prompt}], stream=True))

    sent = _only_request(fake, marker)
    assert sent.body["model"] == UPSTREAM_MODEL
    assert sent.body["stream"] is True
    assert sent.body["stream_options"] == {"include_usage": True}, "the gateway always asks upstream for usage"

    text = "".join(choice.delta.content or "" for chunk in chunks for choice in chunk.choices)
    assert text == fake_upstream.answer_text(sent.body)
    assert all(chunk.model == MODEL for chunk in chunks)
    assert all(chunk.usage is None for chunk in chunks), "the client did not ask for usage"
    assert [c.finish_reason for chunk in chunks for c in chunk.choices if c.finish_reason] == ["stop"]


def test_streamed_through_upstream_with_usage(client: openai.OpenAI, fake, marker: str) -> None:
    prompt = f"usage too {marker}"
    chunks = list(client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": prompt}], stream=True, stream_options={"include_usage": True},
    ))

    sent = _only_request(fake, marker)
    assert sent.body["stream_options"] == {"include_usage": True}
    expected_text = fake_upstream.answer_text(sent.body)
    text = "".join(choice.delta.content or "" for chunk in chunks for choice in chunk.choices)
    assert text == expected_text
    usage_chunks = [chunk for chunk in chunks if chunk.usage is not None]
    assert len(usage_chunks) == 1 and usage_chunks[0] is chunks[-1]
    assert chunks[-1].choices == []
    assert chunks[-1].usage.prompt_tokens == fake_upstream.prompt_tokens(sent.body)
    assert chunks[-1].usage.completion_tokens == len(fake_upstream.answer_pieces(expected_text))


def test_client_include_usage_false_is_overridden_upstream_but_respected_downstream(client: openai.OpenAI, fake, marker: str) -> None:
    chunks = list(client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": marker}], stream=True, stream_options={"include_usage": False},
    ))
    sent = _only_request(fake, marker)
    assert sent.body["stream_options"] == {"include_usage": True}
    assert chunks and all(chunk.usage is None for chunk in chunks)


def test_stream_and_non_stream_agree_through_upstream(client: openai.OpenAI, marker: str) -> None:
    messages = [{"role": "user", "content": f"same answer {marker} twice"}]
    whole = client.chat.completions.create(model=MODEL, messages=messages)
    chunks = list(client.chat.completions.create(model=MODEL, messages=messages, stream=True))
    text = "".join(choice.delta.content or "" for chunk in chunks for choice in chunk.choices)
    assert text == whole.choices[0].message.content


def test_pipelined_requests_are_answered_in_order_across_both_paths(gateway, marker: str) -> None:
    """Fast-lane answers (JSON, a stream, an upstream error) and router answers (the model list,
    a forced model) on one pipelined connection come back whole and in the order asked."""
    def chat(model: str, stream: bool = False, extra: str = "") -> bytes:
        body = json.dumps({"model": model, "stream": stream, "messages": [{"role": "user", "content": marker}]}).encode()
        return (
            f"POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer {gateway.api_key}\r\n{extra}"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode() + body

    models = f"GET /v1/models HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer {gateway.api_key}\r\n\r\n".encode()
    responses = raw_http.pipelined(gateway.base_url, [
        chat(MODEL), models, chat(MODEL, stream=True), chat("up-error500-pipelined"), chat(MODEL, extra=f"x-switchyard-force-model: {MODEL}\r\n"), chat(MODEL),
    ])
    # The failing upstream's model is this test's alone: its breaker is closed, so the answer is 502.
    assert [r.status for r in responses] == [200, 200, 200, 502, 200, 200]
    assert responses[0].json()["model"] == MODEL and responses[5].json()["model"] == MODEL
    assert MODEL in {entry["id"] for entry in responses[1].json()["data"]}
    assert responses[2].headers["Content-Type"] == "text/event-stream"
    assert responses[2].body.rstrip().endswith(b"data: [DONE]")
    assert responses[3].error()["code"] is not None
    assert responses[4].headers["x-switchyard-route"] == "override"
    assert len({r.headers["x-request-id"] for r in responses}) == len(responses)
    # Both paths send the same standard headers.
    assert all(r.headers["Server"] == "switchyard" and r.headers["Date"].endswith(" GMT") for r in responses)


def _chat_request(gateway, marker: str, extra: str = "", chunked: bool = False) -> bytes:
    body = json.dumps({"model": MODEL, "messages": [{"role": "user", "content": marker}]}).encode()
    if chunked:
        framing, payload = "Transfer-Encoding: chunked\r\n", f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    else:
        framing, payload = f"Content-Length: {len(body)}\r\n", body
    return (
        f"POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer {gateway.api_key}\r\n{extra}"
        f"Content-Type: application/json\r\n{framing}\r\n"
    ).encode() + payload


def test_requests_arriving_in_small_pieces_are_answered_whole(gateway, fake, marker: str) -> None:
    """Heads and bodies split across many reads (7 bytes per write) are put together before they
    are served; two requests back to back, each answered once and in order."""
    data = _chat_request(gateway, marker + "-a", extra="x-request-id: piece-a\r\n") + _chat_request(gateway, marker + "-b", extra="x-request-id: piece-b\r\n")
    responses = raw_http.dribbled(gateway.base_url, data, 7)
    assert [r.status for r in responses] == [200, 200]
    assert [r.headers["x-request-id"] for r in responses] == ["piece-a", "piece-b"]
    assert all(r.json()["model"] == MODEL for r in responses)
    assert len(fake.find(marker + "-a")) == 1 and len(fake.find(marker + "-b")) == 1


def test_a_chunked_request_and_those_after_it_on_the_connection_are_answered(gateway, fake, marker: str) -> None:
    """A chunked upload cannot be framed by the fast lane: the HTTP decoder reads the rest of the
    connection, and every request on it (chunked or not) still gets its answer, in order."""
    responses = raw_http.pipelined(gateway.base_url, [
        _chat_request(gateway, marker + "-c", chunked=True), _chat_request(gateway, marker + "-d"), _chat_request(gateway, marker + "-e", chunked=True),
    ])
    assert [r.status for r in responses] == [200, 200, 200]
    for name in "cde":
        assert len(fake.find(f"{marker}-{name}")) == 1
