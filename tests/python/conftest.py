"""Fixtures: a fake upstream, a temporary config, and a really running gateway binary."""

from __future__ import annotations

import os
import queue
import re
import secrets
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import openai
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fake_upstream  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_SECONDS = 60
LISTENING_LINE = re.compile(r"^Switchyard listening on (http://127\.0\.0\.1:(\d+)) \((\d+) models, config: (.+)\)$")

# Gateway limits written into the test config; tests derive their expectations from these.
BODY_LIMIT_BYTES = 16 * 1024
FIRST_BYTE_TIMEOUT_SECONDS = 1.0
TOTAL_TIMEOUT_SECONDS = 5.0
SLOW_UPSTREAM_SECONDS = 3.0  # longer than FIRST_BYTE_TIMEOUT_SECONDS, shorter than the client's timeout

SIMULATOR_PROVIDER = "sim"
FAKE_PROVIDER = "fake"
UPSTREAM_KEY_VARIABLE = "SWITCHYARD_TEST_FAKE_UPSTREAM_KEY"

# Client-facing id -> upstream name. The fake picks its behaviour from the upstream name.
SIM_MODELS = {"sim-small": "simulated/small-1", "sim-large": "simulated/large-1"}
FAKE_MODELS = {
    "up-normal": "fake-normal",
    "up-slow": "fake-slow",
    "up-error500": "fake-error500",
    # A failing model of its own for the pipelined fast-lane test, so the breaker it opens is not
    # the one test_errors expects closed, whatever order the tests run in.
    "up-error500-pipelined": "fake-error500-pipelined",
    # Its own slow model for the keep-alive deadline test: the breaker the other slow tests open is not its.
    "up-slow-keepalive": "fake-slow-keepalive",
    # Its own failing model for the hand-over trace test: a closed breaker, so the fast lane tries it first.
    "up-error500-handover": "fake-error500-handover",
    # And one for the rate-limit test of a handed-over request.
    "up-error500-rpm": "fake-error500-rpm",
    # Slow, with a fallback in test_observability's gateway: served after two timed-out attempts.
    "up-slow-fallback": "fake-slow-fallback",
    "up-garbage": "fake-garbage",
    "up-ratelimit": "fake-ratelimit",
    "up-cut": "fake-cut",
}
SIM_MAX_OUTPUT = 512
ROUTE = "auto"  # a virtual model over the two simulated ones


@dataclass
class Gateway:
    base_url: str  # http://127.0.0.1:PORT (no /v1)
    api_key: str
    upstream_key: str
    process: subprocess.Popen
    model_count: int
    config_source: str
    config_path: Path
    log_path: Path
    fake: fake_upstream.FakeUpstream

    @property
    def openai_base_url(self) -> str:
        return self.base_url + "/v1"

    def client(self, api_key: str | None = None, **kwargs) -> openai.OpenAI:
        """An official SDK client for this gateway; never retries, so every error surfaces."""
        kwargs.setdefault("max_retries", 0)
        kwargs.setdefault("timeout", 30.0)
        return openai.OpenAI(base_url=self.openai_base_url, api_key=api_key or self.api_key, **kwargs)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def _binary() -> Path:
    configured = os.environ.get("SWITCHYARD_BIN", ".build/debug/switchyard")
    path = Path(configured)
    if not path.is_absolute():
        path = path if path.exists() else REPO_ROOT / path
    if not path.exists():
        pytest.exit(f"gateway binary not found at {configured!r} (set SWITCHYARD_BIN, or build with `swift build`)", returncode=2)
    return path.resolve()


def _config_yaml(fake_base_url: str, total_timeout: float = TOTAL_TIMEOUT_SECONDS) -> str:
    lines = [
        "server:",
        "  listen: 127.0.0.1:0",
        f"  body_limit: {BODY_LIMIT_BYTES // 1024}KiB",
        "  timeouts:",
        "    connect: 2s",
        f"    first_byte: {int(FIRST_BYTE_TIMEOUT_SECONDS * 1000)}ms",
        f"    total: {int(total_timeout)}s",
        "providers:",
        f"  - name: {SIMULATOR_PROVIDER}",
        "    type: simulator",
        "    speed: 0",
        "    failures: { error_rate: 0, rate_limit_rate: 0, timeout_rate: 0, cut_rate: 0 }",
        f"  - name: {FAKE_PROVIDER}",
        "    type: openai-compatible",
        f"    base_url: {fake_base_url}",
        f"    api_key: env:{UPSTREAM_KEY_VARIABLE}",
        "models:",
    ]
    for model_id, upstream in SIM_MODELS.items():
        lines += [
            f"  - id: {model_id}",
            f"    provider: {SIMULATOR_PROVIDER}",
            f"    upstream: {upstream}",
            "    price: { input: 0.10, output: 0.40 }",
            "    context_window: 32768",
            f"    max_output: {SIM_MAX_OUTPUT}",
            "    speed: { ttft_ms: 300, tokens_per_second: 50 }",
        ]
    for model_id, upstream in FAKE_MODELS.items():
        lines += [
            f"  - id: {model_id}",
            f"    provider: {FAKE_PROVIDER}",
            f"    upstream: {upstream}",
            "    price: { input: 1.00, output: 2.00 }",
            "    context_window: 65536",
            "    max_output: 4096",
        ]
    lines += [
        "routes:",
        f"  - name: {ROUTE}",
        "    default: general",
        "    baseline: sim-large",
        "    table: { simple: sim-small, general: sim-large }",
    ]
    return "\n".join(lines) + "\n"


