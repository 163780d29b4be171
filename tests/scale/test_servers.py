"""Two Rasa servers behind nginx, on the real PostgreSQL, Redis and RabbitMQ: a conversation may
move between servers at every turn and nothing is lost, doubled or answered twice.

One scale-out stack for the module (`python -m bot run --scale 2`'s shape): wallet backend on
PostgreSQL, one action server, two Rasa servers, nginx, the analytics consumer.
"""
from __future__ import annotations

import asyncio
import os
import signal
import time
import uuid
from typing import Any, Dict, List

import httpx
import pytest
import sqlalchemy as sa
from wechatpy import parse_message

from tests.conftest import API_TOKEN, SERVICE_KEY, WECHAT_APP_ID, WECHAT_TOKEN, Chat, demo_wallet
from tests.scale.services import require_services
from tests.wechat_push import signed_params, text_xml

pytestmark = pytest.mark.scale


@pytest.fixture(scope="module")
def scaled(artifacts_dir, tmp_path_factory):
    require_services("PostgreSQL", "Redis", "RabbitMQ")
    from bot.scale import drop_databases, nginx_binary, start_scaled
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (`apt-get install -y nginx`; .ci/run installs it)")
    run_id = uuid.uuid4().hex[:8]
    stack = start_scaled(
        2, log_dir=artifacts_dir / "logs-scale-out", tracker_db=f"yibao_tracker_{run_id}",
        wallet_db=f"yibao_wallet_{run_id}",
        WALLET_DEMO_MODE="true", WALLET_SERVICE_KEY=SERVICE_KEY, RASA_API_TOKEN=API_TOKEN,
        WALLET_TIMEOUT_SECONDS="3", WECHAT_TOKEN=WECHAT_TOKEN, WECHAT_APP_ID=WECHAT_APP_ID)
    yield stack
    stack.stop()
    drop_databases([f"yibao_tracker_{run_id}", f"yibao_wallet_{run_id}"], stack.env)


def tracker_events(base_url: str, sender: str) -> List[Dict[str, Any]]:
    reply = httpx.get(f"{base_url}/conversations/{sender}/tracker", params={"token": API_TOKEN},
                      timeout=30)
    reply.raise_for_status()
    return reply.json()["events"]


def test_nginx_reaches_every_server_and_answers_429_in_chinese_beyond_the_rate(scaled):
    assert len(scaled.rasa_urls) == 2
    for url in scaled.rasa_urls:
        assert httpx.get(f"{url}/version", timeout=10).json()["version"]

    async def burst() -> List[httpx.Response]:  # one client, far beyond 5/s with a burst of 20
        async with httpx.AsyncClient(timeout=30) as client:
            return list(await asyncio.gather(*(client.get(f"{scaled.url}/webhooks/rest/")
                                               for _ in range(40))))

    answers = asyncio.run(burst())
    codes = [a.status_code for a in answers]
    assert 200 in codes and 429 in codes, codes
    refused = next(a for a in answers if a.status_code == 429)
    assert "太频繁" in refused.json()["message"] and refused.headers["Retry-After"] == "1"


def test_a_form_continues_on_the_other_server_with_its_slots_choices_and_sign_in(scaled):
    a, b = scaled.rasa_urls
    demo_wallet(scaled.core, SERVICE_KEY).demo_reset()
    conversation = Chat(scaled.core, "chen_region")
    reply = conversation.say("付款失败了", a)
    assert "哪个是您现在真正的参保地" in reply
    # The typed number is resolved on B from the choices A stored (Redis), and B's form has A's slots.
    reply = conversation.say(str(conversation.number_of("深圳市")), b)
    assert "确认把医保码显示的参保地从长沙市切换为深圳市" in reply
    reply = conversation.say(str(conversation.number_of("确认")), a)
    assert "已经切换好了" in reply and "深圳市" in reply
    events = tracker_events(b, conversation.sender)
    assert [e["text"] for e in events if e["event"] == "user"][0] == "付款失败了"


