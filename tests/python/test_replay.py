"""`switchyard replay`: the seed 000 scenario through routing policies on the simulator."""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

from conftest import _binary


def replay(tmp_path: Path, *arguments: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHYARD_", "OPENAI_", "VLLM_", "ANTHROPIC_"))}
    result = subprocess.run(
        [str(_binary()), "replay", *arguments, "--time-scale", "0.01", "--csv", str(tmp_path / "replay.csv"), "--svg", str(tmp_path / "replay.svg")],
        capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def summary(stdout: str) -> dict[str, dict[str, str]]:
    lines = [line.split("\t") for line in stdout.splitlines() if "\t" in line]
    header = lines[0]
    return {row[0]: dict(zip(header, row)) for row in lines[1:]}


def test_seed000_replay_reports_route_mix_cost_and_savings(tmp_path: Path) -> None:
    stdout = replay(tmp_path, "--scenario", "seed000", "--policy", "auto", "--policy", "auto-economy")
    table = summary(stdout)
    assert set(table) == {"auto", "auto-economy", "deepseek-v3.2"}
    assert table["deepseek-v3.2"]["route_mix"] == "explicit 1000"
    assert all(row["failed"] == "0" for row in table.values())

    with open(tmp_path / "replay.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3000
    cost = {policy: sum(int(r["cost_picodollars"]) for r in rows if r["policy"] == policy) for policy in table}
    # The baseline's cost is every request's tokens at DeepSeek V3.2's prices ($0.28 in, $0.42 out per 1M).
    baseline = [r for r in rows if r["policy"] == "deepseek-v3.2"]
    assert cost["deepseek-v3.2"] == sum(int(r["input_tokens"]) * 280_000 + int(r["output_tokens"]) * 420_000 for r in baseline)
    assert all(r["output_tokens"] == "200" for r in rows)
    # Routing saves: the seed's table and the economy table both cost less than the baseline.
    assert cost["auto"] < cost["deepseek-v3.2"]
    assert cost["auto-economy"] <= 0.4 * cost["deepseek-v3.2"]
    saved = float(table["auto-economy"]["saved_vs_deepseek-v3.2"].rstrip("%"))
    assert abs(saved - 100 * (1 - cost["auto-economy"] / cost["deepseek-v3.2"])) < 0.1
    mix = dict(part.rsplit(" ", 1) for part in table["auto"]["route_mix"].split(", "))
    assert sum(int(count) for count in mix.values()) == 1000
    assert (tmp_path / "replay.svg").read_text().startswith("<svg")


def test_a_written_traffic_log_replays_the_same(tmp_path: Path) -> None:
    traffic = tmp_path / "seed000.jsonl"
    replay(tmp_path, "--scenario", "seed000", "--write-traffic", str(traffic))
    assert len(traffic.read_text().splitlines()) == 1000
    from_file = summary(replay(tmp_path, str(traffic), "--policy", "auto"))
    from_scenario = summary(replay(tmp_path, "--scenario", "seed000", "--policy", "auto"))
    assert from_file["auto"]["cost"] == from_scenario["auto"]["cost"]
    assert from_file["auto"]["route_mix"] == from_scenario["auto"]["route_mix"]
