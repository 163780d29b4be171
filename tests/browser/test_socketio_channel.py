"""The widget's socket.io channel without a browser: masking, metadata, session ids."""
from __future__ import annotations

import json
import queue
import re
import sqlite3
import uuid
from typing import Any, Dict, List

import pytest
import socketio

from bot.channels.socketio import DEFAULT_ALLOWED_ORIGINS, SessionIds, parse_origins
from tests.browser.helpers import SocketChat


@pytest.fixture
def socket_chat(stack):
    opened: List[SocketChat] = []

    def make(**kwargs: Any) -> SocketChat:
        opened.append(SocketChat(stack, **kwargs))
        return opened[-1]

    yield make
    for chat in opened:
        chat.close()


SESSION_SHAPE = re.compile(r"^[0-9a-f]{32}\.[0-9a-f]{32}$")


def user_events(stack, sender: str) -> List[Dict[str, Any]]:
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,)).fetchall()
    return [e for e in (json.loads(r[0]) for r in rows) if e["event"] == "user"]


def test_pin_is_masked_and_custom_data_becomes_metadata(socket_chat, stack):
    chat = socket_chat()
    replies = chat.say("我的支付密码是386152是不是输错了", token="not-a-real-token")
    assert any("隐藏" in (m.get("text") or "") for m in replies), replies
    events = user_events(stack, chat.conversation_id)
    assert events and events[-1]["text"] == "我的支付密码是[密码已隐藏]是不是输错了"
    assert events[-1]["input_channel"] == "socketio"
    # customData.token became metadata.token; the store keeps only that there was one.
    assert events[-1]["metadata"]["token"] == "[已隐藏]"
    stored = json.dumps(events, ensure_ascii=False)
    assert "386152" not in stored and "not-a-real-token" not in stored


def test_a_socket_cannot_write_into_another_conversation(socket_chat, stack):
    victim = socket_chat()
    attacker = socket_chat()
    assert attacker.session_id != victim.session_id
    assert attacker.say("付款失败了", session_id=victim.session_id, wait=3) == []
    assert victim.collect(wait=1) == []
    assert user_events(stack, victim.conversation_id) == []


def test_only_session_ids_signed_by_the_server_are_resumed(socket_chat, stack):
    first = socket_chat()
    again = socket_chat(session_id=first.session_id)  # a reload asks for its session back
    assert again.session_id == first.session_id
    for foreign in ("test-sun_pin_locked-1234",  # e.g. a REST sender id
                    first.conversation_id,       # the id a tracker, audit log or log line shows
                    f"{uuid.uuid4().hex}.{'0' * 32}"):
        chosen = socket_chat(session_id=foreign)
        assert chosen.session_id != foreign and chosen.conversation_id != first.conversation_id
        assert SESSION_SHAPE.match(chosen.session_id)
    assert chosen.say("你好")


def test_a_session_is_not_granted_to_whoever_knows_its_conversation_id(socket_chat, stack):
    victim = socket_chat()
    assert victim.say("你好")
    # A script without an Origin header asks for the victim's conversation, by the id the tracker
    # store and the audit log show, and with a made-up signature.
    for requested in (victim.conversation_id, f"{victim.conversation_id}.{'f' * 32}"):
        attacker = socket_chat(session_id=requested, browser=False)
        assert attacker.conversation_id != victim.conversation_id
        assert attacker.say("付款失败了", session_id=requested, wait=3) == []  # cannot post into it
    replies = victim.say("医保电子凭证是什么")
    assert replies and attacker.collect(wait=1) == []  # and hears none of the victim's replies
    assert [e["text"] for e in user_events(stack, victim.conversation_id)] == ["你好", "医保电子凭证是什么"]


