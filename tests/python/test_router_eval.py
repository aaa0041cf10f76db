"""`switchyard router eval` on the held-out labelled split: the report is internally consistent."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import REPO_ROOT, _binary


def test_router_eval_reports_accuracy_confusion_and_latency() -> None:
    test_split = REPO_ROOT / "data" / "router-eval" / "test.jsonl"
    rows = len(test_split.read_text().splitlines())
    result = subprocess.run([str(_binary()), "router", "eval", str(test_split), "--route", "auto"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"route auto: {rows} prompts" in out
    correct, total = map(int, re.search(r"accuracy [\d.]+% \((\d+)/(\d+)\)", out).groups())
    assert total == rows
    assert re.search(r"decision latency µs: p50 [\d.]+\s+p95 [\d.]+\s+p99 [\d.]+", out)
    # The confusion matrix adds up: its diagonal is the accuracy's numerator, its cells the rows.
    table = out.split("confusion (rows: label, columns: routed category)\n", 1)[1].strip().splitlines()
    columns = table[0].split("\t")[1:-1]
    diagonal = cells = 0
    for line in table[1:]:
        label, *counts, _recall = line.split("\t")
        counts = list(map(int, counts))
        cells += sum(counts)
        diagonal += counts[columns.index(label)]
    assert cells == rows and diagonal == correct
    hard_small, hard = map(int, re.search(r"hard \(reasoning/code/agent\) sent to simple: [\d.]+% \((\d+)/(\d+)\)", out).groups())
    assert hard == sum(1 for line in test_split.read_text().splitlines() if re.search(r'"category": ?"(reasoning|code|agent)"', line))
    assert 0 <= hard_small <= hard


def _eval(*args: str) -> str:
    test_split = REPO_ROOT / "data" / "router-eval" / "test.jsonl"
    result = subprocess.run([str(_binary()), "router", "eval", str(test_split), *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_semantic_and_hybrid_classifiers_meet_the_bars_on_the_held_out_split() -> None:
    """The shipped model was trained on train.jsonl only; test.jsonl is held out."""
    for args, name in [(("--classifier", "semantic"), "semantic"), (("--classifier", "hybrid"), "hybrid"), (("--route", "auto-hybrid"), "hybrid")]:
        out = _eval(*args)
        assert f"classifier {name}" in out.splitlines()[0]
        correct, total = map(int, re.search(r"accuracy [\d.]+% \((\d+)/(\d+)\)", out).groups())
        assert correct / total >= 0.90, out
        hard_small, hard = map(int, re.search(r"sent to simple: [\d.]+% \((\d+)/(\d+)\)", out).groups())
        assert hard_small / hard <= 0.03, out


def test_an_unknown_classifier_is_refused() -> None:
    test_split = REPO_ROOT / "data" / "router-eval" / "test.jsonl"
    result = subprocess.run([str(_binary()), "router", "eval", str(test_split), "--classifier", "magic"], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "unknown classifier 'magic'" in result.stderr
