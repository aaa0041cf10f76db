"""The official SDK against the gateway's built-in simulator (speed 0: instant, deterministic answers)."""

from __future__ import annotations

import json

import openai
import pytest

import raw_http
from conftest import FAKE_MODELS, FAKE_PROVIDER, ROUTE, SIM_MAX_OUTPUT, SIM_MODELS, SIMULATOR_PROVIDER

MODEL = "sim-small"


def _messages(text: str) -> list[dict]:
    return [
        {"role": "system", "content": "You are a terse assistant."},
        {"role": "user", "content": text},
    ]


def _collect(stream) -> tuple[str, list]:
    chunks = list(stream)
    text = "".join(choice.delta.content or "" for chunk in chunks for choice in chunk.choices)
    return text, chunks


def test_non_streamed_completion(client: openai.OpenAI, marker: str) -> None:
    completion = client.chat.completions.create(model=MODEL, messages=_messages(f"Say something about {marker}."))

    assert completion.object == "chat.completion"
    assert completion.model == MODEL
    assert completion.id
    assert len(completion.choices) == 1
    choice = completion.choices[0]
    assert choice.index == 0
    assert choice.message.role == "assistant"
    assert choice.message.content and choice.message.content.strip()
    assert choice.finish_reason == "stop"
    assert completion.usage is not None
    assert completion.usage.prompt_tokens > 0
    assert completion.usage.completion_tokens > 0
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens


def test_simulator_is_deterministic_and_depends_on_the_prompt(client: openai.OpenAI, marker: str) -> None:
    first = client.chat.completions.create(model=MODEL, messages=_messages(f"Question {marker}"))
    again = client.chat.completions.create(model=MODEL, messages=_messages(f"Question {marker}"))
    other = client.chat.completions.create(model=MODEL, messages=_messages(f"Another question {marker}"))

    assert first.choices[0].message.content == again.choices[0].message.content
    assert first.usage == again.usage
    assert other.choices[0].message.content != first.choices[0].message.content


def test_stream_text_equals_non_streamed_text(client: openai.OpenAI, marker: str) -> None:
    messages = _messages(f"Stream me an answer about {marker}.")
    whole = client.chat.completions.create(model=MODEL, messages=messages)
    stream = client.chat.completions.create(model=MODEL, messages=messages, stream=True)
    text, chunks = _collect(stream)

    assert text == whole.choices[0].message.content
    assert len(chunks) > 2, "a streamed answer arrives in several chunks"
    assert all(chunk.object == "chat.completion.chunk" for chunk in chunks)
    assert all(chunk.model == MODEL for chunk in chunks)
    assert len({chunk.id for chunk in chunks}) == 1, "every chunk of one stream carries the same id"
    assert chunks[0].choices[0].delta.role == "assistant"
    finishes = [choice.finish_reason for chunk in chunks for choice in chunk.choices if choice.finish_reason]
    assert finishes == [whole.choices[0].finish_reason]


def test_stream_without_include_usage_has_no_usage_chunk(client: openai.OpenAI, marker: str) -> None:
    stream = client.chat.completions.create(model=MODEL, messages=_messages(f"No usage please {marker}"), stream=True)
    _, chunks = _collect(stream)

    assert chunks
    assert all(chunk.usage is None for chunk in chunks)
    assert all(len(chunk.choices) == 1 for chunk in chunks)


def test_stream_with_include_usage_ends_with_usage_chunk(client: openai.OpenAI, marker: str) -> None:
    messages = _messages(f"Usage please {marker}")
    whole = client.chat.completions.create(model=MODEL, messages=messages)
    stream = client.chat.completions.create(
        model=MODEL, messages=messages, stream=True, stream_options={"include_usage": True}
    )
    text, chunks = _collect(stream)

    assert text == whole.choices[0].message.content
    with_usage = [chunk for chunk in chunks if chunk.usage is not None]
    assert len(with_usage) == 1, "exactly one usage chunk"
    assert chunks[-1] is with_usage[0], "the usage chunk is the last one"
    assert chunks[-1].choices == []
    usage = chunks[-1].usage
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (
        whole.usage.prompt_tokens, whole.usage.completion_tokens, whole.usage.total_tokens,
    )
    content_deltas = [c for chunk in chunks for c in chunk.choices if c.delta.content]
    assert usage.completion_tokens == len(content_deltas), "the simulator streams one token per delta"


def test_max_tokens_truncates_with_finish_reason_length(client: openai.OpenAI, marker: str) -> None:
    completion = client.chat.completions.create(model=MODEL, messages=_messages(f"Long answer {marker}"), max_tokens=5)

    assert completion.choices[0].finish_reason == "length"
    assert completion.usage.completion_tokens == 5
    assert len(completion.choices[0].message.content.split()) == 5


TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "search_docs",
            "description": "Search the documentation.",
            "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
        },
    },
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather for a city.",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
        },
    },
]


def test_tool_call_when_tools_given_and_user_spoke_last(client: openai.OpenAI, marker: str) -> None:
    completion = client.chat.completions.create(model=MODEL, messages=_messages(f"Look up {marker}"), tools=TOOLS)

    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    calls = choice.message.tool_calls
    assert calls is not None and len(calls) == 1
    assert calls[0].type == "function"
    assert calls[0].id
    assert calls[0].function.name == TOOLS[0]["function"]["name"]
    assert isinstance(json.loads(calls[0].function.arguments), dict)


def test_tool_choice_names_the_tool(client: openai.OpenAI, marker: str) -> None:
    completion = client.chat.completions.create(
        model=MODEL, messages=_messages(f"Weather {marker}"), tools=TOOLS,
        tool_choice={"type": "function", "function": {"name": "get_weather"}},
    )
    assert completion.choices[0].message.tool_calls[0].function.name == "get_weather"


def test_tool_choice_none_answers_with_text(client: openai.OpenAI, marker: str) -> None:
    completion = client.chat.completions.create(model=MODEL, messages=_messages(f"No tools {marker}"), tools=TOOLS, tool_choice="none")
    choice = completion.choices[0]
    assert not choice.message.tool_calls
    assert choice.message.content
    assert choice.finish_reason == "stop"


def test_no_tool_call_after_a_tool_result(client: openai.OpenAI, marker: str) -> None:
    first = client.chat.completions.create(model=MODEL, messages=_messages(f"Look up {marker}"), tools=TOOLS)
    call = first.choices[0].message.tool_calls[0]
    messages = _messages(f"Look up {marker}") + [
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": call.id, "type": "function", "function": {"name": call.function.name, "arguments": call.function.arguments}}]},
        {"role": "tool", "tool_call_id": call.id, "content": "three results found"},
    ]
    second = client.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS)
    assert not second.choices[0].message.tool_calls
    assert second.choices[0].message.content
    assert second.choices[0].finish_reason == "stop"


def test_streamed_tool_call_matches_non_streamed(client: openai.OpenAI, marker: str) -> None:
    messages = _messages(f"Stream a tool call {marker}")
    whole = client.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS)
    chunks = list(client.chat.completions.create(model=MODEL, messages=messages, tools=TOOLS, stream=True))

    fragments = [call for chunk in chunks for choice in chunk.choices for call in (choice.delta.tool_calls or [])]
    assert fragments, "the stream carries tool-call deltas"
    assert {fragment.index for fragment in fragments} == {0}
    name = "".join(fragment.function.name or "" for fragment in fragments if fragment.function)
    arguments = "".join(fragment.function.arguments or "" for fragment in fragments if fragment.function)
    ids = [fragment.id for fragment in fragments if fragment.id]
    expected = whole.choices[0].message.tool_calls[0]
    assert name == expected.function.name
    assert arguments == expected.function.arguments
    assert ids == [expected.id]
    finishes = [choice.finish_reason for chunk in chunks for choice in chunk.choices if choice.finish_reason]
    assert finishes == ["tool_calls"]


def test_models_list(client: openai.OpenAI, gateway) -> None:
    models = list(client.models.list())
    ids = [model.id for model in models]

    expected = set(SIM_MODELS) | set(FAKE_MODELS)
    assert sorted(ids) == sorted(expected | {ROUTE})
    assert gateway.model_count == len(expected), "the 'listening' line counts the served models"
    for model in models:
        assert model.object == "model"
        if model.id == ROUTE:
            assert model.owned_by == "switchyard" and (model.model_extra or {})["switchyard"]["virtual"] is True
            continue
        assert model.owned_by == (SIMULATOR_PROVIDER if model.id in SIM_MODELS else FAKE_PROVIDER)
    small = next(model for model in models if model.id == MODEL)
    extra = small.model_extra or {}
    assert extra.get("switchyard", {}).get("max_output_tokens") == SIM_MAX_OUTPUT


def test_listening_line_names_the_config_file(gateway) -> None:
    assert gateway.config_source == str(gateway.config_path)


@pytest.mark.parametrize(("path", "expected"), [("/health", {"status": "ok"}), ("/health/ready", {"status": "ready"})])
def test_health_endpoints_need_no_key(gateway, path: str, expected: dict) -> None:
    response = raw_http.request(gateway.base_url, "GET", path)
    assert response.status == 200
    body = response.json()
    assert {key: body[key] for key in expected} == expected
    if path == "/health/ready":
        assert body["models"] == gateway.model_count
