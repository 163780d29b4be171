"""Turn harvested public phrasings (TSV: intent, text, source, second intent) into NLU training
data, keeping the wild evaluation set unseen.

Collected by people who never opened the wild set, from pages it does not use; still, anything
from a page the wild set uses, or within character-bigram Jaccard `--near` (0.4, as for written
data) of any wild item, is dropped, so the wild figures stay a measure of unseen text. Repeats
within the harvest and of existing training examples (>= 0.8) are dropped too.

    python scripts/public_phrasings.py /tmp/harvest/*.tsv --out data/nlu/public_phrasings.yml
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.nlu.evaluate import DEFAULT_WILD, find_leaks, load_training_examples, load_wild  # noqa: E402

FAQ_KEYS = {"change_phone", "hotline", "is_free", "multiple_channels", "offline_elderly",
            "pharmacy_support", "refund", "reimbursement_records", "screenshot", "unbind"}
# Set by guards or buttons only, never trained (docs/intents.md).
UNTRAINED = {"other_language", "share_sensitive_data", "revoke_authorization"}

Item = Tuple[str, str, str]  # intent, text, source


def domain_intents() -> set:
    return set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])


def read_tsv(paths: Sequence[Path]) -> Tuple[List[Item], Counter]:
    intents, rejected = domain_intents(), Counter()
    items: List[Item] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            cols = [c.strip() for c in line.split("\t")]
            if len(cols) < 3 or not cols[1]:
                rejected["malformed line"] += 1
                continue
            intent, text, source = cols[0], " ".join(cols[1].split()), cols[2]
            base, _, key = intent.partition("/")
            if base == "faq" and key not in FAQ_KEYS:
                rejected["faq without a known key"] += 1
                continue
            if base not in intents or base in UNTRAINED or (base != "faq" and key):
                rejected[f"not a trainable intent ({intent})"] += 1
                continue
            items.append((intent, text, source))
    return items, rejected


def select(items: List[Item], near: float) -> Tuple[List[Item], Counter]:
    dropped: Counter = Counter()
    wild = load_wild(DEFAULT_WILD)
    wild_sources = {item.source.rstrip("/") for item in wild}
    kept = []
    for item in items:
        if item[2].rstrip("/") in wild_sources:
            dropped["page used by the wild set"] += 1
        else:
            kept.append(item)
    near_wild = {leak.text for leak in find_leaks([i[1] for i in kept], [w.text for w in wild], near)}
    dropped["near a wild item"] += sum(1 for i in kept if i[1] in near_wild)
    kept = [i for i in kept if i[1] not in near_wild]
    training = [text for text, _ in load_training_examples(ROOT / "data" / "nlu") if text]
    in_training = {leak.text for leak in find_leaks([i[1] for i in kept], training, 0.8)}
    dropped["repeat of a training example"] += sum(1 for i in kept if i[1] in in_training)
    kept = [i for i in kept if i[1] not in in_training]
    unique: List[Item] = []
    for item in kept:  # first occurrence wins; later near-repeats (reposted FAQ headings) go
        if find_leaks([item[1]], [u[1] for u in unique], 0.8):
            dropped["repeat within the harvest"] += 1
        else:
            unique.append(item)
    return unique, dropped


def render(items: List[Item], header: str) -> str:
    by_intent: Dict[str, List[Item]] = defaultdict(list)
    for item in items:
        by_intent[item[0]].append(item)
    lines = ['version: "3.1"', ""] + [f"# {h}".rstrip() for h in header.splitlines()] + ["nlu:"]
    for intent in sorted(by_intent):
        # Each example keeps the page it came from as metadata (Rasa ignores it in training).
        lines += [f"- intent: {intent}", "  examples:"]
        for _, text, source in by_intent[intent]:
            lines += [f"  - text: {json.dumps(text, ensure_ascii=False)}",
                      f"    metadata: {{source: {json.dumps(source, ensure_ascii=False)}}}"]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tsv", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--near", type=float, default=0.4)
    parser.add_argument("--header", type=Path, help="file with the comment block for the output")
    args = parser.parse_args(argv)
    items, rejected = read_tsv(args.tsv)
    kept, dropped = select(items, args.near)
    header = args.header.read_text(encoding="utf-8") if args.header else ""
    args.out.write_text(render(kept, header), encoding="utf-8")
    print(f"read {len(items) + sum(rejected.values())}, kept {len(kept)} -> {args.out}")
    for reason, n in (rejected + dropped).most_common():
        print(f"  dropped {n:4d}: {reason}")
    for intent, n in Counter(i[0] for i in kept).most_common():
        print(f"  {n:4d} {intent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
