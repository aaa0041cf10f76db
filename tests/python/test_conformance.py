"""Conformance: the official `openai` and `anthropic` SDKs against the gateway, each through an
OpenAI-compatible and an Anthropic upstream (the two-dialect fake), for every feature row and
every error row. Each cell is a test; the last test prints the matrix and fails on any gap.
"""

from __future__ import annotations

import base64
import json
import secrets
import sqlite3
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import anthropic
import openai
import pytest

import conformance_gateway
import fake_dialects
from conformance_gateway import CLIENTS, UPSTREAMS, conformance, dialects_fake  # noqa: F401 - fixtures
from fake_dialects import CACHE_READ, CACHE_WRITE, TOOL_ARGUMENTS

WEATHER = {"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": "string"}, "days": {"type": "array"}}, "required": ["city"]}
IMAGE = base64.b64encode(bytes(range(48))).decode()
RESULTS: dict[tuple[str, str, str], str] = {}


def sdk(gateway, client: str, api_key: str | None = None):
    key = api_key or gateway.api_key
    if client == "openai":
        return openai.OpenAI(base_url=gateway.base_url + "/v1", api_key=key, max_retries=0, timeout=30)
    return anthropic.Anthropic(base_url=gateway.base_url, api_key=key, max_retries=0, timeout=30)


def mark() -> str:
    return "mark" + secrets.token_hex(5)


# -- one function per feature row: (sdk, model, upstream) -> None, asserting ------------------------


def openai_text(response) -> str:
    return response.choices[0].message.content or ""


def check_usage_openai(usage, prompt: int, output: int) -> None:
    assert (usage.prompt_tokens, usage.completion_tokens, usage.prompt_tokens_details.cached_tokens) == (prompt, output, CACHE_READ)


def check_usage_anthropic(usage, prompt: int, output: int, upstream: str) -> None:
    write = CACHE_WRITE if upstream == "an" else 0
    assert usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens == prompt
    assert (usage.output_tokens, usage.cache_read_input_tokens, usage.cache_creation_input_tokens) == (output, CACHE_READ, write)


def openai_plain(client, model, upstream):
    m = mark()
    response = client.chat.completions.create(model=model, messages=[{"role": "user", "content": f"hello {m}"}])
    assert openai_text(response) == f"echo: hello {m}" and response.choices[0].finish_reason == "stop"
    assert response.model == model
    check_usage_openai(response.usage, 5, 3)


def anthropic_plain(client, model, upstream):
    m = mark()
    message = client.messages.create(model=model, max_tokens=100, messages=[{"role": "user", "content": f"hello {m}"}])
    assert message.content[0].text == f"echo: hello {m}" and message.stop_reason == "end_turn"
    assert message.model == model and message.role == "assistant"
    check_usage_anthropic(message.usage, 5, 3, upstream)


