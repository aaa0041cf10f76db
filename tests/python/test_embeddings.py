"""`POST /v1/embeddings` with the official SDK: forwarded to an OpenAI-compatible upstream with the
upstream's model name, answered with the client's, one ledger row per request with its usage and cost."""

from __future__ import annotations

import secrets
import sqlite3

import openai
import pytest

from conformance_gateway import conformance, dialects_fake  # noqa: F401 - fixtures

PRICE_PER_MILLION_PICODOLLARS = 100_000  # input: 0.10 USD per 1M tokens, in picodollars per token


def client(gateway) -> openai.OpenAI:
    return openai.OpenAI(base_url=gateway.base_url + "/v1", api_key=gateway.api_key, max_retries=0, timeout=30)


@pytest.mark.parametrize(("model", "inputs", "error", "status"), [
    pytest.param("oa-normal", "hi", openai.BadRequestError, 400, id="chat-model"),
    pytest.param("an-embed", "hi", openai.BadRequestError, 400, id="provider-without-embeddings"),
    pytest.param("no-such-embedder", "hi", openai.NotFoundError, 404, id="unknown-model"),
    pytest.param("oa-embed", [], openai.BadRequestError, 400, id="no-input"),
    pytest.param("oa-embed", [""], openai.BadRequestError, 400, id="empty-string"),
])
def test_embedding_errors_are_openai_shaped(conformance, model: str, inputs, error, status: int) -> None:
    with client(conformance) as sdk, pytest.raises(error) as raised:
        sdk.embeddings.create(model=model, input=inputs)
    assert raised.value.status_code == status
    assert raised.value.response.json()["error"]["message"]


def test_embedding_model_refuses_chat(conformance) -> None:
    with client(conformance) as sdk, pytest.raises(openai.BadRequestError):
        sdk.chat.completions.create(model="oa-embed", messages=[{"role": "user", "content": "hi"}])


def test_embeddings_are_forwarded_billed_and_recorded(conformance, dialects_fake) -> None:
    """Runs last in this module: it stops the gateway to read the flushed ledger."""
    marker = "embed" + secrets.token_hex(5)
    ids = {name: f"req-emb-{name}-{secrets.token_hex(6)}" for name in ("usage", "estimated", "tokens")}
    with client(conformance) as sdk:
        response = sdk.embeddings.create(
            model="oa-embed", input=[f"hello {marker}", "three words here"], extra_headers={"x-request-id": ids["usage"]})
        assert response.model == "oa-embed"
        assert [item.index for item in response.data] == [0, 1] and len(response.data[1].embedding) == 3
        assert (response.usage.prompt_tokens, response.usage.total_tokens) == (5, 5)
        [upstream] = dialects_fake.find(marker)
        assert upstream.path == "/v1/embeddings" and upstream.body["model"] == "fake-embed"
        assert upstream.headers["authorization"] == f"Bearer {conformance.upstream_keys['oa']}"
        sdk.embeddings.create(model="oa-embed-nousage", input=f"count me {marker}", extra_headers={"x-request-id": ids["estimated"]})
        sdk.embeddings.create(model="oa-embed", input=[[1, 2, 3], [4]], extra_headers={"x-request-id": ids["tokens"]})
    assert conformance.stop() == 0  # flushes the ledger
    with sqlite3.connect(conformance.data_dir / "ledger.sqlite") as db:
        rows = {
            row[0]: row[1:] for row in db.execute(
                "SELECT request_id, served_model, input_tokens, output_tokens, cost_picodollars, usage_estimated, status FROM usage_ledger")
        }
    assert rows[ids["usage"]] == ("oa-embed", 5, 0, 5 * PRICE_PER_MILLION_PICODOLLARS, 0, 200)
    assert rows[ids["tokens"]] == ("oa-embed", 4, 0, 4 * PRICE_PER_MILLION_PICODOLLARS, 0, 200)
    served, tokens, _, cost, estimated, status = rows[ids["estimated"]]
    assert (served, estimated, status) == ("oa-embed-nousage", 1, 200) and tokens > 0 and cost == tokens * PRICE_PER_MILLION_PICODOLLARS