def _pump_stdout(stream, lines: queue.Queue, log_file) -> None:
    """Forwards every stdout line to `lines` and the log, so the pipe never fills up."""
    for raw in iter(stream.readline, b""):
        text = raw.decode(errors="replace").rstrip("\n")
        lines.put(text)
        log_file.write(f"[stdout] {text}\n")
        log_file.flush()
    lines.put(None)


@pytest.fixture(scope="session")
def fake() -> Iterator[fake_upstream.FakeUpstream]:
    server = fake_upstream.start(slow_seconds=SLOW_UPSTREAM_SECONDS)
    yield server
    server.stop()


def start_gateway(
    workdir: Path, fake_base_url: str, total_timeout: float = TOTAL_TIMEOUT_SECONDS
) -> tuple[subprocess.Popen, re.Match, str, str, Path, object, threading.Thread]:
    """Writes the test config into `workdir` (with `total_timeout` as the total request timeout),
    starts the gateway binary and waits for its 'listening' line. Returns the process, that line's match, the master and upstream keys,
    the log path, the open log file and the stdout pump thread."""
    config_path = workdir / "switchyard.yaml"
    config_path.write_text(_config_yaml(fake_base_url, total_timeout))
    log_path = workdir / "gateway.log"
    api_key = "sk-test-" + secrets.token_hex(16)
    upstream_key = "sk-upstream-" + secrets.token_hex(8)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHYARD_", "OPENAI_", "VLLM_"))}
    env.update({"SWITCHYARD_MASTER_KEY": api_key, UPSTREAM_KEY_VARIABLE: upstream_key, "SWITCHYARD_LOG_LEVEL": "info"})

    log_file = open(log_path, "w", buffering=1)
    process = subprocess.Popen(
        [str(_binary()), "serve", "--listen", "127.0.0.1:0", "--data-dir", str(workdir / "data"), "--config", str(config_path)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log_file, env=env, cwd=workdir,
    )
    lines: queue.Queue = queue.Queue()
    pump = threading.Thread(target=_pump_stdout, args=(process.stdout, lines, log_file), daemon=True)
    pump.start()

    match = None
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    try:
        while match is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RuntimeError(f"no 'listening' line within {STARTUP_TIMEOUT_SECONDS}s")
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                raise RuntimeError(f"the gateway exited before listening (status {process.wait(timeout=10)})")
            match = LISTENING_LINE.match(line)
    except Exception as error:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        log_file.close()
        pytest.fail(f"gateway did not start: {error}\n--- gateway log ---\n{log_path.read_text(errors='replace')}", pytrace=False)
    return process, match, api_key, upstream_key, log_path, log_file, pump


@pytest.fixture(scope="session")
def gateway(fake: fake_upstream.FakeUpstream, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    workdir = tmp_path_factory.mktemp("gateway")
    process, match, api_key, upstream_key, log_path, log_file, pump = start_gateway(workdir, fake.base_url)
    config_path = workdir / "switchyard.yaml"

    gateway = Gateway(
        base_url=match.group(1), api_key=api_key, upstream_key=upstream_key, process=process,
        model_count=int(match.group(3)), config_source=match.group(4), config_path=config_path, log_path=log_path, fake=fake,
    )
    yield gateway

    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    pump.join(timeout=5)
    log_file.close()


@pytest.fixture(autouse=True)
def _gateway_survives(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every test that used the gateway, the gateway process must still be running."""
    yield
    if "gateway" in request.fixturenames:
        gateway: Gateway = request.getfixturevalue("gateway")
        status = gateway.process.poll()
        assert status is None, f"the gateway process died (exit status {status})\n--- gateway log ---\n{gateway.log()[-4000:]}"


@pytest.fixture
def client(gateway: Gateway) -> Iterator[openai.OpenAI]:
    with gateway.client() as sdk:
        yield sdk


@pytest.fixture
def marker() -> str:
    """A unique word to put in a prompt, to find this test's request at the fake upstream."""
    return "mark" + secrets.token_hex(6)