def test_a_first_message_naming_an_unsigned_session_is_ignored(socket_chat, stack):
    # The overtaking-message path (below) must not be a way around session_request's check.
    victim = socket_chat()
    replies: "queue.Queue[Dict[str, Any]]" = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("bot_uttered", replies.put)
    client.connect(stack.rasa_url, transports=["polling"], socketio_path="/socket.io", wait_timeout=10)
    try:
        client.emit("user_uttered", {"message": "付款失败了", "session_id": victim.conversation_id})
        with pytest.raises(queue.Empty):
            replies.get(timeout=3)
        assert victim.collect(wait=1) == []
        assert user_events(stack, victim.conversation_id) == []
    finally:
        client.disconnect()


def test_session_ids_are_signed_with_a_server_key():
    ids = SessionIds(b"k" * 32)
    minted = ids.mint()
    conversation = ids.conversation(minted)
    assert conversation and minted.startswith(conversation + ".")
    assert SessionIds(b"other-key" * 4).conversation(minted) is None  # another install's key
    for bad in (None, 42, conversation, minted.upper(), minted + "0", f"{conversation}.{'0' * 32}"):
        assert ids.conversation(bad) is None


def test_allowed_origins_setting():
    assert parse_origins(None) == list(DEFAULT_ALLOWED_ORIGINS)
    assert parse_origins(" https://WWW.Example.cn/ ,http://localhost:8080") == [
        "https://www.example.cn", "http://localhost:8080"]
    for bad in ("*", "", " , ", "www.example.cn", "https://example.cn/path"):
        with pytest.raises(ValueError):
            parse_origins(bad)


def test_conversation_ids_are_fresh_per_visitor(socket_chat):
    ids = {socket_chat().conversation_id for _ in range(3)}
    assert len(ids) == 3 and all(uuid.UUID(hex=i) for i in ids)


def test_phone_sign_in_stays_on_the_server_for_this_session(socket_chat, wallet, fresh_personas):
    import re

    phone = "15810263391"  # zhao_balance
    chat = socket_chat()
    chat.say("手机验证")
    chat.say(phone)
    inbox = wallet.demo_sms(phone)
    code = re.search(r"验证码是(\d{6})", inbox["messages"][0]["text"]).group(1)
    verified = chat.say(code)
    assert any("验证成功" in (m.get("text") or "") for m in verified), verified
    # The browser never receives the token: no custom payload, nothing that looks like one.
    assert all("session" not in m and "token" not in json.dumps(m) for m in verified), verified
    texts = " ".join(m.get("text") or "" for m in chat.say("付款失败了"))
    assert "3.50" in texts and "北京同仁堂王府井店" in texts
    # Another visitor's socket (its own session) is not signed in.
    other = socket_chat()
    texts = " ".join(m.get("text") or "" for m in other.say("付款失败了"))
    assert "3.50" not in texts


def test_a_message_that_overtakes_its_session_request_is_answered(socket_chat, stack):
    # python-socketio runs handlers concurrently: after a reload the first message may be handled
    # before the socket's session_request. A signed id is then taken as that request would.
    earlier = socket_chat()
    earlier.close()
    replies: "queue.Queue[Dict[str, Any]]" = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("bot_uttered", replies.put)
    client.connect(stack.rasa_url, headers={"Origin": f"http://127.0.0.1:{stack.ports.web}"},
                   transports=["polling"], socketio_path="/socket.io", wait_timeout=10)
    try:
        client.emit("user_uttered", {"message": "你好", "session_id": earlier.session_id})
        assert replies.get(timeout=15).get("text")
        assert user_events(stack, earlier.conversation_id)
    finally:
        client.disconnect()


def test_the_same_text_sent_again_while_it_is_answered_is_dispatched_once(socket_chat, stack):
    # An impatient resend (or a double click) while the first is still being answered: one turn.
    chat = socket_chat()
    for _ in range(2):
        chat.client.emit("user_uttered", {"message": "付款失败了", "customData": {},
                                          "session_id": chat.session_id})
    assert chat.collect()
    texts = [e["text"] for e in user_events(stack, chat.conversation_id)]
    assert texts.count("付款失败了") == 1, texts
    # Once answered, the same text is a new question and is processed again.
    assert chat.say("付款失败了")
    texts = [e["text"] for e in user_events(stack, chat.conversation_id)]
    assert texts.count("付款失败了") == 2, texts
