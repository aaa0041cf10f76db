#!/usr/bin/env python3
"""Added latency of translated vs same-dialect paths through the gateway. Not a test.

Starts the two-dialect fake upstream (tests/python/fake_dialects.py) and a gateway in front of it,
then for each client dialect x upstream dialect, plain and streamed, times N requests through the
gateway and N straight to the fake in the upstream's dialect (keep-alive connections, raw HTTP).
Added latency = gateway median - direct median (and the same at p90). The bar: a translated
path adds at most 2x what the same-dialect path adds.

    SWITCHYARD_BIN=.build/debug/switchyard .venv/bin/python scripts/bench_dialects.py [N]
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests/python"))

import conformance_gateway  # noqa: E402
import fake_dialects  # noqa: E402

PROMPT = "benchmark the translated path against the same-dialect path"


def body(dialect: str, model: str, stream: bool) -> bytes:
    payload = {"model": model, "messages": [{"role": "user", "content": PROMPT}], "stream": stream}
    if dialect == "anthropic":
        payload["max_tokens"] = 200
    elif stream:
        payload["stream_options"] = {"include_usage": True}
    return json.dumps(payload).encode()


def timings(host: str, port: int, path: str, headers: dict[str, str], data: bytes, count: int) -> list[float]:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    samples = []
    for index in range(count + count // 10):
        started = time.perf_counter()
        connection.request("POST", path, body=data, headers={"content-type": "application/json", **headers})
        response = connection.getresponse()
        response.read()
        assert response.status == 200, response.status
        if index >= count // 10:  # the first tenth warms up
            samples.append((time.perf_counter() - started) * 1e6)
    connection.close()
    return samples


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    fake = fake_dialects.start(slow_seconds=3.0)
    gateway = conformance_gateway.start(Path(tempfile.mkdtemp(prefix="bench-dialects-")), fake.base_url)
    try:
        fake_url, gateway_url = urlparse(fake.base_url), urlparse(gateway.base_url)
        paths = {"openai": "/v1/chat/completions", "anthropic": "/v1/messages"}
        upstream_dialect = {"oa": "openai", "an": "anthropic"}
        rows = []
        for stream in (False, True):
            for client in ("openai", "anthropic"):
                for upstream in ("oa", "an"):
                    direct_dialect = upstream_dialect[upstream]
                    direct = timings(fake_url.hostname, fake_url.port, paths[direct_dialect], {},
                                     body(direct_dialect, "fake-normal", stream), count)
                    key = {"authorization": f"Bearer {gateway.api_key}"}
                    through = timings(gateway_url.hostname, gateway_url.port, paths[client], key,
                                      body(client, f"{upstream}-normal", stream), count)
                    added = (statistics.median(through) - statistics.median(direct), percentile(through, 0.9) - percentile(direct, 0.9))
                    kind = "same-dialect" if client == direct_dialect else "translated"
                    rows.append((("stream" if stream else "json"), f"{client}->{direct_dialect}", kind, statistics.median(direct), *added))
        print(f"\n{count} requests per cell (debug build unless SWITCHYARD_BIN says otherwise); microseconds")
        print(f"{'mode':7}{'path':22}{'kind':14}{'direct p50':>12}{'added p50':>12}{'added p90':>12}")
        for mode, path, kind, direct, p50, p90 in rows:
            print(f"{mode:7}{path:22}{kind:14}{direct:12.0f}{p50:12.0f}{p90:12.0f}")
        print()
        for mode in ("json", "stream"):
            same = [r[4] for r in rows if r[0] == mode and r[2] == "same-dialect"]
            translated = [r[4] for r in rows if r[0] == mode and r[2] == "translated"]
            ratio = max(translated) / max(1.0, min(same))
            print(f"{mode}: worst translated added p50 / best same-dialect added p50 = {ratio:.2f} (bar: <= 2)")
    finally:
        gateway.stop()
        fake.stop()


if __name__ == "__main__":
    main()
