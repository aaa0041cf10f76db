"""Observability through the real binary: every metric the Grafana dashboard and the alert rules
use is emitted by a running gateway, and the status page shows models without keys or prompts."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import openai
import pytest

import conftest
from conftest import REPO_ROOT, Gateway, start_gateway

DASHBOARD = REPO_ROOT / "ops" / "grafana" / "switchyard-dashboard.json"
ALERTS = REPO_ROOT / "ops" / "prometheus" / "alerts.yml"
ALERT_TESTS = REPO_ROOT / "ops" / "prometheus" / "alerts_test.yml"
CASCADE_ROUTE = "careful"

# The metric families operators are promised (docs/operations.md); the dashboard and the alerts use each.
PROMISED_METRICS = {
    "switchyard_requests_total", "gen_ai_client_token_usage", "switchyard_cost_microdollars_total",
    "switchyard_baseline_cost_microdollars_total", "gen_ai_client_operation_duration_seconds",
    "gen_ai_server_time_to_first_token_seconds", "switchyard_gateway_overhead_microseconds",
    "switchyard_routing_decisions_total", "switchyard_routing_decision_seconds", "switchyard_cascade_requests_total",
    "switchyard_retries_total", "switchyard_fallbacks_total", "switchyard_admission_rejections_total",
    "switchyard_breaker_state", "switchyard_upstream_in_flight", "switchyard_ledger_queue_depth",
    "switchyard_ledger_flush_seconds", "switchyard_keys_near_budget",
}

# `by (…)`, `on (…)` and friends hold label names, and `{…}` holds matchers; neither names a metric.
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
_MATCHERS = re.compile(r"\{[^}]*\}")
_IDENTIFIER = re.compile(r"\b(switchyard_\w+|gen_ai_\w+)")
_SUFFIX = re.compile(r"_(?:bucket|sum|count)$")


def metric_names(expression: str) -> set[str]:
    """The metric families a PromQL expression reads (histogram series folded into their family)."""
    bare = _MATCHERS.sub("", _GROUPING.sub("", expression))
    return {_SUFFIX.sub("", name) for name in _IDENTIFIER.findall(bare)}


def dashboard_expressions() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("expr", "definition") and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(dashboard)
    return found


def alert_expressions() -> list[str]:
    """Each rule's `expr`, inline or a `|` block, read without a YAML library (none is installed)."""
    lines = ALERTS.read_text().splitlines()
    found: list[str] = []
    index = 0
    while index < len(lines):
        match = re.match(r"^(\s*)expr:\s*(.*)$", lines[index])
        index += 1
        if not match:
            continue
        indent, rest = len(match.group(1)), match.group(2).strip()
        if rest not in ("|", ">", "|-", ">-"):
            found.append(rest)
            continue
        block: list[str] = []
        while index < len(lines) and (not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > indent):
            block.append(lines[index].strip())
            index += 1
        found.append(" ".join(block))
    return found


def referenced_metrics() -> dict[str, set[str]]:
    return {
        "dashboard": set().union(*(metric_names(e) for e in dashboard_expressions())),
        "alerts": set().union(*(metric_names(e) for e in alert_expressions())),
    }


