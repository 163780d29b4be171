"""Channel state shared through the real Redis: what one server stores, another reads, and what
must happen once (a choice consumed, a WeChat message answered) happens once across servers."""
from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone

import pytest

from bot.channels.choices import Pending
from bot.channels.wechat import MessageDeduplicator
from bot.shared_state import (
    MessageClaims,
    RedisChoiceStore,
    RedisNonceStore,
    RedisTokenCache,
    SharedDeduplicator,
    redis_url,
)


def run(coro):
    return asyncio.run(coro)


def two_clients():
    import redis.asyncio as aioredis

    from bot.shared_state import STATE_DB
    url = f"redis://127.0.0.1:6379/{STATE_DB}"
    return (aioredis.Redis.from_url(url, decode_responses=True),
            aioredis.Redis.from_url(url, decode_responses=True))


def test_shared_state_is_chosen_by_the_scale_out_endpoints_only():
    assert redis_url({}) is None
    assert redis_url({"RASA_ENDPOINTS": "endpoints.yml"}) is None
    assert redis_url({"RASA_ENDPOINTS": "/x/endpoints.scale.yml", "REDIS_HOST": "10.0.0.5"}) \
        == "redis://10.0.0.5:6379/2"
    assert redis_url({"SHARED_STATE_URL": "redis://r:1/3"}) == "redis://r:1/3"


def test_a_choice_stored_by_one_server_is_consumed_once_by_either(redis_client, unique):
    async def scenario():
        a, b = two_clients()
        store_a, store_b = RedisChoiceStore(a), RedisChoiceStore(b)
        pending = Pending(buttons=[{"title": "深圳", "payload": "/x"}], parts=["下一段"],
                          expires_at=time.time() + 60)
        await store_a.put(f"rest:{unique}", pending)
        seen = await store_b.get(f"rest:{unique}")
        assert seen == pending
        popped = await asyncio.gather(store_a.pop(f"rest:{unique}"), store_b.pop(f"rest:{unique}"))
        assert sorted(p is None for p in popped) == [False, True]
        assert await store_b.get(f"rest:{unique}") is None
    run(scenario())


def test_a_choice_expires_in_redis_too(redis_client, unique):
    async def scenario():
        a, _ = two_clients()
        store = RedisChoiceStore(a)
        await store.put(f"k:{unique}", Pending(buttons=[{"title": "x"}], expires_at=time.time() + 0.2))
        assert await store.get(f"k:{unique}") is not None
        await asyncio.sleep(0.35)
        assert await store.get(f"k:{unique}") is None
        assert await redis_client.ttl(f"yibao:choice:k:{unique}") == -2  # gone, not merely stale
    run(scenario())


def test_a_signed_nonce_carries_one_message_across_servers(redis_client, unique):
    async def scenario():
        a, b = two_clients()
        expires = time.time() + 30
        assert await RedisNonceStore(a).claim(unique, "digest-1", expires)
        assert await RedisNonceStore(b).claim(unique, "digest-1", expires)  # WeChat's retry
        assert not await RedisNonceStore(b).claim(unique, "digest-2", expires)  # a replay
        ttl = await redis_client.pttl(f"yibao:nonce:{unique}")
        assert 0 < ttl <= 30_000
    run(scenario())


def test_a_token_remembered_on_one_server_is_used_on_the_other(redis_client, unique):
    async def scenario():
        a, b = two_clients()
        soon = (datetime.now(timezone.utc) + timedelta(minutes=30)).isoformat()
        await RedisTokenCache(a, "wechat").remember(unique, "tok-1", soon)
        assert await RedisTokenCache(b, "wechat").token(unique) == "tok-1"
        assert await RedisTokenCache(b, "socketio").token(unique) is None  # per channel
        ttl = await redis_client.pttl(f"yibao:token:wechat:{unique}")
        assert 28 * 60_000 < ttl <= 29 * 60_000  # dropped a minute before the wallet would refuse
        await RedisTokenCache(b, "wechat").forget(unique)
        assert await RedisTokenCache(a, "wechat").token(unique) is None
        # A token about to expire, or an unreadable expiry, is not kept at all.
        await RedisTokenCache(a, "wechat").remember(unique, "tok-2",
                                                   datetime.now(timezone.utc).isoformat())
        await RedisTokenCache(a, "wechat").remember(unique, "tok-3", "not a date")
        assert await RedisTokenCache(b, "wechat").token(unique) is None
    run(scenario())


class RecordingSender:
    def __init__(self) -> None:
        self.sent = []

    async def send_text(self, openid: str, text: str) -> None:
        self.sent.append((openid, text))


def servers(window: float):
    a, b = two_clients()
    sender_a, sender_b = RecordingSender(), RecordingSender()
    return ((SharedDeduplicator(MessageDeduplicator(sender_a, window), MessageClaims(a), "a"), sender_a),
            (SharedDeduplicator(MessageDeduplicator(sender_b, window), MessageClaims(b), "b"), sender_b))


def test_a_wechat_retry_on_the_other_server_is_answered_once(redis_client, unique):
    async def scenario():
        (server_a, _), (server_b, _) = servers(window=2.0)
        turns = []

        async def produce():
            turns.append(1)
            await asyncio.sleep(0.3)
            return "您好，这边查到您的余额不足。"

        first = asyncio.create_task(server_a.answer(f"o:{unique}", "o", produce))
        await asyncio.sleep(0.05)
        retry = await server_b.answer(f"o:{unique}", "o", produce)
        assert await first == retry == "您好，这边查到您的余额不足。"
        assert turns == [1]  # Rasa saw the message once
        # A later retry, on either server, gets the same text without another turn.
        assert await server_b.answer(f"o:{unique}", "o", produce) == retry
        assert turns == [1]
    run(scenario())


def test_a_late_answer_goes_out_once_through_customer_service(redis_client, unique):
    async def scenario():
        (server_a, sender_a), (server_b, sender_b) = servers(window=0.2)

        async def slow():
            await asyncio.sleep(0.6)
            return "稍后的答复"

        assert await server_a.answer(f"o:{unique}", "o", slow) is None  # empty "success"
        assert await server_b.answer(f"o:{unique}", "o", slow) is None  # the retry elsewhere
        await asyncio.sleep(0.8)
        assert sender_a.sent == [("o", "稍后的答复")]
        assert sender_b.sent == []
        assert await server_b.answer(f"o:{unique}", "o", slow) is None  # never twice
    run(scenario())


@pytest.mark.parametrize("count", [8])
def test_concurrent_deliveries_of_one_message_run_one_turn(redis_client, unique, count):
    async def scenario():
        deduplicators = [server for server, _ in servers(window=2.0) for _ in range(count // 2)]
        turns = []

        async def produce():
            turns.append(1)
            await asyncio.sleep(0.2)
            return "好的"

        answers = await asyncio.gather(*(d.answer(f"m:{unique}", "o", produce) for d in deduplicators))
        assert turns == [1]
        assert answers == ["好的"] * len(deduplicators)
    run(scenario())


def test_each_deployment_has_its_own_keys():
    from bot.shared_state import deployment_prefix
    one = {"TRACKER_DB": "yibao_tracker", "PII_SEAL_KEY": "a" * 32}
    assert deployment_prefix(one) == deployment_prefix(dict(one))
    # Another install (own secrets) or another conversation store never shares a token or a choice.
    assert deployment_prefix({**one, "PII_SEAL_KEY": "b" * 32}) != deployment_prefix(one)
    assert deployment_prefix({**one, "TRACKER_DB": "yibao_tracker_2"}) != deployment_prefix(one)
    assert deployment_prefix(one).startswith("yibao:")
