"""The report's figures: conversation facts summed up (pure functions; JSON-ready dicts)."""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any, Dict, Iterable, List, Optional, Sequence

from bot.report.facts import ConversationFacts, beijing_day
from bot.report.similarity import DEFAULT_THRESHOLD, group_texts

UNKNOWN_GROUPS_SHOWN = 20
PERCENTILES = (50, 90, 95, 99)


def percentile(values: Sequence[float], p: float) -> Optional[float]:
    """Nearest-rank percentile: the smallest value with at least p% of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def _rate(part: int, whole: int) -> Optional[float]:
    return part / whole if whole else None


def _summary(values: List[float]) -> Dict[str, Any]:
    out: Dict[str, Any] = {"count": len(values)}
    if values:
        out["mean"] = sum(values) / len(values)
        out["max"] = max(values)
        for p in PERCENTILES:
            out[f"p{p}"] = percentile(values, p)
    return out


def _sorted_counts(counter: Counter) -> Dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], str(item[0]))))


def compute_metrics(conversations: Iterable[ConversationFacts],
                    similarity_threshold: float = DEFAULT_THRESHOLD) -> Dict[str, Any]:
    """Every figure of the report from the conversations' facts."""
    total = 0
    user_messages = bot_messages = 0
    per_day_conversations: Counter = Counter()
    per_day_messages: Counter = Counter()
    channels: Counter = Counter()
    pairs: Dict[str, Counter] = defaultdict(Counter)
    diagnosed_conversations = 0
    outcomes: Counter = Counter()
    solved_by: Counter = Counter()
    handoff_reasons: Counter = Counter()
    handoff_causes: Counter = Counter()
    fallback_messages = fallback_conversations = 0
    fallback_texts: List[str] = []
    forms: Dict[str, Dict[str, Any]] = {}
    turns: List[float] = []
    resolution: List[float] = []
    durations: List[float] = []
    latencies: List[float] = []
    first = last = None

    for facts in conversations:
        total += 1
        first = facts.started if first is None else min(first, facts.started)
        last = facts.ended if last is None else max(last, facts.ended)
        user_messages += facts.user_messages
        bot_messages += facts.bot_messages
        per_day_conversations[beijing_day(facts.started)] += 1
        per_day_messages.update(facts.message_days)
        channels[facts.channel] += 1
        if facts.diagnoses:
            diagnosed_conversations += 1
        for guess, cause in facts.diagnoses:
            pairs[guess][cause] += 1
        outcomes[facts.outcome] += 1
        if facts.outcome == "solved":
            solved_by[facts.solved_by] += 1
            resolution.append(max(0.0, (facts.solved_at or facts.started) - facts.started))
        if facts.handoff:
            handoff_reasons[facts.handoff] += 1
            handoff_causes[facts.handoff_cause or "none"] += 1
        fallback_messages += facts.fallbacks
        fallback_conversations += 1 if facts.fallbacks else 0
        fallback_texts.extend(facts.fallback_texts)
        for run in facts.forms:
            entry = forms.setdefault(run.form, {"started": 0, "completed": 0, "abandoned": 0,
                                                "abandoned_at": Counter()})
            entry["started"] += 1
            if run.completed:
                entry["completed"] += 1
            else:
                entry["abandoned"] += 1
                entry["abandoned_at"][run.step or "none"] += 1
        turns.append(facts.user_messages)
        durations.append(max(0.0, facts.ended - facts.started))
        latencies.extend(facts.latencies)

    groups = group_texts(fallback_texts, similarity_threshold)
    days = sorted(set(per_day_conversations) | set(per_day_messages))
    return {
        "totals": {"conversations": total, "user_messages": user_messages,
                   "bot_messages": bot_messages,
                   "first_message_at": first, "last_event_at": last},
        "per_day": [{"date": day, "conversations": per_day_conversations.get(day, 0),
                     "user_messages": per_day_messages.get(day, 0)} for day in days],
        "channels": _sorted_counts(channels),
        "guess_vs_cause": _guess_table(pairs, diagnosed_conversations),
        "containment": {
            "solved": outcomes["solved"], "handoff": outcomes["handoff"], "open": outcomes["open"],
            "solved_by_recheck": solved_by["recheck"], "solved_by_confirmation": solved_by["confirmed"],
            "solved_rate": _rate(outcomes["solved"], total),
            "handoff_rate": _rate(outcomes["handoff"], total),
            "without_human_rate": _rate(total - outcomes["handoff"], total),
        },
        "handoff_reasons": _sorted_counts(handoff_reasons),
        "handoff_causes": _sorted_counts(handoff_causes),
        "fallback": {"messages": fallback_messages, "message_rate": _rate(fallback_messages, user_messages),
                     "conversations": fallback_conversations,
                     "conversation_rate": _rate(fallback_conversations, total)},
        "forms": {name: {**entry, "abandoned_at": _sorted_counts(entry["abandoned_at"])}
                  for name, entry in sorted(forms.items())},
        "turns": {**_summary(turns), "histogram": _histogram(turns)},
        "resolution_seconds": _summary(resolution),
        "duration_seconds": _summary(durations),
        "latency_seconds": _summary(latencies),
        "unknown": {"messages": len(fallback_texts), "groups_total": len(groups),
                    "groups": [{"representative": g.representative, "count": g.count,
                                "examples": dict(g.examples.most_common(10))}
                               for g in groups[:UNKNOWN_GROUPS_SHOWN]]},
        "_unknown_groups": groups,  # all groups, for the NLU draft (not written to JSON)
    }


def _guess_table(pairs: Dict[str, Counter], diagnosed_conversations: int) -> Dict[str, Any]:
    from bot.report.facts import guess_category

    rows = sorted(pairs, key=lambda g: (-sum(pairs[g].values()), g))
    columns: Counter = Counter()
    for counter in pairs.values():
        columns.update(counter)
    guessed = sum(sum(c.values()) for g, c in pairs.items() if guess_category(g))
    right = sum(c[guess_category(g)] for g, c in pairs.items() if guess_category(g))
    wrong = {g: sum(n for cause, n in c.items() if guess_category(g) and cause != guess_category(g)
                    and cause in _REAL_CAUSES) for g, c in pairs.items()}
    return {
        "rows": rows,
        # causes found in the records first, then "nothing failed", "not signed in", …
        "columns": [cause for cause, _ in sorted(columns.items(),
                                                 key=lambda i: (i[0] not in _REAL_CAUSES, -i[1], i[0]))],
        "counts": {g: dict(pairs[g]) for g in rows},
        "diagnoses": sum(columns.values()),
        "conversations": diagnosed_conversations,
        "guessed": guessed,
        "guessed_right": right,
        "guessed_right_rate": _rate(right, guessed),
        "guessed_wrong_other_cause": {g: n for g, n in wrong.items() if n},
    }


def _histogram(values: List[float]) -> Dict[str, int]:
    """Turns per conversation in buckets a manager reads at a glance."""
    buckets = (("1", 1, 1), ("2", 2, 2), ("3", 3, 3), ("4-5", 4, 5), ("6-10", 6, 10), ("11+", 11, math.inf))
    return {label: sum(1 for v in values if low <= v <= high) for label, low, high in buckets}


def _real_causes() -> frozenset:
    from actions.diagnosis import CAUSE_LABELS
    return frozenset(CAUSE_LABELS)


_REAL_CAUSES = _real_causes()
