"""The bench's figures, the issue's targets, and the Markdown table beside the starter's."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from bot.bench.load import LevelResult, percentile, summary

BEGIN, END = "<!-- bench:latest -->", "<!-- /bench:latest -->"


@dataclass
class Figures:
    machine: str
    training: Dict[str, float] = field(default_factory=dict)
    starter_training: float = 0.0
    starter_start: float = 0.0
    product_start: float = 0.0
    starter: Dict[int, LevelResult] = field(default_factory=dict)
    product: Dict[int, LevelResult] = field(default_factory=dict)
    rss: Dict[str, float] = field(default_factory=dict)
    # both servers up, one conversation each, turns interleaved (load.run_paired): "product",
    # "starter" -> their samples; the per-turn targets are judged on these when present
    paired: Dict[str, LevelResult] = field(default_factory=dict)

    def rows(self) -> List[Tuple[str, str, str, Optional[float], str]]:
        """(figure, product, starter, ratio product/starter, target) for every compared figure."""
        rows = []
        ours1, theirs1 = self.product.get(1), self.starter.get(1)
        if ours1 and theirs1:
            a, b = ours1.all_samples, theirs1.all_samples
            rows.append(("1 conversation, every turn: p50", _ms(percentile(a, 50)), _ms(percentile(b, 50)),
                         _ratio(percentile(a, 50), percentile(b, 50)), ""))
            rows.append(("1 conversation, every turn: p95", _ms(percentile(a, 95)), _ms(percentile(b, 95)),
                         _ratio(percentile(a, 95), percentile(b, 95)), ""))
        if self.paired.get("product") and self.paired.get("starter"):
            rows += _turn_rows(self.paired["product"], self.paired["starter"],
                               " (interleaved)", targets=True)
            if ours1 and theirs1:
                rows += _turn_rows(ours1, theirs1, " (runs minutes apart)", targets=False)
        elif ours1 and theirs1:
            rows += _turn_rows(ours1, theirs1, "", targets=True)
        for level in (10, 50):
            ours, theirs = self.product.get(level), self.starter.get(level)
            if not (ours and theirs):
                continue
            rows.append((f"{level} conversations: throughput", f"{ours.throughput:.1f} msg/s",
                         f"{theirs.throughput:.1f} msg/s", _ratio(ours.throughput, theirs.throughput), "≥ 1.0×"))
            for q in (95, 99):
                a, b = percentile(ours.all_samples, q), percentile(theirs.all_samples, q)
                rows.append((f"{level} conversations: p{q}", _ms(a), _ms(b), _ratio(a, b),
                             "≤ 1.0×" if (level, q) == (50, 95) else ""))
        errors_a = sum(len(r.errors) for r in self.product.values()) + len(
            self.paired["product"].errors if "product" in self.paired else [])
        errors_b = sum(len(r.errors) for r in self.starter.values()) + len(
            self.paired["starter"].errors if "starter" in self.paired else [])
        rows.append(("errors (all levels)", str(errors_a), str(errors_b), None, "0"))
        if self.rss.get("starter rasa"):
            rows.append(("Rasa server peak RSS", _mb(self.rss.get("product rasa", 0)),
                         _mb(self.rss["starter rasa"]),
                         _ratio(self.rss.get("product rasa", 0), self.rss["starter rasa"]), "≤ 1.1×"))
        for name in ("product action server", "product wallet"):
            if name in self.rss:
                rows.append((f"{name.replace('product ', '')} peak RSS", _mb(self.rss[name]), "–", None, ""))
        if self.training:
            rows.append(("cold training (empty cache)", f"{self.training['cold']:.0f} s",
                         f"{self.starter_training:.0f} s (`rasa init`)", None, "≤ 180 s"))
            rows.append(("training step on an unchanged tree", f"{self.training['cached']:.1f} s", "–", None, ""))
        if self.product_start and self.starter_start:
            rows.append(("start command → first answered message", f"{self.product_start:.1f} s",
                         f"{self.starter_start:.1f} s", _ratio(self.product_start, self.starter_start),
                         "≤ 1.3×"))
        return rows

    def as_json(self) -> Dict[str, object]:
        def levels(results: Dict[int, LevelResult]) -> Dict[str, object]:
            return {str(level): {"conversations": r.conversations, "messages": r.messages,
                                 "wall_seconds": round(r.wall_seconds, 2),
                                 "throughput_msg_s": round(r.throughput, 2),
                                 "all": summary(r.all_samples),
                                 "by_kind": {k: summary(v) for k, v in r.samples.items()},
                                 "errors": r.errors[:50], "error_count": len(r.errors)}
                    for level, r in results.items()}
        return {"machine": self.machine,
                "paired": {name: {"by_kind": {k: summary(v) for k, v in r.samples.items()},
                                  "errors": r.errors[:50]} for name, r in self.paired.items()},
                "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                "training_seconds": self.training, "starter_training_seconds": self.starter_training,
                "start_to_first_answer_seconds": {"product": self.product_start,
                                                  "starter": self.starter_start},
                "peak_rss_mb": self.rss, "product": levels(self.product), "starter": levels(self.starter),
                "rows": [dict(zip(("figure", "product", "starter", "ratio", "target"), row))
                         for row in self.rows()]}


def _turn_rows(ours: LevelResult, theirs: LevelResult, how: str,
               targets: bool) -> List[Tuple[str, str, str, Optional[float], str]]:
    """The greeting against the starter's greeting; the diagnosis, FAQ and form turns against
    the starter's median turn."""
    rows = []
    greet_a = percentile(ours.samples.get("greeting", []), 50)
    greet_b = percentile(theirs.samples.get("greeting", []), 50)
    rows.append((f"greeting turn p50{how}", _ms(greet_a), _ms(greet_b), _ratio(greet_a, greet_b),
                 "≤ 1.0×" if targets else ""))
    plain = percentile(theirs.all_samples, 50)
    for kind, target in (("diagnosis", "≤ 1.5×"), ("faq", ""), ("form", "")):
        if ours.samples.get(kind):
            value = percentile(ours.samples[kind], 50)
            rows.append((f"{kind} turn p50{how} (starter: any turn)", _ms(value), _ms(plain),
                         _ratio(value, plain), target if targets else ""))
    return rows


