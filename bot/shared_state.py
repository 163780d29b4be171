"""Channel state shared by several Rasa servers, in Redis (scale-out only).

One Rasa server keeps a channel's short-lived state in its own memory: the choices of the last
bot turn, the WeChat nonces and message ids already answered, sign-in tokens per openid or widget
session. Behind a load balancer the next request of the same person may reach another server,
so with `endpoints.scale.yml` these live in Redis instead, behind the same interfaces
(`ChoiceStore`, `NonceStore`, `TokenCache`, `MessageClaims`). Keys carry a prefix per product and
always an expiry, so Redis never grows without bound and a crashed server leaves nothing behind.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import os
import socket
import time
from typing import Any, Callable, Mapping, Optional

from bot.channels.choices import ChoiceStore, Pending
from bot.channels.common import token_lifetime

PREFIX = "yibao:"
# Redis database for channel state; the lock store uses db 1 (endpoints.scale.yml).
STATE_DB = 2


def redis_url(env: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """The Redis URL for shared channel state, or None when this is a single-server run.

    Shared state is chosen with the scale-out endpoints (RASA_ENDPOINTS=endpoints.scale.yml),
    or explicitly with SHARED_STATE_URL (e.g. redis://10.0.0.5:6379/2)."""
    from bot.config import Settings

    settings = Settings.from_env(env)
    if settings.shared_state_url:
        return settings.shared_state_url
    if not settings.scale_out:
        return None
    return f"redis://{settings.redis_host}:{settings.redis_port}/{STATE_DB}"


def connect(url: str) -> Any:
    """An asyncio Redis client (redis-py, installed with Rasa) with short timeouts: a chat turn
    must fail fast rather than hang when Redis is gone."""
    import redis.asyncio as aioredis

    return aioredis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2,
                                   decode_responses=True)


def _expiry_ms(expires_at: float, now: float) -> int:
    return max(1, int((expires_at - now) * 1000))


class RedisChoiceStore(ChoiceStore):
    """Pending choices per conversation key; one string per key, expiring with the choice."""

    def __init__(self, client: Any, clock: Callable[[], float] = time.time,
                 prefix: str = PREFIX) -> None:
        self.client = client
        self._clock = clock
        self.prefix = prefix

    def _key(self, key: str) -> str:
        return f"{self.prefix}choice:{key}"

    async def get(self, key: str) -> Optional[Pending]:
        raw = await self.client.get(self._key(key))
        return Pending.from_json(raw) if raw else None

    async def put(self, key: str, pending: Pending) -> None:
        await self.client.set(self._key(key), pending.to_json(),
                              px=_expiry_ms(pending.expires_at, self._clock()))

    async def pop(self, key: str) -> Optional[Pending]:
        # GETDEL: of two servers consuming the same choice at once, exactly one gets it.
        raw = await self.client.getdel(self._key(key))
        return Pending.from_json(raw) if raw else None


class RedisNonceStore:
    """WeChat (timestamp, nonce) → digest of the message it signed, shared by all servers.

    Same contract as `bot.channels.wechat.NonceStore.claim` (duck-typed to keep this module free
    of the WeChat channel's imports)."""

    def __init__(self, client: Any, prefix: str = PREFIX) -> None:
        self.client = client
        self.prefix = prefix

    async def claim(self, key: str, digest: str, expires_at: float) -> bool:
        name = f"{self.prefix}nonce:{key}"
        if await self.client.set(name, digest, nx=True, px=_expiry_ms(expires_at, time.time())):
            return True
        return await self.client.get(name) == digest


class TokenCache:
    """Sign-in tokens per conversation (openid, widget session) until shortly before they expire."""

    async def remember(self, conversation_id: str, token: Optional[str], expires_at: Any) -> None:
        raise NotImplementedError  # pragma: no cover - interface

    async def forget(self, conversation_id: str) -> None:
        raise NotImplementedError  # pragma: no cover - interface

    async def token(self, conversation_id: str) -> Optional[str]:
        raise NotImplementedError  # pragma: no cover - interface


class RedisTokenCache(TokenCache):
    def __init__(self, client: Any, namespace: str, prefix: str = PREFIX) -> None:
        self.client = client
        self.namespace = namespace
        self.prefix = prefix

    def _key(self, conversation_id: str) -> str:
        return f"{self.prefix}token:{self.namespace}:{conversation_id}"

    async def remember(self, conversation_id: str, token: Optional[str], expires_at: Any) -> None:
        lifetime = token_lifetime(expires_at)
        if token and lifetime > 0:
            await self.client.set(self._key(conversation_id), token, px=int(lifetime * 1000))

    async def forget(self, conversation_id: str) -> None:
        await self.client.delete(self._key(conversation_id))

    async def token(self, conversation_id: str) -> Optional[str]:
        return await self.client.get(self._key(conversation_id))