def test_a_burst_for_one_conversation_on_both_servers_is_stored_whole_and_in_order(scaled):
    a, b = scaled.rasa_urls
    conversation = Chat(scaled.core, "zhao_balance")
    texts = ["你好", "医保码是什么", "余额还有多少", "单笔限额多少", "怎么激活医保码", "在药店能用吗",
             "谢谢你", "医保码收费吗"]

    async def burst() -> List[int]:
        async with httpx.AsyncClient(timeout=120) as client:
            replies = await asyncio.gather(*(
                client.post(f"{(a, b)[i % 2]}/webhooks/rest/webhook",
                            json={"sender": conversation.sender, "message": text,
                                  "metadata": {"token": conversation.token}})
                for i, text in enumerate(texts)))
        return [r.status_code for r in replies]

    assert asyncio.run(burst()) == [200] * len(texts)
    events = tracker_events(a, conversation.sender)
    users = [e["text"] for e in events if e["event"] == "user"]
    assert sorted(users) == sorted(texts)  # every message once: none lost, none doubled
    # The lock store made the turns one after another: each user message is followed by its
    # actions and an action_listen before the next one starts.
    kinds = [e["event"] if e["event"] != "action" else e["name"] for e in events
             if e["event"] == "user" or (e["event"] == "action" and e["name"] == "action_listen")]
    turns = kinds[kinds.index("user"):]
    assert turns == ["user", "action_listen"] * len(texts), turns
    timestamps = [e["timestamp"] for e in events]
    assert timestamps == sorted(timestamps)
    assert tracker_events(b, conversation.sender) == events  # both servers see one history


def test_a_wechat_retry_that_lands_on_the_other_server_is_answered_once(scaled):
    a, b = scaled.rasa_urls
    openid = "wx_scale_" + uuid.uuid4().hex[:6]
    params = signed_params(token=WECHAT_TOKEN)
    body = text_xml(openid, "医保电子凭证是什么")

    async def deliver() -> List[httpx.Response]:
        async with httpx.AsyncClient(timeout=60) as client:
            first = asyncio.create_task(client.post(f"{a}/webhooks/wechat/webhook", params=params,
                                                    content=body.encode()))
            await asyncio.sleep(0.3)  # WeChat's retry arrives while the first is still running
            retry = client.post(f"{b}/webhooks/wechat/webhook", params=params, content=body.encode())
            return list(await asyncio.gather(first, retry))

    first, retry = asyncio.run(deliver())
    assert first.status_code == retry.status_code == 200
    # The same answer (the reply's own CreateTime may differ by a second).
    assert parse_message(first.text).content == parse_message(retry.text).content
    assert parse_message(first.text).content
    users = [e["text"] for e in tracker_events(a, openid) if e["event"] == "user"]
    assert users == ["医保电子凭证是什么"]


def test_a_bound_wechat_user_keeps_its_choice_and_sign_in_across_servers(scaled):
    a, b = scaled.rasa_urls

    def push(url: str, text: str) -> str:
        reply = httpx.post(f"{url}/webhooks/wechat/webhook", params=signed_params(token=WECHAT_TOKEN),
                           content=text_xml("wx_chen_region", text).encode(), timeout=60)
        assert reply.status_code == 200, reply.text
        return parse_message(reply.text).content

    demo_wallet(scaled.core, SERVICE_KEY).demo_reset()  # chen_region's region may have been switched
    push(a, "/restart")
    text = push(b, "付款失败了")  # the openid's token is fetched on B and cached in Redis
    assert "深圳市" in text and "长沙市" in text
    choice = next(line for line in text.splitlines() if "深圳市" in line and line[:1].isdigit())
    assert "确认把医保码显示的参保地从长沙市切换为深圳市" in push(a, choice.split(".")[0])


def test_killing_one_server_mid_conversation_loses_nothing(scaled):
    conversation = Chat(scaled.core, "zhao_balance")
    before = ["你好", "余额还有多少"]
    for text in before:
        conversation.say(text, scaled.url)
        time.sleep(0.3)
    victim = scaled.rasa[1].services["rasa"].process
    assert victim is not None
    os.kill(victim.pid, signal.SIGKILL)
    after = ["单笔限额多少", "医保码收费吗", "谢谢"]
    for text in after:
        assert conversation.say(text, scaled.url)  # nginx routes around the dead server
        time.sleep(0.3)
    users = [e["text"] for e in tracker_events(scaled.rasa_urls[0], conversation.sender)
             if e["event"] == "user"]
    assert users == before + after


def test_the_analytics_table_fills_from_the_event_stream(scaled):
    conversation = Chat(scaled.core)
    conversation.say("医保码是什么", scaled.rasa_urls[0])
    engine = sa.create_engine(scaled.analytics_url)
    deadline = time.monotonic() + 30
    rows: List[Any] = []
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            if sa.inspect(conn).has_table("analytics_events"):
                rows = conn.execute(sa.text("SELECT type_name FROM analytics_events WHERE sender_id = :s"),
                                    {"s": conversation.sender}).fetchall()
        if any(r.type_name == "user" for r in rows) and any(r.type_name == "bot" for r in rows):
            break
        time.sleep(0.5)
    engine.dispose()
    assert {"user", "bot", "action"} <= {r.type_name for r in rows}