def _ms(seconds_ms: float) -> str:
    return f"{seconds_ms:.0f} ms"


def _mb(value: float) -> str:
    return f"{value:.0f} MB"


def _ratio(ours: float, theirs: float) -> Optional[float]:
    return round(ours / theirs, 2) if theirs else None


def _verdict(ratio: Optional[float], target: str, product: str) -> str:
    match = re.match(r"([≤≥]) ([\d.]+)(×| s)?", target)
    if not match:
        return ""
    sign, bound = match.group(1), float(match.group(2))
    value = ratio if match.group(3) == "×" else _number(product)
    if value is None:
        return ""
    ok = value <= bound if sign == "≤" else value >= bound
    return "met" if ok else "**not met**"


def _number(text: str) -> Optional[float]:
    match = re.match(r"[\d.]+", text)
    return float(match.group(0)) if match else None


def render(figures: Figures) -> str:
    lines = [f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {figures.machine}.",
             "", "| figure | this product | stock starter | ratio | target | |",
             "|---|---|---|---|---|---|"]
    for name, ours, theirs, ratio, target in figures.rows():
        verdict = _verdict(ratio, target, ours) if target != "0" else ("met" if ours == "0" else "**not met**")
        lines.append(f"| {name} | {ours} | {theirs} | {'' if ratio is None else f'{ratio:.2f}×'} "
                     f"| {target} | {verdict} |")
    errors = [e for r in [*figures.product.values(), *figures.paired.values()] for e in r.errors][:5]
    if errors:
        lines += ["", "First errors: " + "; ".join(errors)]
    return "\n".join(lines) + "\n"


def write_docs(markdown: str, path: Path) -> None:
    """Replace the block between the markers in docs/benchmarks.md (created if missing)."""
    block = f"{BEGIN}\n{markdown}{END}"
    text = path.read_text() if path.exists() else f"# Benchmarks\n\n## Latest `make bench`\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text += f"\n## Latest `make bench`\n\n{BEGIN}\n{END}\n"
    start, end = text.index(BEGIN), text.index(END) + len(END)
    path.write_text(text[:start] + block + text[end:])
