"""Bounded load: 200 signed-in conversations x 3 messages at once over REST lose no turn.

Before: 15-19 % of the turns got 「暂时出了点问题」 at this load (Rasa -> action server
connections dropped, wallet calls timing out) and p95 was about a minute. Runs late in the
session (marker `load`), against 127.0.0.1 only; figures go to test-artifacts/load.json.
"""
from __future__ import annotations

import asyncio
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import httpx
import pytest

from bot.ports import Ports
from bot.processes import Stack

pytestmark = pytest.mark.load

CONVERSATIONS = int(os.environ.get("LOAD_CONVERSATIONS", "200"))
MESSAGES = ("你好", "付款失败了", "谢谢")
# Whole run bound (seconds): a generous multiple of what this 2-core machine needs.
MAX_DURATION = float(os.environ.get("LOAD_MAX_SECONDS", "420"))
PERSONAS = ["zhang_ok", "li_unactivated", "wang_frozen", "zhao_balance", "chen_region", "liu_limit",
            "sun_pin_locked", "zhou_mismatch", "wu_family", "qian_network", "zheng_system"]
# The generic failure answer, any "busy" answer, the gate's answer.
FAILURE_MARKS = ("出了点问题", "系统繁忙", "当前咨询的人较多")

TRACKER_POLLS = 40  # x 0.5 s: Rasa stores a turn once it is over
Turn = Tuple[float, int, str, bool]  # (seconds, HTTP status, reply text, connection reset on the way)


async def taken_reply(http: httpx.AsyncClient, stack: Stack, sender: str, text: str,
                      polls: int = TRACKER_POLLS) -> Optional[str]:
    """The replies Rasa gave to the last `text` of `sender`, or None if it never took that message."""
    for _ in range(polls):  # a running turn is stored once it ends: give it time
        response = await http.get(f"{stack.rasa_url}/conversations/{sender}/tracker",
                                  params={"token": stack.env["RASA_API_TOKEN"]})
        events = response.json().get("events", []) if response.status_code == 200 else []
        users = [i for i, e in enumerate(events) if e.get("event") == "user" and e.get("text") == text]
        if users:
            return "\n".join(e["text"] for e in events[users[-1] + 1:] if e.get("event") == "bot" and e.get("text"))
        await asyncio.sleep(0.5)
    return None


async def say(http: httpx.AsyncClient, stack: Stack, sender: str, text: str, metadata: Dict[str, str],
              polls: int = TRACKER_POLLS) -> Turn:
    """One turn. A connection reset before the reply (httpx ReadError: 1 turn in 600 in one CI run,
    not reproduced in 2,400 here) loses the turn only if Rasa never took the message; a client then
    sends it again, as WeChat does when a webhook call goes unanswered, and must get its answer."""
    started = time.monotonic()
    reset = False
    for _attempt in range(2):
        try:
            response = await http.post(f"{stack.rasa_url}/webhooks/rest/webhook",
                                       json={"sender": sender, "message": text, "metadata": metadata})
            status = response.status_code
            reply = ("\n".join(m.get("text", "") for m in response.json() if m.get("text"))
                     if status == 200 else response.text[:200])
            return time.monotonic() - started, status, reply, reset
        except httpx.TransportError as exc:
            reset, status, reply = True, -1, type(exc).__name__
            taken = await taken_reply(http, stack, sender, text, polls)
            if taken is not None:
                return time.monotonic() - started, 200, taken, reset
    return time.monotonic() - started, status, reply, reset


async def conversation(http: httpx.AsyncClient, stack: Stack, index: int) -> List[Turn]:
    persona = PERSONAS[index % len(PERSONAS)]
    signin = await http.post(f"{stack.wallet_url}/api/v1/demo/session", json={"persona": persona})
    signin.raise_for_status()
    metadata = {"token": signin.json()["token"]}
    sender = f"load-{index}-{uuid.uuid4().hex[:8]}"
    return [await say(http, stack, sender, text, metadata) for text in MESSAGES]


