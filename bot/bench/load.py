"""Concurrent conversations over Rasa's REST channel, and the figures drawn from them.

Each worker plays whole dialogues one after another (a person waits for the answer before
typing again); throughput is every answered message of a level over that level's wall time.
"""
from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence

import httpx


@dataclass(frozen=True)
class Turn:
    text: str
    kind: str  # what the turn exercises: greeting, diagnosis, faq, form, plain
    # A word the answer must contain: a turn answered with the wrong thing is an error, not a
    # fast turn (the product must be measured doing its real work).
    expect: Optional[str] = None


@dataclass(frozen=True)
class Dialogue:
    turns: Sequence[Turn]
    metadata: Dict[str, str] = field(default_factory=dict)


@dataclass
class LevelResult:
    conversations: int
    wall_seconds: float
    samples: Dict[str, List[float]]  # kind -> seconds
    errors: List[str]

    @property
    def all_samples(self) -> List[float]:
        return [s for kind in self.samples.values() for s in kind]

    @property
    def messages(self) -> int:
        return len(self.all_samples)

    @property
    def throughput(self) -> float:
        return self.messages / self.wall_seconds if self.wall_seconds else 0.0


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile in milliseconds (0 for no samples)."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    rank = max(1, int(round(q / 100 * len(ordered) + 0.4999)))
    return ordered[min(rank, len(ordered)) - 1] * 1000


def summary(samples: Sequence[float]) -> Dict[str, float]:
    return {"n": len(samples), "p50_ms": round(percentile(samples, 50), 1),
            "p95_ms": round(percentile(samples, 95), 1), "p99_ms": round(percentile(samples, 99), 1)}


async def _send(client: httpx.AsyncClient, url: str, sender: str, turn: Turn,
                metadata: Dict[str, str], result: LevelResult) -> None:
    body = {"sender": sender, "message": turn.text}
    if metadata:
        body["metadata"] = metadata
    started = time.perf_counter()
    try:
        response = await client.post(url, json=body)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            result.errors.append(f"{turn.text!r}: HTTP {response.status_code}")
        else:
            text = " ".join(m.get("text") or "" for m in response.json())
            if not text:
                result.errors.append(f"{turn.text!r}: no reply")
            elif turn.expect and turn.expect not in text:
                result.errors.append(f"{turn.text!r}: expected {turn.expect!r} in {text[:80]!r}")
            result.samples.setdefault(turn.kind, []).append(elapsed)
    except httpx.HTTPError as error:
        result.errors.append(f"{turn.text!r}: {type(error).__name__}")


async def _play(client: httpx.AsyncClient, url: str, dialogue: Dialogue, result: LevelResult,
                tick: Callable[[], None], prefix: str) -> None:
    sender = f"{prefix}-{uuid.uuid4().hex[:12]}"
    for turn in dialogue.turns:
        await _send(client, url, sender, turn, dialogue.metadata, result)
        tick()


async def run_level(url: str, dialogues: Callable[[int], Dialogue], conversations: int,
                    rounds: int, tick: Callable[[], None], prefix: str = "bench") -> LevelResult:
    """`conversations` workers, each playing `rounds` dialogues back to back."""
    result = LevelResult(conversations, 0.0, {}, [])
    counter = itertools.count()
    limits = httpx.Limits(max_connections=conversations, max_keepalive_connections=conversations)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        async def worker() -> None:
            for _ in range(rounds):
                await _play(client, url, dialogues(next(counter)), result, tick, prefix)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(conversations)))
        result.wall_seconds = time.perf_counter() - started
    return result


@dataclass(frozen=True)
class Side:
    """One of two servers measured side by side: where it listens and what it is sent."""
    name: str
    url: str
    dialogues: Callable[[int], Dialogue]


async def run_paired(sides: Sequence[Side], rounds: int, tick: Callable[[], None],
                     transport: Optional[httpx.AsyncBaseTransport] = None) -> Dict[str, LevelResult]:
    """One conversation on each side, their turns interleaved: a turn of one, then the same
    turn of the other, the order swapped on every turn. Both servers are up and idle but for
    this, so a slow minute of a shared machine falls on both alike; the single-turn ratios
    come from here rather than from runs minutes apart."""
    results = {side.name: LevelResult(1, 0.0, {}, []) for side in sides}
    async with httpx.AsyncClient(timeout=120, transport=transport) as client:
        started = time.perf_counter()
        for number in range(rounds):
            playing = [(side, side.dialogues(number), f"{side.name}-{uuid.uuid4().hex[:12]}")
                       for side in sides]
            for index in range(max(len(dialogue.turns) for _, dialogue, _ in playing)):
                order = playing if (number + index) % 2 == 0 else playing[::-1]
                for side, dialogue, sender in order:
                    if index < len(dialogue.turns):
                        await _send(client, side.url, sender, dialogue.turns[index],
                                    dialogue.metadata, results[side.name])
                        tick()
        wall = time.perf_counter() - started
    for result in results.values():
        result.wall_seconds = wall
    return results


def first_answer(url: str, text: str, deadline: float, alive: Callable[[], bool]) -> bool:
    """Poll until the REST channel answers `text` with a non-empty reply; False at the deadline
    or as soon as the process that should answer has exited."""
    body = {"sender": f"first-{uuid.uuid4().hex[:8]}", "message": text}
    while time.monotonic() < deadline and alive():
        try:
            response = httpx.post(url, json=body, timeout=30)
            if response.status_code == 200 and response.json():
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False
