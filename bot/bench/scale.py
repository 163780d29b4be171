"""`python -m bot.bench.scale` (`make bench-scale`): one vs two Rasa servers, same load as `make bench`.

Starts the scale-out shape once (`bot.scale.start_scaled(2)`: PostgreSQL tracker store, atomic
Redis lock store, RabbitMQ events, nginx) and plays the bench's signed-in dialogues at 10 and 50
concurrent conversations, first against one Rasa server directly, then through nginx across
both. Same machine, same run, same stores: the ratio is what a second server adds here. On 2 cores
the servers share the CPUs; on a cluster each has its own machine (docs/benchmarks.md says what
that changes). Writes var/bench/scale-<time>.json and the table into docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from typing import Dict, List, Optional

from bot.bench import OUR_TURNS, OUT, PERSONAS, _say
from bot.bench.load import Dialogue, LevelResult, percentile, run_level
from bot.bench.procs import machine
from bot.settings import ROOT

SCALE_LEVELS = {10: 3, 50: 2}  # concurrent conversations -> dialogues each plays
MARKER = "<!-- scale-bench -->"


def _tokens(wallet_url: str) -> Dict[str, str]:
    import httpx
    return {p: httpx.post(f"{wallet_url}/api/v1/demo/session", json={"persona": p},
                          timeout=30).json()["token"] for p in PERSONAS}


def _measure(name: str, url: str, dialogues: List[Dialogue]) -> Dict[int, LevelResult]:
    results = {}
    for conversations, rounds in SCALE_LEVELS.items():
        results[conversations] = asyncio.run(run_level(
            url, lambda i: dialogues[i % len(dialogues)], conversations, rounds, lambda: None,
            prefix=f"{name}-{uuid.uuid4().hex[:4]}"))
        result = results[conversations]
        _say(f"{name}: {conversations:>2} conversations, {result.throughput:5.1f} msg/s, "
             f"p95 {percentile(result.all_samples, 95) / 1000:.2f} s, {len(result.errors)} errors"
             + (f" (first: {result.errors[0]})" if result.errors else ""))
    return results


def render(one: Dict[int, LevelResult], two: Dict[int, LevelResult], where: str) -> str:
    lines = [MARKER, f"### One vs two Rasa servers (scale-out shape, {where})", "",
             "| conversations | one server: msg/s | two servers (nginx): msg/s | ratio | "
             "one: p95 s | two: p95 s | errors |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for level in SCALE_LEVELS:
        a, b = one[level], two[level]
        lines.append(f"| {level} | {a.throughput:.1f} | {b.throughput:.1f} | "
                     f"{b.throughput / a.throughput:.2f}× | {percentile(a.all_samples, 95) / 1000:.2f} | "
                     f"{percentile(b.all_samples, 95) / 1000:.2f} | {len(a.errors) + len(b.errors)} |")
    lines += ["", "Both rows use the same stores (PostgreSQL tracker, atomic Redis lock store, "
              "RabbitMQ events); \"one server\" is sent to one Rasa server directly, \"two\" through "
              "nginx round robin. Produced by `make bench-scale`.", MARKER]
    return "\n".join(lines)


def write_docs(block: str) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if text.count(MARKER) >= 2:
        head, _, rest = text.partition(MARKER)
        _, _, tail = rest.partition(MARKER)
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.bench.scale", description=__doc__.split("\n")[0])
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    from bot.scale import start_scaled

    run_id = uuid.uuid4().hex[:8]
    # The load comes from one address: the per-client limit would refuse it (that is its job).
    scaled = start_scaled(2, log_dir=OUT / "scale-logs", tracker_db=f"bench_tracker_{run_id}",
                          wallet_db=f"bench_wallet_{run_id}", chat_rate="10000r/s", chat_burst=10000,
                          WALLET_DEMO_MODE="true")
    try:
        tokens = _tokens(scaled.core.wallet_url)
        dialogues = [Dialogue(OUR_TURNS, {"token": tokens[p]}) for p in PERSONAS]
        one = _measure("one server", f"{scaled.rasa_urls[0]}/webhooks/rest/webhook", dialogues)
        two = _measure("two servers", f"{scaled.url}/webhooks/rest/webhook", dialogues)
    finally:
        scaled.stop()
        from bot.scale import drop_databases
        drop_databases([f"bench_tracker_{run_id}", f"bench_wallet_{run_id}"], scaled.env)
    block = render(one, two, machine())
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"scale-{stamp}.json").write_text(json.dumps({
        "machine": machine(),
        **{f"{name}_{level}": {"throughput": r.throughput, "p95_ms": percentile(r.all_samples, 95),
                               "errors": len(r.errors)}
           for name, results in (("one", one), ("two", two)) for level, r in results.items()}},
        indent=1))
    if not args.no_docs:
        write_docs(block)
    print(block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
