"""Ways around the masking (issue 11), against the real processes: numbers written so that a
pattern misses them, odd characters, unknown metadata, Rasa's and uvicorn's logs, body size."""
from __future__ import annotations

import json
import re
import sqlite3
import time
import uuid

import httpx
import pytest

from bot.privacy import normalise
from tests.conftest import API_TOKEN

TICKET = re.compile(r"工单号(T\d{8}-\d{4})")


def digits(text: str) -> str:
    """Every digit readable in the text, however written (１, 三, 幺)."""
    return re.sub(r"[^0-9]", "", normalise(text))


def stored_rows(stack, sender):
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        return [json.loads(r[0]) for r in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]


def rest(stack, body, **kwargs):
    return httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=120, **kwargs,
                      **({} if "content" in kwargs else {"json": body}))


def test_written_variants_reach_neither_the_tracker_store_nor_the_ticket(chat, stack, wallet_api):
    conversation = chat()
    said = {"支付密碼是386152": "386152", "我手机138·1234·5678": "13812345678",
            "密码是三八六一五二": "386152", "身份证 110105 19900307 1234": "110105199003071234",
            "幺三九一二三四五六七八 是我电话": "13912345678"}
    for text in said:
        conversation.say(text)
    ticket = TICKET.search(conversation.say("转人工"))
    assert ticket, conversation.last
    summary = wallet_api.get(f"/support-tickets/{ticket.group(1)}").json()["summary"]
    user_texts = [e.get("text") or "" for e in stored_rows(stack, conversation.sender) if e["event"] == "user"]
    for secret in set(said.values()):
        assert secret not in digits(summary), summary
        assert not any(secret in digits(t) for t in user_texts), user_texts


def test_a_nul_in_one_message_does_not_break_a_later_handoff(chat, wallet_api):
    conversation = chat()
    conversation.say("付款\x00失败了\x07")
    reply = conversation.say("转人工")
    ticket = TICKET.search(reply)
    assert ticket, reply
    summary = wallet_api.get(f"/support-tickets/{ticket.group(1)}").json()["summary"]
    assert "付款失败了" in summary and "\x00" not in summary


def test_only_known_metadata_is_stored(stack):
    sender = f"metadata-{uuid.uuid4().hex[:8]}"
    response = rest(stack, {"sender": sender, "message": "你好", "metadata": {
        "note": "我的手机13812345678", "address": "北京市朝阳区某某路1号", "model_id": "client-model",
        "token": "not-a-real-token"}})
    assert response.status_code == 200, response.text
    stored = json.dumps(stored_rows(stack, sender), ensure_ascii=False)
    for value in ("13812345678", "北京市朝阳区", "client-model", "not-a-real-token", '"note"', '"address"'):
        assert value not in stored, value


def _written_since(path, offset: int) -> str:
    """What a process wrote to its log after `offset` (logs are appended to across runs)."""
    with open(path, "rb") as log:
        log.seek(offset)
        return log.read().decode("utf-8", errors="replace")


def _wait_for(path, offset: int, needle: str, times: int = 1) -> str:
    deadline = time.monotonic() + 10
    while _written_since(path, offset).count(needle) < times and time.monotonic() < deadline:
        time.sleep(0.2)
    return _written_since(path, offset)


def test_unparsable_intent_arguments_leave_no_number_in_the_rasa_log(stack):
    log = stack.services["rasa"].log_path
    offset = log.stat().st_size
    # Through the REST channel, a number written with dots; through Rasa's HTTP API (which no
    # channel masks) a plain one.
    assert rest(stack, {"sender": "slash-probe", "message": '/inform{"x": "137·1234·5678"'}).status_code == 200
    parsed = httpx.post(f"{stack.rasa_url}/model/parse", params={"token": API_TOKEN},
                        json={"text": '/inform{"x": "13987654321"'}, timeout=60)
    assert parsed.status_code == 200, parsed.text
    text = _wait_for(log, offset, "Failed to parse arguments", times=2)
    assert text.count("Failed to parse arguments") >= 2, text[-2000:]  # the path was really taken
    for secret in ("137·1234·5678", "13712345678", "13987654321"):
        assert secret not in text, secret


@pytest.mark.parametrize("service,path", [("wallet", "/api/v1/demo/sms"), ("web", "/api/sms")])
def test_demo_sms_paths_leave_no_phone_in_access_logs(stack, service, path):
    base = stack.wallet_url if service == "wallet" else stack.web_url
    log = stack.services[service].log_path
    offset = log.stat().st_size
    phone = "13700001234"
    httpx.get(f"{base}{path}", params={"phone": phone}, timeout=30)
    text = _wait_for(log, offset, f"{path}?phone=***")
    assert f"{path}?phone=***" in text
    assert phone not in text


def test_a_long_chinese_message_sent_with_escapes_is_accepted(stack):
    body = json.dumps({"sender": "long-escaped", "message": "医保码付款失败" * 2857 + "啊"})  # 20,000 chars
    assert len(body.encode()) > 6 * 20000  # every character as \uXXXX
    response = rest(stack, None, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text[:300]
    assert response.json()


def test_too_long_messages_and_huge_bodies_are_refused_clearly(stack):
    too_long = rest(stack, {"sender": "long", "message": "啊" * 20001})
    assert too_long.status_code == 422 and "20000" in too_long.json()["error"]
    huge = rest(stack, None, content=b'{"sender": "huge", "message": "' + b"a" * 1_000_000 + b'"}',
                headers={"Content-Type": "application/json"})
    assert huge.status_code == 413 and "请求过大" in huge.json()["error"]