class MessageClaims:
    """Which server answers a WeChat message (openid:MsgId), and the answer for its retries.

    WeChat retries a message it got no reply to within 5 s, and behind round robin the retry
    lands on another server. The first server to claim the key runs the turn; the others wait
    (up to the reply window) for its answer and return that text, so Rasa sees the message once
    and the person gets one reply. When the answer is late, the owner marks it so; retries then
    answer empty and the owner sends it through the customer-service API."""

    POLL_SECONDS = 0.1

    def __init__(self, client: Any, ttl: float = 600.0, prefix: str = PREFIX) -> None:
        self.client = client
        self.ttl_ms = int(ttl * 1000)
        self.prefix = prefix

    def _key(self, msg_key: str) -> str:
        return f"{self.prefix}wxmsg:{msg_key}"

    async def claim(self, msg_key: str, owner: str) -> bool:
        """True for the one caller that is to run this message's turn."""
        state = json.dumps({"owner": owner, "state": "running"})
        return bool(await self.client.set(self._key(msg_key), state, nx=True, px=self.ttl_ms))

    async def finish(self, msg_key: str, answer: Optional[str], late: bool) -> None:
        state = {"state": "late" if late else "done", "answer": None if late else answer}
        await self.client.set(self._key(msg_key), json.dumps(state), xx=True, px=self.ttl_ms)

    async def mark_late(self, msg_key: str) -> None:
        await self.client.set(self._key(msg_key), json.dumps({"state": "late"}), xx=True,
                              px=self.ttl_ms)

    async def wait_answer(self, msg_key: str, window: float) -> Optional[str]:
        """The owner's answer if it comes within `window` seconds, else None (answer empty)."""
        deadline = time.monotonic() + window
        while True:
            raw = await self.client.get(self._key(msg_key))
            state = json.loads(raw) if raw else {}
            if state.get("state") == "done":
                return state.get("answer")
            if state.get("state") == "late" or not raw or time.monotonic() >= deadline:
                return None
            await asyncio.sleep(self.POLL_SECONDS)


class SharedDeduplicator:
    """`MessageDeduplicator` across servers: the claim in Redis picks the server that runs the
    turn; that server's own deduplicator handles its retries and the late delivery."""

    def __init__(self, local: Any, claims: MessageClaims, owner: str) -> None:
        self.local = local  # bot.channels.wechat.MessageDeduplicator of this server
        self.claims = claims
        self.owner = owner

    async def answer(self, msg_key: str, openid: str, produce: Callable[[], Any]) -> Optional[str]:
        if not self.local.owns(msg_key):
            if not await self.claims.claim(msg_key, self.owner):
                return await self.claims.wait_answer(msg_key, self.local.reply_window)

            async def produce_and_share() -> str:
                text = await produce()
                await self.claims.finish(msg_key, text, late=self.local.is_late(msg_key))
                return text

            answer = await self.local.answer(msg_key, openid, produce_and_share)
        else:
            answer = await self.local.answer(msg_key, openid, produce)
        if answer is None and self.local.is_late(msg_key):
            await self.claims.mark_late(msg_key)  # other servers' retries now answer empty
        return answer


class MemoryTokenCache(TokenCache):
    """This process's memory (single server): `ConversationTokens` behind the async interface."""

    def __init__(self) -> None:
        from bot.channels.common import ConversationTokens

        self._tokens = ConversationTokens()

    async def remember(self, conversation_id: str, token: Optional[str], expires_at: Any) -> None:
        self._tokens.remember(conversation_id, token, expires_at)

    async def forget(self, conversation_id: str) -> None:
        self._tokens.forget(conversation_id)

    async def token(self, conversation_id: str) -> Optional[str]:
        return self._tokens.token(conversation_id)


_client: Any = None


def deployment_prefix(env: Optional[Mapping[str, str]] = None) -> str:
    """Keys of one deployment: its conversation store and its own secret. Two installs (or test
    runs) sharing one Redis never see each other's tokens or choices — a token cached by another
    install would be refused by this one's wallet."""
    from bot.config import Settings

    settings = Settings.from_env(env)
    seed = f"{settings.tracker_db or ''}|{settings.pii_seal_key or ''}".encode()
    return f"{PREFIX}{hashlib.sha256(seed).hexdigest()[:12]}:"


def shared_client(env: Optional[Mapping[str, str]] = None) -> Any:
    """This process's Redis client for channel state, or None on a single server."""
    global _client
    url = redis_url(env)
    if url is None:
        return None
    if _client is None:
        _client = connect(url)
    return _client


def choice_store() -> Optional[ChoiceStore]:
    """The shared choice store, or None: `PendingChoices` then keeps them in memory."""
    client = shared_client()
    return RedisChoiceStore(client, prefix=deployment_prefix()) if client is not None else None


def nonce_store() -> Optional[RedisNonceStore]:
    client = shared_client()
    return RedisNonceStore(client, prefix=deployment_prefix()) if client is not None else None


def token_cache(namespace: str) -> TokenCache:
    client = shared_client()
    if client is None:
        return MemoryTokenCache()
    return RedisTokenCache(client, namespace, prefix=deployment_prefix())


def deduplicator(local: Any) -> Any:
    """WeChat message de-duplication across servers, or this server's own."""
    client = shared_client()
    if client is None:
        return local
    return SharedDeduplicator(local, MessageClaims(client, ttl=local.ttl, prefix=deployment_prefix()),
                              owner=f"{socket.gethostname()}:{os.getpid()}")