async def run_load(stack: Stack, conversations: int) -> Tuple[List[Turn], float]:
    limits = httpx.Limits(max_connections=conversations + 10,
                          max_keepalive_connections=conversations + 10)
    timeout = httpx.Timeout(MAX_DURATION, connect=60)
    async with httpx.AsyncClient(timeout=timeout, limits=limits) as http:
        started = time.monotonic()
        per_conversation = await asyncio.gather(*(conversation(http, stack, i)
                                                  for i in range(conversations)))
        return [t for turns in per_conversation for t in turns], time.monotonic() - started


def percentile(sorted_values: List[float], share: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(share * len(sorted_values)))]


def test_concurrent_conversations_lose_no_turn(stack: Stack, artifacts_dir: Path):
    turns, duration = asyncio.run(run_load(stack, CONVERSATIONS))
    latencies = sorted(t[0] for t in turns)
    failed = [t for t in turns
              if t[1] != 200 or not t[2].strip() or any(mark in t[2] for mark in FAILURE_MARKS)]
    figures: Dict[str, Any] = {
        "conversations": CONVERSATIONS, "turns": len(turns), "failed": len(failed),
        "duration_s": round(duration, 1), "turns_per_s": round(len(turns) / duration, 2),
        "p50_s": round(percentile(latencies, 0.50), 2), "p95_s": round(percentile(latencies, 0.95), 2),
        "max_s": round(latencies[-1], 2),
        "failures": sorted({f"{t[1]}: {t[2][:40]}" for t in failed})[:10],
        "connection_resets": sum(t[3] for t in turns),
    }
    (artifacts_dir / "load.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    print("load:", json.dumps(figures, ensure_ascii=False))
    assert len(turns) == CONVERSATIONS * len(MESSAGES)
    assert not failed, figures
    assert figures["connection_resets"] <= len(turns) // 100, figures  # rare, and none lost
    assert duration < MAX_DURATION, figures


def test_concurrent_sign_ins_do_not_stall_the_wallet(stack: Stack):
    """200 sign-ins at once: each holds SQLite's write lock while a thread-pool thread validates
    its response; with more open sessions than pool threads every writer stalled until the 30 s
    busy timeout and answered 503 (bot/wallet/deps.py bounds the sessions in flight)."""
    async def burst() -> Tuple[List[int], float]:
        limits = httpx.Limits(max_connections=CONVERSATIONS, max_keepalive_connections=CONVERSATIONS)
        async with httpx.AsyncClient(timeout=httpx.Timeout(60, connect=30), limits=limits) as http:
            started = time.monotonic()
            responses = await asyncio.gather(
                *(http.post(f"{stack.wallet_url}/api/v1/demo/session",
                            json={"persona": PERSONAS[i % len(PERSONAS)]})
                  for i in range(CONVERSATIONS)), return_exceptions=True)
            return ([r.status_code if isinstance(r, httpx.Response) else -1 for r in responses],
                    time.monotonic() - started)

    statuses, duration = asyncio.run(burst())
    assert statuses == [200] * CONVERSATIONS, {s: statuses.count(s) for s in set(statuses)}
    assert duration < 30, duration


@pytest.mark.parametrize("taken, expected", [(True, (200, "您好", True)), (False, (200, "又一次", True))])
def test_a_reset_connection_loses_no_turn(taken: bool, expected: Tuple[int, str, bool]):
    """The client side of a reset (a fake Rasa): the reply from the tracker when Rasa took the
    message, else the message sent again."""
    posts: List[str] = []

    def rasa(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            posts.append(json.loads(request.content)["message"])
            if len(posts) == 1:
                raise httpx.ReadError("Connection reset by peer", request=request)
            return httpx.Response(200, json=[{"text": "又一次"}])
        events = [{"event": "user", "text": "你好"}, {"event": "bot", "text": "您好"},
                  {"event": "action", "name": "action_listen"}] if taken else []
        return httpx.Response(200, json={"events": events})

    fake = Stack(ports=Ports(wallet=1, actions=2, rasa=3, web=4), env={"RASA_API_TOKEN": "t"})

    async def turn() -> Turn:
        async with httpx.AsyncClient(transport=httpx.MockTransport(rasa)) as http:
            return await say(http, fake, "s", "你好", {}, polls=1)

    seconds, *rest = asyncio.run(turn())
    assert tuple(rest) == expected and posts == ["你好"] * (1 if taken else 2)
