"""Admission control for turns: under overload say "busy" at once instead of after a minute.

Every channel hands a message to Rasa through `admit_turn`. At most `max_active` turns run in
Rasa at once; the others wait in arrival order. A message that would have to wait longer than
`max_wait` (judged from the recent completion rate when it arrives, and enforced while it waits)
is not handed to Rasa at all and the person is told so (BUSY_REPLY): nothing of it was processed,
so nothing is half done. Settings (Rasa process environment): RASA_MAX_ACTIVE_TURNS,
RASA_TURN_MAX_WAIT_SECONDS.
"""
from __future__ import annotations

import asyncio
import collections
import logging
import time
from typing import Any, Awaitable, Callable, Deque, Optional

from bot.config import Settings

logger = logging.getLogger(__name__)

BUSY_REPLY = ("当前咨询的人较多，您的这条消息没有被处理，请稍后再发一次（或拨打医保服务热线12393）。")

# Rasa runs a turn's NLU and policies on its one event loop: more turns at once only lengthen
# every loop pass (new requests then wait before they even reach this gate). Measured with 200
# conversations on 2 cores: 4 at once gave p95 32 s, 16 at once p95 67-85 s, same throughput.
DEFAULT_MAX_ACTIVE = 4
DEFAULT_MAX_WAIT_SECONDS = 60.0
RATE_WINDOW_SECONDS = 30.0


class TurnGate:
    """A FIFO gate with a bounded wait; one per process and event loop."""

    def __init__(self, max_active: int = DEFAULT_MAX_ACTIVE,
                 max_wait: float = DEFAULT_MAX_WAIT_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_active = max_active
        self.max_wait = max_wait
        self._clock = clock
        self._active = 0
        self._waiters: Deque[asyncio.Future] = collections.deque()
        self._done: Deque[float] = collections.deque()  # completion times, last RATE_WINDOW

    @property
    def active(self) -> int:
        return self._active

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    def _forget_old(self, now: float) -> None:
        while self._done and self._done[0] < now - RATE_WINDOW_SECONDS:
            self._done.popleft()

    def _rate(self) -> Optional[float]:
        """Turns finished per second lately; None until enough is known to judge."""
        now = self._clock()
        self._forget_old(now)
        if len(self._done) < self.max_active:
            return None
        span = max(now - self._done[0], 1.0)
        return len(self._done) / span

    def _queue_is_hopeless(self) -> bool:
        """True when, at the recent pace, a newcomer could not start within max_wait."""
        rate = self._rate()
        return rate is not None and (len(self._waiters) + 1) / rate > self.max_wait

    async def acquire(self) -> bool:
        if self._active < self.max_active and not self._waiters:
            self._active += 1
            return True
        if self._queue_is_hopeless():
            return False
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(asyncio.shield(waiter), self.max_wait)
            return True
        except asyncio.TimeoutError:
            if waiter.done() and not waiter.cancelled():
                return True  # the slot was handed over just as the wait ended: take it
            waiter.cancel()
            return False
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # handed a slot, but the caller is gone: pass it on
            else:
                waiter.cancel()
            raise
        finally:
            try:
                self._waiters.remove(waiter)
            except ValueError:
                pass

    def release(self) -> None:
        now = self._clock()
        self._forget_old(now)
        self._done.append(now)
        # Hand the slot straight to the next live waiter, so newcomers cannot jump the queue.
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._active -= 1


_gate: Optional[TurnGate] = None


def turn_gate() -> TurnGate:
    global _gate
    if _gate is None:
        settings = Settings.from_env()
        _gate = TurnGate(max_active=settings.rasa_max_active_turns or DEFAULT_MAX_ACTIVE,
                         max_wait=settings.rasa_turn_max_wait_seconds or DEFAULT_MAX_WAIT_SECONDS)
    return _gate


async def admit_turn(on_new_message: Callable[[Any], Awaitable[Any]], message: Any,
                     gate: Optional[TurnGate] = None) -> bool:
    """Run the turn when the gate admits it in time; False: not processed, answer BUSY_REPLY."""
    gate = gate or turn_gate()
    if not await gate.acquire():
        logger.warning("busy: turn refused (%d active, %d waiting)", gate.active, gate.waiting)
        return False
    try:
        await on_new_message(message)
    finally:
        gate.release()
    return True
