"""The management CLI against the running gateway: what a platform operator types."""

from __future__ import annotations

import os
import re
import subprocess

import openai
import pytest

from conftest import Gateway, _binary
from test_keys import call


def cli(gateway: Gateway, *arguments: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHYARD_")}
    env.update({"SWITCHYARD_URL": gateway.base_url, "SWITCHYARD_MASTER_KEY": gateway.api_key})
    result = subprocess.run([str(_binary()), *arguments], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, f"switchyard {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_keys_create_list_revoke_and_usage_by_key(gateway: Gateway, marker: str) -> None:
    suffix = marker[-6:]
    cli(gateway, "teams", "create", "--id", f"team-{suffix}", "--name", "CLI team")
    cli(gateway, "accounts", "create", "--id", f"acct-{suffix}", "--name", "CLI user", "--team", f"team-{suffix}")
    cli(gateway, "plans", "create", "--id", f"plan-{suffix}", "--name", "Starter", "--rpm", "30", "--budget-usd", "5", "--budget-window", "5h")
    created = cli(gateway, "keys", "create", "--account", f"acct-{suffix}", "--plan", f"plan-{suffix}", "--name", "cli", "--metadata", "user=u-1")
    secret = re.search(r"^\s+(sk-sy-\S+)$", created, re.MULTILINE).group(1)
    key_id = re.search(r"Created key (key_[0-9a-f]+)", created).group(1)

    with gateway.client(api_key=secret) as client:
        answer = client.chat.completions.create(model="up-normal", messages=[{"role": "user", "content": marker}])
    assert answer.choices[0].message.content == f"echo: {marker}"

    listed = cli(gateway, "keys", "list", "--account", f"acct-{suffix}")
    assert key_id in listed and "active" in listed and secret not in listed
    assert "5000000" in cli(gateway, "plans", "list")

    cli(gateway, "keys", "revoke", key_id)
    assert "revoked" in cli(gateway, "keys", "list", "--account", f"acct-{suffix}")
    with gateway.client(api_key=secret) as client, pytest.raises(openai.AuthenticationError):
        client.chat.completions.create(model="up-normal", messages=[{"role": "user", "content": marker}])

    # `usage` reads the ledger file directly; the management API's usage query flushes the writer first.
    assert call(gateway.base_url, gateway.api_key, "GET", f"/admin/v1/usage?key_id={key_id}")["totals"]["attempts"] == 1
    usage = cli(gateway, "usage", "--data-dir", str(gateway.config_path.parent / "data"), "--key", key_id, "--by", "day")
    rows = [line.split("\t") for line in usage.strip().splitlines()]
    assert rows[0][:3] == ["day", "group", "attempts"]
    assert rows[1][2] == "1" and rows[-1][0] == "total"


def test_cli_reports_refusals_from_the_gateway(gateway: Gateway) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHYARD_")}
    env.update({"SWITCHYARD_URL": gateway.base_url, "SWITCHYARD_MASTER_KEY": gateway.api_key})
    result = subprocess.run([str(_binary()), "keys", "create", "--account", "nobody", "--plan", "none"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode != 0
    assert "No account with id 'nobody'" in result.stderr
