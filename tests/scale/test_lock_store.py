"""The scale-out lock store on the real Redis: of many servers taking one conversation's lock at
the same moment, one holds it at a time, in ticket order, and nothing is left behind."""
from __future__ import annotations

import asyncio
import threading
import time
import uuid

import pytest

from bot.lock_store import AtomicRedisLockStore
from tests.scale.services import require_services


@pytest.fixture
def conversation_id():
    require_services("Redis")
    return f"lock-test-{uuid.uuid4().hex[:8]}"


def test_servers_taking_one_conversation_at_once_hold_it_one_at_a_time(conversation_id):
    holders = []  # (enter, leave) per turn, from every "server"
    errors = []

    def server(turns: int) -> None:
        store = AtomicRedisLockStore(host="127.0.0.1", port=6379, db=1)  # its own connection

        async def turn() -> None:
            async with store.lock(conversation_id, lock_lifetime=30, wait_time_in_seconds=0.01):
                entered = time.monotonic()
                await asyncio.sleep(0.01)  # a turn's work, during which nobody else may enter
                holders.append((entered, time.monotonic()))

        async def run() -> None:
            for _ in range(turns):
                await turn()
        try:
            asyncio.run(run())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=server, args=(5,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert len(holders) == 40
    spans = sorted(holders)
    overlaps = [(a, b) for a, b in zip(spans, spans[1:]) if b[0] < a[1]]
    assert overlaps == []
    store = AtomicRedisLockStore(host="127.0.0.1", port=6379, db=1)
    assert store.get_lock(conversation_id) is None  # every ticket was served and removed


def test_tickets_are_served_in_the_order_they_were_issued(conversation_id):
    store = AtomicRedisLockStore(host="127.0.0.1", port=6379, db=1)
    first = store.issue_ticket(conversation_id, 30)
    second = store.issue_ticket(conversation_id, 30)
    assert second == first + 1
    lock = store.get_lock(conversation_id)
    assert not lock.is_locked(first) and lock.is_locked(second)
    store.cleanup(conversation_id, first)
    assert not store.get_lock(conversation_id).is_locked(second)
    store.cleanup(conversation_id, second)
    assert store.get_lock(conversation_id) is None


def test_an_expired_ticket_does_not_block_the_conversation(conversation_id):
    store = AtomicRedisLockStore(host="127.0.0.1", port=6379, db=1)
    store.issue_ticket(conversation_id, 0.2)  # a server that died holding the lock
    waiting = store.issue_ticket(conversation_id, 30)
    assert store.get_lock(conversation_id).is_locked(waiting)
    time.sleep(0.3)
    assert not store.get_lock(conversation_id).is_locked(waiting)
    store.cleanup(conversation_id, waiting)
