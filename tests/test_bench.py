"""The bench's arithmetic and its table: percentiles, ratios, verdicts against the targets."""
from __future__ import annotations

import json

from bot.bench.load import LevelResult, percentile
from bot.bench.report import BEGIN, END, Figures, render, write_docs


def level(conversations, wall, **samples):
    return LevelResult(conversations, wall, {k: list(v) for k, v in samples.items()}, [])


def test_percentiles_are_nearest_rank_in_milliseconds():
    samples = [i / 1000 for i in range(1, 101)]  # 1..100 ms
    assert percentile(samples, 50) == 50
    assert percentile(samples, 95) == 95
    assert percentile(samples, 99) == 99
    assert percentile([], 50) == 0


def figures(product_throughput: float) -> Figures:
    f = Figures(machine="test")
    f.starter = {1: level(1, 1, greeting=[0.05] * 4, plain=[0.04] * 12),
                 10: level(10, 10, plain=[0.5] * 200), 50: level(50, 10, plain=[2.0] * 200)}
    f.product = {1: level(1, 1, greeting=[0.04] * 4, diagnosis=[0.2] * 4, plain=[0.05] * 8),
                 10: level(10, 10, plain=[0.4] * int(product_throughput * 10)),
                 50: level(50, 10, plain=[1.0] * int(product_throughput * 10))}
    f.rss = {"starter rasa": 1000, "product rasa": 1500}
    return f


def test_ratios_and_verdicts_follow_the_targets():
    rows = {row[0]: row for row in figures(product_throughput=10).rows()}
    assert rows["10 conversations: throughput"][3] == 0.5  # 10 vs 20 msg/s
    assert rows["greeting turn p50"][3] == 0.8
    assert rows["diagnosis turn p50 (starter: any turn)"][3] == 5.0
    table = render(figures(product_throughput=10))
    assert "| 10 conversations: throughput | 10.0 msg/s | 20.0 msg/s | 0.50× | ≥ 1.0× | **not met** |" in table
    assert "| greeting turn p50 | 40 ms | 50 ms | 0.80× | ≤ 1.0× | met |" in table
    assert "| Rasa server peak RSS | 1500 MB | 1000 MB | 1.50× | ≤ 1.1× | **not met** |" in table
    faster = render(figures(product_throughput=25))
    assert "| 50 conversations: throughput | 25.0 msg/s | 20.0 msg/s | 1.25× | ≥ 1.0× | met |" in faster


def test_docs_block_is_replaced_and_the_rest_kept(tmp_path):
    docs = tmp_path / "benchmarks.md"
    docs.write_text(f"# Benchmarks\n\nhow it works\n\n{BEGIN}\nold table\n{END}\n\n## History\nkept\n")
    write_docs("new table\n", docs)
    text = docs.read_text()
    assert "old table" not in text and "new table" in text
    assert text.startswith("# Benchmarks\n\nhow it works") and text.endswith("## History\nkept\n")


def test_paired_turns_alternate_and_the_turn_targets_are_judged_on_them():
    import asyncio

    import httpx

    from bot.bench.load import Dialogue, Side, Turn, run_paired

    seen = []

    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append((request.url.host, body["message"]))
        return httpx.Response(200, json=[{"text": f"ok {body['message']}"}])

    ours = Dialogue([Turn("你好", "greeting", "ok"), Turn("付款失败了", "diagnosis")])
    theirs = Dialogue([Turn("hello", "greeting"), Turn("I am sad", "plain"), Turn("bye", "plain")])
    results = asyncio.run(run_paired(
        [Side("starter", "http://starter/webhook", lambda i: theirs),
         Side("product", "http://product/webhook", lambda i: ours)],
        rounds=2, tick=lambda: None, transport=httpx.MockTransport(answer)))
    # turn by turn, the side that goes first swapped each time; a longer dialogue finishes alone
    assert [host for host, _ in seen[:5]] == ["starter", "product", "product", "starter", "starter"]
    assert len(seen) == 10
    assert sorted(results["product"].samples) == ["diagnosis", "greeting"]
    assert len(results["starter"].all_samples) == 6 and not results["starter"].errors

    f = figures(product_throughput=10)
    f.paired = {"product": level(1, 1, greeting=[0.07] * 3, diagnosis=[0.06] * 3),
                "starter": level(1, 1, greeting=[0.05] * 3, plain=[0.05] * 6)}
    rows = {row[0]: row for row in f.rows()}
    assert rows["greeting turn p50 (interleaved)"][3:] == (1.4, "≤ 1.0×")
    assert rows["diagnosis turn p50 (interleaved) (starter: any turn)"][3:] == (1.2, "≤ 1.5×")
    # the sequential single-conversation medians stay in the table, without a target
    assert rows["greeting turn p50 (runs minutes apart)"][3:] == (0.8, "")
