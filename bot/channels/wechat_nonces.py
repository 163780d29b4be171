"""Replay protection of the WeChat webhook: each signed (timestamp, nonce) carries one message."""
from __future__ import annotations

import heapq
import time
from typing import Dict, List


class NonceStoreFull(Exception):
    """The nonce store cannot take another entry; the request is refused rather than unchecked."""


class NonceStore:
    """Signed (timestamp, nonce) pairs seen while their timestamp is accepted, each with a digest
    of the message it carried. In memory here; several Rasa instances need a shared one
    (e.g. Redis: SET key digest NX EXAT expires_at, then GET and compare)."""

    async def claim(self, key: str, digest: str, expires_at: float) -> bool:  # pragma: no cover
        """True when `key` is new (now remembered until `expires_at`, wall clock) or was seen with
        this same digest (a retry); False when it signed another message (a replay)."""
        raise NotImplementedError


class MemoryNonceStore(NonceStore):
    """Bounded: entries leave when their timestamp leaves the window; when full of live entries,
    claims fail with NonceStoreFull (never forget a live nonce, that would reopen the replay)."""

    def __init__(self, max_entries: int = 100_000) -> None:  # ~32 MB; 166 pushes/s for 10 min
        self.max_entries = max_entries
        self._digests: Dict[str, str] = {}
        self._expiry: List[tuple] = []  # heap of (expires_at, key)

    def _expire(self, now: float) -> None:
        while self._expiry and self._expiry[0][0] <= now:
            _, key = heapq.heappop(self._expiry)
            self._digests.pop(key, None)

    async def claim(self, key: str, digest: str, expires_at: float) -> bool:
        self._expire(time.time())
        seen = self._digests.get(key)
        if seen is not None:
            return seen == digest
        if len(self._digests) >= self.max_entries:
            raise NonceStoreFull()
        self._digests[key] = digest
        heapq.heappush(self._expiry, (expires_at, key))
        return True

    def __len__(self) -> int:
        return len(self._digests)
