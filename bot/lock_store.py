"""A Redis lock store that is safe with several Rasa servers (endpoints.scale.yml).

Rasa 3.6's `RedisLockStore` issues a ticket by reading the conversation's lock, adding a ticket
and writing the lock back. Two servers doing that at once both read "no lock", both issue
ticket 0 and both run the turn: events of one conversation were lost (3 of 8 messages in
tests/scale) — rasa issue #9213; the fix (`ConcurrentRedisLockStore`, PR #11256) was reverted
from Rasa Open Source. Here a ticket is issued by one Lua script (INCR the conversation's
counter, ZADD the ticket with its expiry), atomic in Redis, and a ticket is served, expired or
removed by single commands. The ticket-lock algorithm and `_acquire_lock` stay Rasa's own.
"""
from __future__ import annotations

import time
from collections import deque
from typing import Any, Optional, Text

from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

# KEYS: counter, tickets (sorted set: member = ticket number, score = expiry time);
# ARGV: expiry time (s), key lifetime (ms). Returns the new ticket's number.
_ISSUE = """
local number = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[1], number)
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return number
"""


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Any = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # `type: bot.lock_store.AtomicRedisLockStore`
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)
        self._issue = self.red.register_script(_ISSUE)

    def _keys(self, conversation_id: Text) -> tuple:
        base = self.key_prefix + conversation_id
        return base + ":last", base + ":tickets"

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        expires = time.time() + lock_lifetime
        # Keys outlive their last ticket a little; a counter that expired restarts at 1, which
        # is fine once no ticket is left.
        key_ms = int((lock_lifetime + 60) * 1000)
        try:
            return int(self._issue(keys=list(self._keys(conversation_id)), args=[expires, key_ms]))
        except Exception as error:  # Rasa's own contract: any failure is a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        _, tickets_key = self._keys(conversation_id)
        self.red.zremrangebyscore(tickets_key, "-inf", time.time())
        tickets = self.red.zrange(tickets_key, 0, -1, withscores=True)
        if not tickets:
            return None
        ordered = sorted((int(number), float(expires)) for number, expires in tickets)
        return TicketLock(conversation_id, deque(Ticket(n, e) for n, e in ordered))

    def update_lock(self, conversation_id: Text) -> None:
        pass  # expired tickets leave in get_lock, atomically

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        _, tickets_key = self._keys(conversation_id)
        self.red.zrem(tickets_key, ticket_number)

    def delete_lock(self, conversation_id: Text) -> None:
        # Only ever the empty ticket set: a ticket issued meanwhile keeps the set alive
        # (Redis drops an empty sorted set by itself); the counter expires on its own.
        pass

    def save_lock(self, lock: TicketLock) -> None:
        """Add `lock`'s tickets (never removes any: removals are single commands above)."""
        _, tickets_key = self._keys(lock.conversation_id)
        if lock.tickets:
            self.red.zadd(tickets_key, {str(t.number): t.expires for t in lock.tickets})
