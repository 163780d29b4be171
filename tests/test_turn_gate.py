"""The turn gate (bot/channels/load.py): bounded concurrency, FIFO, bounded wait, fast "busy"."""
from __future__ import annotations

import asyncio
import time

from bot.channels.load import TurnGate, admit_turn


def run(coro):
    return asyncio.run(coro)


def test_at_most_max_active_turns_run_and_all_are_served_in_arrival_order():
    async def scenario():
        gate = TurnGate(max_active=2, max_wait=5)
        running, peak, order = 0, 0, []

        async def turn(i):
            nonlocal running, peak
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.01)
            running -= 1
            order.append(i)

        results = []
        for i in range(10):
            results.append(asyncio.ensure_future(admit_turn(turn, i, gate)))
            await asyncio.sleep(0)  # arrive one after another
        return await asyncio.gather(*results), peak, order, gate

    admitted, peak, order, gate = run(scenario())
    assert admitted == [True] * 10
    assert peak == 2
    assert order[2:] == sorted(order[2:])  # the waiting ones start in arrival order
    assert gate.active == 0 and gate.waiting == 0


def test_a_turn_that_cannot_start_in_time_is_refused_and_never_run():
    async def scenario():
        gate = TurnGate(max_active=1, max_wait=0.2)
        ran = []

        async def slow(i):
            ran.append(i)
            await asyncio.sleep(1.0)

        first = asyncio.ensure_future(admit_turn(slow, "first", gate))
        await asyncio.sleep(0)
        started = time.monotonic()
        second = await admit_turn(slow, "second", gate)
        waited = time.monotonic() - started
        await first
        return second, waited, ran, gate

    second, waited, ran, gate = run(scenario())
    assert second is False
    assert waited < 0.5  # told within the bound, not after the slow turn
    assert ran == ["first"]
    assert gate.active == 0 and gate.waiting == 0


def test_overload_is_answered_at_once_when_the_recent_pace_cannot_meet_the_bound():
    async def scenario():
        now = [0.0]
        gate = TurnGate(max_active=2, max_wait=10, clock=lambda: now[0])
        # Recent pace: 4 turns in the last 20 s = 0.2 turns/s, so at most 2 waiters fit in 10 s.
        for t in (1.0, 6.0, 11.0, 16.0):
            gate._done.append(t)
        now[0] = 20.0
        hold = asyncio.Event()

        async def turn(_):
            await hold.wait()

        busy = [asyncio.ensure_future(admit_turn(turn, i, gate)) for i in range(2)]
        queued = [asyncio.ensure_future(admit_turn(turn, i, gate)) for i in range(2)]
        await asyncio.sleep(0)
        started = time.monotonic()
        refused = await admit_turn(turn, "late", gate)
        quick = time.monotonic() - started
        hold.set()
        return refused, quick, await asyncio.gather(*busy, *queued)

    refused, quick, others = run(scenario())
    assert refused is False and quick < 0.1
    assert others == [True] * 4


def test_a_failing_turn_frees_its_slot():
    async def scenario():
        gate = TurnGate(max_active=1, max_wait=1)

        async def boom(_):
            raise RuntimeError("rasa failed")

        try:
            await admit_turn(boom, None, gate)
        except RuntimeError:
            pass
        return gate.active

    assert run(scenario()) == 0


def test_a_wechat_turn_refused_by_the_gate_is_answered_busy_and_not_processed(monkeypatch):
    from bot.channels import wechat
    from bot.channels.load import BUSY_REPLY

    async def refuse(on_new_message, message, gate=None):
        return False

    async def never(message):
        raise AssertionError("a refused turn must not reach Rasa")

    monkeypatch.setattr(wechat, "admit_turn", refuse)
    channel = wechat.WeChatInput(token="t" * 32, app_id="wx1234567890abcdef", aes_key=None,
                                 wallet_url="http://127.0.0.1:9", service_key="k" * 32)
    run(channel._tokens.remember("openid-1", "token-1", None))  # no wallet lookup needed
    assert run(channel._ask_assistant(never, "openid-1", "付款失败了")) == BUSY_REPLY
