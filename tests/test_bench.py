"""The bench's arithmetic and its table: percentiles, ratios, verdicts against the targets."""
from __future__ import annotations

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
