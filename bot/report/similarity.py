"""Messages the assistant did not understand, grouped by similarity, and a YAML draft of them
for the next round of training data (`data/nlu/`).

Similarity: Jaccard of the character 1- and 2-grams of the normalised text (full-width to
half-width, lower case, no spaces or punctuation) — Chinese has no spaces, so characters, not
words; the single characters keep 「怎么」/「咋」 variants of one question together.
Grouping is greedy: most frequent text first; a text joins the first group whose leading text
is at least `threshold` similar, else starts a group. Deterministic and fast for thousands of
texts; good enough to put 「钱包咋开通」 and 「钱包怎么开通」 together.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Iterable, List

from bot.privacy import mask_sensitive

DEFAULT_THRESHOLD = 0.4
MAX_DISTINCT_TEXTS = 5000  # the rarest beyond this are left out (noted on the report)
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


@dataclass
class Group:
    representative: str
    count: int = 0
    examples: Counter = field(default_factory=Counter)  # text -> times seen


def normalise(text: str) -> str:
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def ngrams(text: str) -> FrozenSet[str]:
    norm = normalise(text)
    return frozenset(norm) | frozenset(norm[i:i + 2] for i in range(len(norm) - 1))


def jaccard(a: FrozenSet[str], b: FrozenSet[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def display_text(text: str) -> str:
    """One line, masked again (the store masks already; a report is read by more people)."""
    return mask_sensitive(" ".join(str(text).split()))[0][:200]


def group_texts(texts: Iterable[str], threshold: float = DEFAULT_THRESHOLD) -> List[Group]:
    """Groups of similar texts, largest first (ties: the representative's text order)."""
    counts = Counter(display_text(t) for t in texts if str(t).strip())
    distinct = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAX_DISTINCT_TEXTS]
    groups: List[Group] = []
    keys: List[FrozenSet[str]] = []
    by_norm: Dict[str, int] = {}
    for text, count in distinct:
        norm, grams = normalise(text), ngrams(text)
        index = by_norm.get(norm)
        if index is None:
            index = next((i for i, key in enumerate(keys) if jaccard(grams, key) >= threshold), None)
        if index is None:
            index = len(groups)
            groups.append(Group(representative=text))
            keys.append(grams)
        by_norm.setdefault(norm, index)
        groups[index].count += count
        groups[index].examples[text] += count
    return sorted(groups, key=lambda g: (-g.count, g.representative))


def _example_line(text: str) -> str:
    # Rasa reads `[x](entity)` and `{...}` inside examples as annotations: keep them literal.
    return text.replace("[", "【").replace("]", "】").replace("{", "｛").replace("}", "｝")


def nlu_draft(groups: List[Group], limit: int = 50) -> str:
    """A Rasa 3 NLU YAML draft: one block per group, intent names to be chosen by a person."""
    lines = [
        "# 草稿：助手没听懂的用户消息（已脱敏），按相似度分组。由 `python -m bot report --export-nlu` 生成。",
        "# 使用前请人工逐组确认：把 intent 改成 domain.yml 里的意图（或新建意图），删掉不合适的例句，",
        "# 再移入 data/nlu/ 并重新训练。注意不要放入 tests/nlu_wild/ 评测集里的句子。",
        'version: "3.1"',
        "nlu:",
    ]
    if not groups:
        lines[-1] = "nlu: []"
    for number, group in enumerate(groups[:limit], 1):
        lines.append(f"# 第{number}组：共 {group.count} 条，代表句「{_example_line(group.representative)}」")
        lines.append(f"- intent: unlabelled_{number:02d}")
        lines.append("  examples: |")
        for text, _count in sorted(group.examples.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"    - {_example_line(text)}")
    return "\n".join(lines) + "\n"