def openai_streamed(client, model, upstream):
    m = mark()
    chunks = list(client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": f"stream this {m}"}], stream=True, stream_options={"include_usage": True}))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert text == f"echo: stream this {m}" and finishes == ["stop"]
    check_usage_openai(chunks[-1].usage, 6, 4)


def anthropic_streamed(client, model, upstream):
    m = mark()
    with client.messages.stream(model=model, max_tokens=100, messages=[{"role": "user", "content": f"stream this {m}"}]) as stream:
        pieces = list(stream.text_stream)
        final = stream.get_final_message()
    assert "".join(pieces) == final.content[0].text == f"echo: stream this {m}"
    assert final.stop_reason == "end_turn"
    check_usage_anthropic(final.usage, 6, 4, upstream)
    events = [e.type for e in client.messages.create(
        model=model, max_tokens=100, messages=[{"role": "user", "content": f"stream this {m}"}], stream=True)]
    assert events == ["message_start", "content_block_start"] + ["content_block_delta"] * 4 + ["content_block_stop", "message_delta", "message_stop"]


OPENAI_TOOLS = [{"type": "function", "function": {"name": "get_weather", "description": "Weather of a city", "parameters": WEATHER}},
                {"type": "function", "function": {"name": "get_time", "parameters": {"type": "object", "properties": {}}}}]
ANTHROPIC_TOOLS = [{"name": "get_weather", "description": "Weather of a city", "input_schema": WEATHER},
                   {"name": "get_time", "input_schema": {"type": "object", "properties": {}}}]


def openai_tool(client, model, upstream):
    response = client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": f"[tool] weather? {mark()}"}], tools=OPENAI_TOOLS, tool_choice="auto")
    calls = response.choices[0].message.tool_calls
    assert response.choices[0].finish_reason == "tool_calls"
    assert [(c.function.name, json.loads(c.function.arguments)) for c in calls] == [("get_weather", TOOL_ARGUMENTS[0])]
    assert calls[0].id


def anthropic_tool(client, model, upstream):
    message = client.messages.create(
        model=model, max_tokens=100, messages=[{"role": "user", "content": f"[tool] weather? {mark()}"}], tools=ANTHROPIC_TOOLS,
        tool_choice={"type": "auto"})
    uses = [b for b in message.content if b.type == "tool_use"]
    assert message.stop_reason == "tool_use"
    assert [(u.name, u.input) for u in uses] == [("get_weather", TOOL_ARGUMENTS[0])] and uses[0].id


def openai_tools_streamed(client, model, upstream):
    calls: dict[int, dict] = {}
    finishes = []
    for chunk in client.chat.completions.create(
            model=model, messages=[{"role": "user", "content": f"[tools2] two {mark()}"}], tools=OPENAI_TOOLS, stream=True):
        for choice in chunk.choices:
            finishes += [choice.finish_reason] if choice.finish_reason else []
            for fragment in choice.delta.tool_calls or []:
                call = calls.setdefault(fragment.index, {"id": None, "name": "", "arguments": ""})
                call["id"] = call["id"] or fragment.id
                call["name"] += (fragment.function.name or "") if fragment.function else ""
                call["arguments"] += (fragment.function.arguments or "") if fragment.function else ""
    assert finishes == ["tool_calls"]
    assert [(calls[i]["name"], json.loads(calls[i]["arguments"])) for i in sorted(calls)] == [("get_weather", TOOL_ARGUMENTS[0]), ("get_weather", TOOL_ARGUMENTS[1])]
    assert all(call["id"] for call in calls.values())


def anthropic_tools_streamed(client, model, upstream):
    with client.messages.stream(
            model=model, max_tokens=100, messages=[{"role": "user", "content": f"[tools2] two {mark()}"}], tools=ANTHROPIC_TOOLS) as stream:
        final = stream.get_final_message()
    uses = [b for b in final.content if b.type == "tool_use"]
    assert final.stop_reason == "tool_use"
    assert [(u.name, u.input) for u in uses] == [("get_weather", TOOL_ARGUMENTS[0]), ("get_weather", TOOL_ARGUMENTS[1])]
    assert len({u.id for u in uses}) == 2


def openai_tool_round_trip(client, model, upstream):
    call = {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": json.dumps(TOOL_ARGUMENTS[0])}}
    response = client.chat.completions.create(model=model, tools=OPENAI_TOOLS, messages=[
        {"role": "user", "content": f"[tool] weather? {mark()}"},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "call_1", "content": "sunny 21C"},
    ])
    assert openai_text(response) == "result: sunny 21C" and response.choices[0].finish_reason == "stop"


def anthropic_tool_round_trip(client, model, upstream):
    message = client.messages.create(model=model, max_tokens=100, tools=ANTHROPIC_TOOLS, messages=[
        {"role": "user", "content": f"[tool] weather? {mark()}"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": TOOL_ARGUMENTS[0]}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "sunny 21C"}]},
    ])
    assert message.content[0].text == "result: sunny 21C" and message.stop_reason == "end_turn"


def openai_json(client, model, upstream):
    response = client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": f"[json] give {mark()}"}], response_format={"type": "json_object"})
    assert json.loads(openai_text(response)) == {"answer": 42, "ok": True}


def anthropic_json(client, model, upstream):
    schema = {"type": "object", "properties": {"answer": {"type": "integer"}, "ok": {"type": "boolean"}}}
    message = client.messages.create(
        model=model, max_tokens=100, messages=[{"role": "user", "content": f"[json] give {mark()}"}],
        output_config={"format": {"type": "json_schema", "schema": schema}})
    assert json.loads(message.content[0].text) == {"answer": 42, "ok": True}


def openai_stop(client, model, upstream):
    response = client.chat.completions.create(model=model, messages=[{"role": "user", "content": f"[stop] {mark()}"}], stop=["STOP"])
    assert openai_text(response) == "alpha beta" and response.choices[0].finish_reason == "stop"


def anthropic_stop(client, model, upstream):
    message = client.messages.create(model=model, max_tokens=100, messages=[{"role": "user", "content": f"[stop] {mark()}"}], stop_sequences=["STOP"])
    assert message.content[0].text == "alpha beta"
    # An Anthropic upstream says which sequence stopped it (forwarded as is); OpenAI's "stop" cannot tell.
    expected = ("stop_sequence", "STOP") if upstream == "an" else ("end_turn", None)
    assert (message.stop_reason, message.stop_sequence) == expected


def openai_max_tokens(client, model, upstream):
    response = client.chat.completions.create(model=model, messages=[{"role": "user", "content": f"[long] {mark()}"}], max_tokens=5)
    assert openai_text(response) == "w1 w2 w3 w4 w5" and response.choices[0].finish_reason == "length"


def anthropic_max_tokens(client, model, upstream):
    message = client.messages.create(model=model, max_tokens=5, messages=[{"role": "user", "content": f"[long] {mark()}"}])
    assert message.content[0].text == "w1 w2 w3 w4 w5" and message.stop_reason == "max_tokens"


def openai_system(client, model, upstream):
    m = mark()
    response = client.chat.completions.create(model=model, messages=[
        {"role": "system", "content": f"Be terse {m}"}, {"role": "user", "content": "[system] repeat"}])
    assert openai_text(response) == f"system said: Be terse {m}"


def anthropic_system(client, model, upstream):
    m = mark()
    message = client.messages.create(model=model, max_tokens=100, system=f"Be terse {m}", messages=[{"role": "user", "content": "[system] repeat"}])
    assert message.content[0].text == f"system said: Be terse {m}"


def openai_image(client, model, upstream):
    response = client.chat.completions.create(model=model, messages=[{"role": "user", "content": [
        {"type": "text", "text": f"[image] what is it {mark()}"},
        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{IMAGE}"}}]}])
    assert openai_text(response) == f"images: image/png:{len(IMAGE)}"


def anthropic_image(client, model, upstream):
    message = client.messages.create(model=model, max_tokens=100, messages=[{"role": "user", "content": [
        {"type": "text", "text": f"[image] what is it {mark()}"},
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": IMAGE}}]}])
    assert message.content[0].text == f"images: image/png:{len(IMAGE)}"


FEATURES: dict[str, dict[str, Callable]] = {
    "plain": {"openai": openai_plain, "anthropic": anthropic_plain},
    "streamed": {"openai": openai_streamed, "anthropic": anthropic_streamed},
    "one tool call": {"openai": openai_tool, "anthropic": anthropic_tool},
    "tool calls streamed": {"openai": openai_tools_streamed, "anthropic": anthropic_tools_streamed},
    "tool result round trip": {"openai": openai_tool_round_trip, "anthropic": anthropic_tool_round_trip},
    "JSON mode": {"openai": openai_json, "anthropic": anthropic_json},
    "stop sequence": {"openai": openai_stop, "anthropic": anthropic_stop},
    "max_tokens hit": {"openai": openai_max_tokens, "anthropic": anthropic_max_tokens},
    "system prompt": {"openai": openai_system, "anthropic": anthropic_system},
    "image input": {"openai": openai_image, "anthropic": anthropic_image},
}


# -- error rows: (client, upstream) -> (call raising, expected exception class, status) -------------------


def call(client: str, sdk_client, model: str, **overrides):
    if client == "openai":
        return sdk_client.chat.completions.create(model=model, messages=[{"role": "user", "content": f"hi {mark()}"}], **overrides)
    return sdk_client.messages.create(model=model, max_tokens=50, messages=[{"role": "user", "content": f"hi {mark()}"}], **overrides)


def sdk_module(client: str):
    return openai if client == "openai" else anthropic


ERRORS: dict[str, Callable] = {
    "401 bad key": lambda g, c, u: (sdk(g, c, "sk-wrong-key-123456789"), f"{u}-normal", {}, "AuthenticationError", 401, "authentication_error"),
    "404 unknown model": lambda g, c, u: (sdk(g, c), f"{u}-no-such-model", {}, "NotFoundError", 404, "not_found_error"),
    "429 retry-after": lambda g, c, u: (sdk(g, c), f"{u}-ratelimit-{c}", {}, "RateLimitError", 429, "rate_limit_error"),
    "400 bad input": lambda g, c, u: (sdk(g, c), f"{u}-normal", {"extra_body": {"temperature": 5}}, "BadRequestError", 400, "invalid_request_error"),
    "upstream 500": lambda g, c, u: (sdk(g, c), f"{u}-error500-{c}", {}, "InternalServerError", 502, "api_error"),
    "upstream timeout": lambda g, c, u: (
        sdk(g, c), f"{u}-slow-{c}", {}, "InternalServerError" if c == "openai" else "GatewayTimeoutError", 504, "timeout_error"),
}


def run_error_row(gateway, row: str, client: str, upstream: str) -> None:
    sdk_client, model, overrides, exception, status, anthropic_type = ERRORS[row](gateway, client, upstream)
    with pytest.raises(getattr(sdk_module(client), exception)) as raised:
        call(client, sdk_client, model, **overrides)
    assert raised.value.status_code == status
    if status == 429:
        assert raised.value.response.headers.get("retry-after") == fake_dialects.RETRY_AFTER
    if client == "anthropic":
        assert raised.value.body["type"] == "error" and raised.value.body["error"]["type"] == anthropic_type
    else:
        assert "error" in raised.value.response.json()


# -- the matrix --------------------------------------------------------------------------------------


def cell(row: str, client: str, upstream: str, run: Callable[[], None]) -> None:
    RESULTS[(row, client, upstream)] = "FAIL"
    run()
    RESULTS[(row, client, upstream)] = "pass"


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("row", list(FEATURES))
def test_feature(conformance, row: str, client: str, upstream: str) -> None:
    with sdk(conformance, client) as sdk_client:
        cell(row, client, upstream, lambda: FEATURES[row][client](sdk_client, f"{upstream}-normal", upstream))


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("row", list(ERRORS))
def test_error(conformance, row: str, client: str, upstream: str) -> None:
    cell(row, client, upstream, lambda: run_error_row(conformance, row, client, upstream))


def test_anthropic_upstream_gets_the_key_and_version_from_the_gateway(conformance, dialects_fake) -> None:
    m = mark()
    with sdk(conformance, "openai") as client:
        client.chat.completions.create(model="an-normal", messages=[{"role": "user", "content": m}])
    [request] = dialects_fake.find(m)
    assert request.path == "/v1/messages"
    assert request.headers["x-api-key"] == conformance.upstream_keys["an"] and request.headers["anthropic-version"]
    assert request.body["model"] == "fake-normal" and request.body["max_tokens"] == 4096


def post_messages(gateway, headers: dict[str, str]) -> tuple[int, dict]:
    body = json.dumps({"model": "an-normal", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}).encode()
    request = urllib.request.Request(gateway.base_url + "/v1/messages", data=body, headers={"content-type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_messages_accepts_a_bearer_key_and_rejects_a_malformed_version(conformance) -> None:
    status, body = post_messages(conformance, {"authorization": f"Bearer {conformance.api_key}"})
    assert status == 200 and body["type"] == "message"
    status, body = post_messages(conformance, {"x-api-key": conformance.api_key, "anthropic-version": "latest"})
    assert status == 400 and body["error"]["type"] == "invalid_request_error"
    status, body = post_messages(conformance, {})
    assert status == 401 and body == {"type": "error", "error": {"type": "authentication_error", "message": body["error"]["message"]}}


def test_count_tokens_with_the_anthropic_sdk(conformance) -> None:
    with sdk(conformance, "anthropic") as client:
        short = client.messages.count_tokens(model="an-normal", messages=[{"role": "user", "content": "hi"}])
        longer = client.messages.count_tokens(
            model="oa-normal", system="be brief", messages=[{"role": "user", "content": "hi there, how are you today?"}])
        with pytest.raises(anthropic.NotFoundError):
            client.messages.count_tokens(model="no-such-model", messages=[{"role": "user", "content": "hi"}])
    assert 0 < short.input_tokens < longer.input_tokens


def test_models_in_each_sdks_shape(conformance) -> None:
    with sdk(conformance, "anthropic") as client:
        page = client.models.list()
        listed = {model.id: model for model in page.data}
        assert listed["an-normal"].type == "model" and listed["an-normal"].display_name and listed["an-normal"].created_at
        assert page.has_more is False and client.models.retrieve("oa-normal").id == "oa-normal"
        with pytest.raises(anthropic.NotFoundError):
            client.models.retrieve("no-such-model")
    with sdk(conformance, "openai") as client:
        assert client.models.retrieve("an-normal").id == "an-normal"
        assert "an-normal" in {model.id for model in client.models.list().data}
        with pytest.raises(openai.NotFoundError):
            client.models.retrieve("no-such-model")


def test_usage_and_cost_agree_across_client_dialects(conformance, dialects_fake) -> None:
    """The same tokens bill the same whichever dialect the client speaks; checked in the ledger."""
    ids: dict[tuple[str, str, bool], str] = {}
    prompt = f"same tokens {mark()}"
    for upstream in UPSTREAMS:
        for client in CLIENTS:
            for streamed in (False, True):
                request_id = f"req-conf-{secrets.token_hex(8)}"
                ids[(upstream, client, streamed)] = request_id
                with sdk(conformance, client) as sdk_client:
                    headers = {"x-request-id": request_id}
                    if client == "openai":
                        response = sdk_client.chat.completions.create(
                            model=f"{upstream}-normal", messages=[{"role": "user", "content": prompt}], stream=streamed, extra_headers=headers)
                        if streamed:
                            list(response)
                    elif streamed:
                        with sdk_client.messages.stream(model=f"{upstream}-normal", max_tokens=100, messages=[{"role": "user", "content": prompt}],
                                                        extra_headers=headers) as stream:
                            stream.get_final_message()
                    else:
                        sdk_client.messages.create(model=f"{upstream}-normal", max_tokens=100, messages=[{"role": "user", "content": prompt}], extra_headers=headers)
    assert conformance.stop() == 0  # flushes the ledger
    with sqlite3.connect(conformance.data_dir / "ledger.sqlite") as db:
        rows = {
            row[0]: row[1:] for row in db.execute(
                "SELECT request_id, input_tokens, cached_tokens, cache_write_tokens, output_tokens, cost_picodollars, status FROM usage_ledger")
        }
    for upstream in UPSTREAMS:
        for streamed in (False, True):
            openai_row, anthropic_row = (rows[ids[(upstream, client, streamed)]] for client in CLIENTS)
            assert openai_row == anthropic_row, f"{upstream} streamed={streamed}: {openai_row} != {anthropic_row}"
            assert openai_row[1] == CACHE_READ and openai_row[2] == (CACHE_WRITE if upstream == "an" else 0) and openai_row[4] > 0
    # The same prompt through either upstream counts the same input and output tokens.
    assert rows[ids[("oa", "openai", False)]][0] == rows[ids[("an", "openai", False)]][0]


def test_print_matrix(capsys) -> None:
    """Prints the conformance matrix; fails when any cell did not pass."""
    columns = [(client, upstream) for client in CLIENTS for upstream in UPSTREAMS]
    rows = list(FEATURES) + list(ERRORS)
    width = max(len(row) for row in rows) + 2
    header = "".ljust(width) + "".join(f"{client}→{upstream}".ljust(14) for client, upstream in columns)
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(row.ljust(width) + "".join(RESULTS.get((row, c, u), "-").ljust(14) for c, u in columns))
    with capsys.disabled():
        print("\n\nConformance matrix (client → upstream: oa = OpenAI-compatible, an = Anthropic)\n" + "\n".join(lines) + "\n")
    missing = [key for key in ((row, c, u) for row in rows for c, u in columns) if RESULTS.get(key) != "pass"]
    assert not missing, f"cells not passing: {missing}"
