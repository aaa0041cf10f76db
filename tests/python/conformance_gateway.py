"""A gateway process for the conformance suite: one OpenAI-compatible and one Anthropic provider,
both pointing at the two-dialect fake, with models per failure behaviour."""

from __future__ import annotations

import os
import queue
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

import fake_dialects
from conftest import LISTENING_LINE, STARTUP_TIMEOUT_SECONDS, _binary, _pump_stdout

UPSTREAMS = {"oa": "openai-compatible", "an": "anthropic"}
CLIENTS = ("openai", "anthropic")
FAILURES = ("error500", "ratelimit", "slow")
OPENAI_KEY_VARIABLE = "SWITCHYARD_TEST_OA_KEY"


@dataclass
class ConformanceGateway:
    base_url: str
    api_key: str
    upstream_keys: dict[str, str]
    process: subprocess.Popen
    data_dir: Path
    log_path: Path

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                return self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.wait(timeout=10)


def config_yaml(fake_base_url: str) -> str:
    lines = [
        "server:",
        "  listen: 127.0.0.1:0",
        "  body_limit: 64KiB",
        "  timeouts: { connect: 2s, first_byte: 2s, total: 5s }",
        "providers:",
        "  - name: oaf",
        "    type: openai-compatible",
        f"    base_url: {fake_base_url}",
        f"    api_key: env:{OPENAI_KEY_VARIABLE}",
        "  - name: anf",
        "    type: anthropic",
        f"    base_url: {fake_base_url}",
        "    api_key: env:ANTHROPIC_API_KEY",
        "models:",
    ]
    provider = {"oa": "oaf", "an": "anf"}
    for upstream in UPSTREAMS:
        names = ["normal"] + [f"{failure}-{client}" for failure in FAILURES for client in CLIENTS]
        for name in names:
            lines += [
                f"  - id: {upstream}-{name}",
                f"    provider: {provider[upstream]}",
                f"    upstream: fake-{name}",
                "    price: { input: 1.00, cached_input: 0.10, cache_write: 1.25, output: 2.00 }",
                "    context_window: 65536",
                "    max_output: 4096",
                "    capabilities: [tools, vision, json]",
            ]
    for model_id, provider_name in (("oa-embed", "oaf"), ("oa-embed-nousage", "oaf"), ("an-embed", "anf")):
        lines += [
            f"  - id: {model_id}",
            f"    provider: {provider_name}",
            f"    upstream: fake-{model_id[3:]}",
            "    category: embedding",
            "    price: { input: 0.10, output: 0 }",
            "    context_window: 8192",
            "    max_output: 1",
        ]
    return "\n".join(lines) + "\n"


def start(workdir: Path, fake_base_url: str) -> ConformanceGateway:
    """Starts the binary with the conformance config and waits for its listening line."""
    config = workdir / "conformance.yaml"
    config.write_text(config_yaml(fake_base_url))
    api_key = "sk-conf-" + os.urandom(12).hex()
    keys = {"oa": "sk-oa-" + os.urandom(6).hex(), "an": "sk-ant-" + os.urandom(6).hex()}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHYARD_", "OPENAI_", "VLLM_", "ANTHROPIC_"))}
    env.update({"SWITCHYARD_MASTER_KEY": api_key, OPENAI_KEY_VARIABLE: keys["oa"], "ANTHROPIC_API_KEY": keys["an"]})
    log_path = workdir / "gateway.log"
    log_file = open(log_path, "w", buffering=1)
    process = subprocess.Popen(
        [str(_binary()), "serve", "--listen", "127.0.0.1:0", "--data-dir", str(workdir / "data"), "--config", str(config)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log_file, env=env, cwd=workdir,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_pump_stdout, args=(process.stdout, lines, log_file), daemon=True).start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while True:
        line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        if line is None:
            raise RuntimeError(f"gateway exited before listening:\n{log_path.read_text(errors='replace')}")
        match = LISTENING_LINE.match(line)
        if match:
            return ConformanceGateway(match.group(1), api_key, keys, process, workdir / "data", log_path)


@pytest.fixture(scope="module")
def dialects_fake() -> Iterator[fake_dialects.FakeDialects]:
    """The two-dialect fake upstream, one per test module."""
    fake = fake_dialects.start(slow_seconds=3.0)
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def conformance(dialects_fake, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConformanceGateway]:
    """A gateway in front of `dialects_fake`, one per test module."""
    gateway = start(tmp_path_factory.mktemp("conformance"), dialects_fake.base_url)
    yield gateway
    gateway.stop()
