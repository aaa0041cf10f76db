"""The virtual model `auto` through the official SDK: each prompt's route and model, said in headers."""

from __future__ import annotations

import openai
import pytest

from conftest import ROUTE


def test_auto_routes_short_questions_to_the_small_model_and_writing_to_the_large(client: openai.OpenAI) -> None:
    short = client.chat.completions.with_raw_response.create(model=ROUTE, messages=[{"role": "user", "content": "What time is it in Tokyo?"}])
    assert short.headers["x-switchyard-route"] == "simple"
    assert short.headers["x-switchyard-model"] == "sim-small"
    assert short.headers["x-switchyard-fallbacks"] == "0"
    assert short.parse().choices[0].message.content

    writing = client.chat.completions.with_raw_response.create(
        model=ROUTE, messages=[{"role": "user", "content": "Write a short announcement that the shop opens late on Monday."}],
    )
    assert writing.headers["x-switchyard-route"] == "general"
    assert writing.headers["x-switchyard-model"] == "sim-large"


def test_auto_streams_and_a_forced_model_overrides_routing(client: openai.OpenAI) -> None:
    with client.chat.completions.with_streaming_response.create(
        model=ROUTE, messages=[{"role": "user", "content": "Hi!"}], stream=True,
    ) as response:
        assert response.headers["x-switchyard-route"] == "simple"
        text = "".join(chunk.choices[0].delta.content or "" for chunk in response.parse() if chunk.choices)
    assert text

    forced = client.chat.completions.with_raw_response.create(
        model=ROUTE, messages=[{"role": "user", "content": "Hi!"}], extra_headers={"x-switchyard-force-model": "sim-large"},
    )
    assert forced.headers["x-switchyard-route"] == "override"
    assert forced.headers["x-switchyard-model"] == "sim-large"


def test_max_cost_that_nothing_fits_is_a_bad_request(client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as refused:
        client.chat.completions.create(
            model="up-normal", max_tokens=4000, messages=[{"role": "user", "content": "Hi"}], extra_headers={"x-switchyard-max-cost": "0.000001"},
        )
    assert refused.value.code == "invalid_value"
    assert refused.value.param == "max_cost"