def get(base_url: str, path: str, key: str | None = None) -> tuple[int, dict[str, str], str]:
    headers = {"authorization": f"Bearer {key}"} if key else {}
    request = urllib.request.Request(base_url + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode()


def emitted_families(scrape: str) -> set[str]:
    return {line.split()[2] for line in scrape.splitlines() if line.startswith("# TYPE ")}


@pytest.fixture(scope="module")
def observed(fake, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    """A gateway of its own, with a cascade route and a fallback chain on top of the test config,
    so that cascades, retries and fallbacks can happen."""
    original = conftest._config_yaml

    def config(fake_base_url: str, total_timeout: float) -> str:
        return original(fake_base_url, total_timeout) + "\n".join([
            f"  - name: {CASCADE_ROUTE}",
            "    default: general",
            "    baseline: sim-large",
            "    table: { general: sim-small }",
            "cascades:",
            f"  - {{ route: {CASCADE_ROUTE}, escalate_to: up-normal }}",  # pricier than sim-small, so the cascade applies
            "fallbacks:",
            "  up-error500: [sim-small]",
            "  up-slow-fallback: [sim-small]",
        ]) + "\n"

    conftest._config_yaml = config
    try:
        workdir = tmp_path_factory.mktemp("observed")
        process, match, api_key, upstream_key, log_path, log_file, pump = start_gateway(workdir, fake.base_url)
    finally:
        conftest._config_yaml = original
    yield Gateway(
        base_url=match.group(1), api_key=api_key, upstream_key=upstream_key, process=process, model_count=int(match.group(3)),
        config_source=match.group(4), config_path=workdir / "switchyard.yaml", log_path=log_path, fake=fake,
    )
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    pump.join(timeout=5)
    log_file.close()


@pytest.fixture(scope="module")
def traffic(observed: Gateway) -> dict[str, str]:
    """A little of everything: plain, streamed, routed, cascaded, failing-then-falling-back and
    rate-limited requests. Returns the secrets and text that must never show up elsewhere."""
    marker = "prompt" + secrets.token_hex(8)
    messages = [{"role": "user", "content": f"please summarise {marker}"}]
    with observed.client() as client:
        client.chat.completions.create(model="sim-small", messages=messages, max_tokens=8)
        for _ in client.chat.completions.create(model="sim-large", messages=messages, max_tokens=8, stream=True):
            pass
        client.chat.completions.create(model="up-normal", messages=messages)
        client.chat.completions.create(model=conftest.ROUTE, messages=messages, max_tokens=8)
        cascaded = client.chat.completions.with_raw_response.create(model=CASCADE_ROUTE, messages=messages, max_tokens=8)
        assert cascaded.headers.get("x-switchyard-cascade") in ("accepted", "escalated", "unjudged")
        client.chat.completions.create(model="up-error500", messages=messages, max_tokens=8)  # retried, then falls back
    account = admin(observed, "POST", "/admin/v1/accounts", {"name": "obs-" + secrets.token_hex(3)})
    plan = admin(observed, "POST", "/admin/v1/plans", {"name": "obs-plan", "limits": {"rpm": 1}})
    key = admin(observed, "POST", "/admin/v1/keys", {"account_id": account["id"], "plan_id": plan["id"]})
    with observed.client(api_key=key["key"]) as limited:
        limited.chat.completions.create(model="sim-small", messages=messages, max_tokens=8)
        with pytest.raises(openai.RateLimitError):
            limited.chat.completions.create(model="sim-small", messages=messages, max_tokens=8)
    admin(observed, "GET", "/admin/v1/usage")  # flushes the ledger writer, so a flush has been timed
    return {"marker": marker, "master_key": observed.api_key, "key": key["key"], "upstream_key": observed.upstream_key}


def test_the_overhead_a_response_reports_leaves_out_failed_attempts_and_the_waits_between_them(observed: Gateway, marker: str) -> None:
    """A request served by its fallback after two attempts that each waited out the first-byte
    timeout (the fast lane's, then the full path's retry): `x-switchyard-overhead-us` is the
    gateway's own time, so the two seconds spent on the slow upstream are not in it."""
    with observed.client() as client:
        raw = client.chat.completions.with_raw_response.create(model="up-slow-fallback", messages=[{"role": "user", "content": marker}])
    assert raw.http_response.status_code == 200
    assert raw.headers["x-switchyard-model"] == "sim-small" and raw.headers["x-switchyard-fallbacks"] == "1"
    overhead_us = int(raw.headers["x-switchyard-overhead-us"])
    timed_out_us = 2 * conftest.FIRST_BYTE_TIMEOUT_SECONDS * 1_000_000
    assert overhead_us < timed_out_us / 4, f"overhead {overhead_us} µs includes the upstream's {timed_out_us:.0f} µs"


def admin(gateway: Gateway, method: str, path: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(gateway.base_url + path, data=data, method=method, headers={
        "authorization": f"Bearer {gateway.api_key}", "content-type": "application/json",
    })
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_the_dashboard_and_the_alerts_cover_every_promised_metric() -> None:
    referenced = referenced_metrics()
    assert referenced["dashboard"], "no metric found in the dashboard's expressions"
    assert referenced["alerts"], "no metric found in the alert rules' expressions"
    assert PROMISED_METRICS - referenced["dashboard"] == set(), "promised metrics missing from the dashboard"
    assert referenced["alerts"] - PROMISED_METRICS == set(), "the alerts use metrics nobody promised"
    assert referenced["dashboard"] - PROMISED_METRICS == set(), "the dashboard uses metrics nobody promised"
    for rule in ("SwitchyardErrorRateSpike", "SwitchyardLatencyP95Spike", "SwitchyardBreakerOpen", "SwitchyardLedgerBacklog",
                 "SwitchyardBudgetNearlyExhausted"):
        assert f"alert: {rule}" in ALERTS.read_text()


def test_every_metric_the_dashboard_and_alerts_use_is_emitted(observed: Gateway, traffic: dict[str, str]) -> None:
    status, headers, scrape = get(observed.base_url, "/metrics")
    assert status == 200, scrape[:500]
    assert headers["content-type"].startswith("text/plain")
    emitted = emitted_families(scrape)
    for source, names in referenced_metrics().items():
        missing = sorted(names - emitted)
        assert missing == [], f"the {source} use metrics the gateway does not emit: {missing}"
    for secret in traffic.values():
        assert secret not in scrape


def test_the_status_page_shows_models_without_keys_or_prompts(observed: Gateway, traffic: dict[str, str]) -> None:
    status, headers, page = get(observed.base_url, "/status")
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert "<table" in page
    for model in ("sim-small", "sim-large", "up-normal", "up-error500"):
        row = re.search(rf"<tr[^>]*><td>{re.escape(model)}</td>(.*?)</tr>", page, re.S)
        assert row, f"{model} has no row"
        requests = int(re.findall(r"<td>(\d+)</td>", row.group(1))[0])
        assert requests >= 1, f"{model} shows no traffic"
    failing = re.search(r"<tr[^>]*><td>up-error500</td><td>(\w+)</td>.*?<td>100\.0%</td>", page, re.S)
    assert failing and failing.group(1) in ("degraded", "down"), "the failing model should show its errors"
    for secret in traffic.values():
        assert secret not in page
    assert "sk-" not in page


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool (Debian package prometheus) is not installed")
def test_promtool_accepts_the_rules_their_unit_tests_and_every_dashboard_query(tmp_path: Path) -> None:
    for command in (["check", "rules", str(ALERTS)], ["test", "rules", str(ALERT_TESTS)]):
        checked = subprocess.run(["promtool", *command], capture_output=True, text=True, timeout=60)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    # Each dashboard query, its Grafana variables filled in, as a recording rule promtool parses.
    queries = [e for e in dashboard_expressions() if not e.startswith("label_values(")]
    lines = ["groups:", "  - name: dashboard", "    rules:"]
    for number, query in enumerate(queries):
        query = query.replace("$__rate_interval", "5m").replace("$__range", "1h").replace("$instance", ".*")
        lines += [f"      - record: dashboard:query{number}", f"        expr: {json.dumps(query)}"]
    rules = tmp_path / "dashboard_rules.yml"
    rules.write_text("\n".join(lines) + "\n")
    checked = subprocess.run(["promtool", "check", "rules", str(rules)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{len(queries)} rules found" in checked.stdout
