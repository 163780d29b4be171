"""Personal numbers never reach the tracker store; the user is warned; telemetry is off."""
from __future__ import annotations

import json
import sqlite3

import pytest

from bot.privacy import mask_sensitive
from bot.settings import base_env

SECRETS = {
    "id_card": ("我身份证号是110105199003071234，帮我查查", "110105199003071234"),
    "bank_card": ("我的银行卡6222021234567890123能绑吗", "6222021234567890123"),
    "phone": ("我手机号13812345678，你们打给我", "13812345678"),
    "pin": ("我的支付密码是386152是不是输错了", "386152"),
    "pin_full_width": ("密码３８６１５２对吗", "３８６１５２"),
}


@pytest.mark.parametrize("kind", sorted(SECRETS))
def test_numbers_are_masked_before_storage_and_the_user_is_warned(chat, stack, kind):
    text, secret = SECRETS[kind]
    conversation = chat()
    reply = conversation.say(text)
    assert "隐藏" in reply and "不要在聊天里发送" in reply
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ?",
                          (conversation.sender,)).fetchall()
    events = [json.loads(row[0]) for row in rows]
    user_texts = [e.get("text") or "" for e in events if e["event"] == "user"]
    assert user_texts and all("已隐藏" in t for t in user_texts), user_texts
    stored = "\n".join(row[0] for row in rows) + json.dumps(events, ensure_ascii=False)
    digits = secret.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    assert secret not in stored and digits not in stored


def test_money_amounts_and_short_numbers_are_kept():
    assert mask_sensitive("128元付不了")[1] == []
    assert mask_sensitive("订单号20261125，错误码1101")[1] == []
    assert mask_sensitive("我密码忘了")[1] == []


def test_every_process_runs_with_telemetry_off(monkeypatch):
    monkeypatch.setenv("RASA_TELEMETRY_ENABLED", "true")
    env = base_env()
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    from rasa import telemetry
    monkeypatch.setenv("RASA_TELEMETRY_ENABLED", env["RASA_TELEMETRY_ENABLED"])
    assert telemetry.is_telemetry_enabled() is False


def test_running_rasa_server_has_telemetry_off(stack):
    pid = stack.services["rasa"].process.pid
    environ = open(f"/proc/{pid}/environ", "rb").read().split(b"\0")
    assert b"RASA_TELEMETRY_ENABLED=false" in environ


def test_logs_carry_no_reset_secret_or_personal_numbers(chat, stack):
    conversation = chat("sun_pin_locked")
    conversation.say("付款失败了")
    conversation.click("支付宝")
    reply = conversation.click("开重置单")
    secret = reply.split("/wallet/pin-reset/")[1].split()[0]
    import httpx
    httpx.get(f"{stack.wallet_url}/wallet/pin-reset/{secret}", timeout=10)
    chat().say("我手机号13812345678")
    for name in ("wallet", "actions", "rasa"):
        log = stack.services[name].log_path.read_text(errors="replace")
        assert secret not in log, name
        assert "13812345678" not in log, name


def test_text_that_bypasses_the_channels_is_masked_by_the_tracker_store(stack):
    """Rasa's HTTP API appends user messages without any channel: the store masks them."""
    import httpx

    from tests.conftest import API_TOKEN

    sender = "api-bypass-test"
    response = httpx.post(f"{stack.rasa_url}/conversations/{sender}/messages", params={"token": API_TOKEN},
                          json={"text": "身份证110105199003071234 手机13812345678", "sender": "user"},
                          timeout=60)
    assert response.status_code == 200, response.text
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        rows = [json.dumps(json.loads(r[0]), ensure_ascii=False)
                for r in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]
    assert any("[身份证号已隐藏]" in row for row in rows), rows
    assert not any("110105199003071234" in row or "13812345678" in row for row in rows)


def test_tracker_store_masks_numbers_and_drops_tokens(tmp_path):
    import asyncio

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.tracker_store import MaskingSQLTrackerStore

    store = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    tracker = DialogueStateTracker("s1", [])
    tracker.update(SlotSet("session_started_metadata", {"token": "secret-start-token"}))
    tracker.update(UserUttered("卡号6222021234567890123", parse_data={
        "intent": {"name": "inform"}, "text": "卡号6222021234567890123",
        "entities": [{"entity": "card", "value": "6222021234567890123", "start": 2, "end": 21}]},
        metadata={"token": "secret-user-token"}))
    tracker.update(BotUttered(data={"custom": {"session": {"token": "secret-session-token"}}}))
    asyncio.run(store.save(tracker))
    with sqlite3.connect(tmp_path / "t.db") as db:
        stored = "\n".join(json.dumps(json.loads(r[0]), ensure_ascii=False)
                            for r in db.execute("SELECT data FROM events"))
    assert "[银行卡号已隐藏]" in stored and "6222021234567890123" not in stored
    for secret in ("secret-user-token", "secret-session-token", "secret-start-token"):
        assert secret not in stored


def test_channels_seal_phone_numbers_for_this_conversation_and_drop_client_seals():
    from rasa.core.channels.channel import CollectingOutputChannel

    from bot.channels.common import masked_user_message
    from bot.privacy import unseal

    message = masked_user_message("我的手机＋86 １３８ １２３４ ５６７８", CollectingOutputChannel(), "conv-a",
                                  "rest", {"sealed_phones": ["forged"], "token": "t"})
    assert message.text == "我的手机[手机号已隐藏]" and message.metadata["token"] == "t"
    (sealed,) = message.metadata["sealed_phones"]
    assert unseal(sealed, "conv-a") == "13812345678" and unseal(sealed, "conv-b") is None
    plain = masked_user_message("你好", CollectingOutputChannel(), "conv-a", "rest", {"sealed_phones": ["x"]})
    assert "sealed_phones" not in plain.metadata
