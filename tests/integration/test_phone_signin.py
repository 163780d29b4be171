"""Phone + one-time code sign-in in the chat, against the real processes.

The code comes from the demo platform's SMS inbox (as a person would read it off the phone);
the chat never shows it. A number alone gets nothing personal; 5 wrong codes lock the number.
"""
from __future__ import annotations

import json
import re
import sqlite3

import pytest

from bot.wallet_api import SyncWalletClient, WalletApiSettings
from tests.integration.conftest import post, reply_text, text_xml

pytestmark = pytest.mark.usefixtures("fresh_personas")

ZHAO_PHONE = "15810263391"  # zhao_balance: 3.50 元 left, 128.00 元 refused at 北京同仁堂王府井店
CHEN_PHONE = "13787310256"  # chen_region
ZHAO_FACTS = ("3.50", "北京同仁堂王府井店")


def sms_code(stack, phone: str) -> str:
    inbox = SyncWalletClient(WalletApiSettings(wallet_url=stack.wallet_url, service_key=None,
                                               timeout_seconds=10)).demo_sms(phone)
    assert inbox["messages"], f"no SMS for {phone}"
    return re.search(r"验证码是(\d{6})", inbox["messages"][0]["text"]).group(1)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def session_payload(messages):
    for message in messages:
        custom = message.get("custom")
        if isinstance(custom, dict) and "session" in custom:
            return custom["session"]
    return None


def stored_events(stack, sender: str) -> str:
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,)).fetchall()
    return "\n".join(json.dumps(json.loads(row[0]), ensure_ascii=False) for row in rows)


def test_number_alone_gets_nothing_personal(chat, stack):
    conversation = chat()
    first = conversation.say("付款失败了")
    assert "手机验证" in first and not any(fact in first for fact in ZHAO_FACTS)
    asked = conversation.say("手机验证")
    assert "绑定的手机号" in asked
    sent = conversation.say(ZHAO_PHONE)
    assert "158****3391" in sent and "验证码" in sent
    assert "演示短信收件箱" in sent or "/sms" in sent
    # The code went to the phone (demo inbox), never into the chat.
    assert sms_code(stack, ZHAO_PHONE) not in sent
    for question in ("付款失败了", "查一下余额"):
        reply = conversation.say(question)
        assert not any(fact in reply for fact in ZHAO_FACTS), reply
    assert ZHAO_PHONE not in stored_events(stack, conversation.sender)


def test_code_signs_in_for_this_conversation_only(chat, stack, wallet_api):
    conversation = chat()
    conversation.say("我没法登录，用手机号验证一下")
    conversation.say(f"我的手机号是{ZHAO_PHONE}")
    code = sms_code(stack, ZHAO_PHONE)
    assert "还可以再试4次" in conversation.say(wrong(code))
    verified = conversation.say(code)
    assert "验证成功" in verified and "赵丽娟" in verified
    session = session_payload(conversation.last)
    assert session and session["token"], conversation.last
    assert session["token"] not in verified  # a payload for the client, not text for the person

    # Without the token, the same conversation id (a guess) gets nothing personal.
    guessed = chat()
    guessed.sender = conversation.sender
    reply = guessed.say("付款失败了")
    assert not any(fact in reply for fact in ZHAO_FACTS), reply

    # The REST client sends the token it was given, as after a website sign-in.
    conversation.token = session["token"]
    reply = conversation.say("付款失败了")
    assert all(fact in reply for fact in ZHAO_FACTS), reply

    audit = wallet_api.get("/persons/zhao_balance/audit-log").json()["entries"]
    entry = next(e for e in audit if e["action"] == "phone_sign_in.verified")
    assert entry["channel"] == "rest" and entry["conversation_id"] == conversation.sender
    stored = stored_events(stack, conversation.sender)
    assert ZHAO_PHONE not in stored and session["token"] not in stored  # no credential at rest


def test_five_wrong_codes_lock_the_number(chat, stack):
    conversation = chat()
    conversation.say("手机验证")
    conversation.say(CHEN_PHONE)
    code = sms_code(stack, CHEN_PHONE)
    for left in (4, 3, 2, 1):
        assert f"还可以再试{left}次" in conversation.say(wrong(code))
    locked = conversation.say(wrong(code))
    assert "锁定" in locked and "15分钟" in locked
    # The right code no longer helps, and a new code is refused while locked.
    assert "验证成功" not in conversation.say(code)
    conversation.say("手机验证")
    again = conversation.say(CHEN_PHONE)
    assert "锁定" in again and "验证成功" not in again
    assert session_payload(conversation.last) is None


def test_leaving_the_sign_in_and_bad_numbers(chat):
    conversation = chat()
    conversation.say("手机验证")
    assert "不像手机号" in conversation.say("12345")
    assert "不像手机号" in conversation.say("我身份证110105199003071234")
    assert "先不办" in conversation.say("算了")
    # A fresh start asks for the number again (nothing of the old attempt is kept).
    assert "绑定的手机号" in conversation.say("手机验证")


def test_signed_in_person_is_not_asked(chat):
    assert "已经是登录状态" in chat("zhao_balance").say("手机验证")


def test_wechat_unbound_openid_signs_in_by_phone(hook, stack):  # noqa: F811
    openid = "o_phone_signin_test_openid_0001"

    def say(text: str) -> str:
        response = post(hook, text_xml(openid, text))
        assert response.status_code == 200
        return reply_text(response)

    before = say("付款失败了")
    assert not any(fact in before for fact in ZHAO_FACTS)
    say("手机验证")
    say(ZHAO_PHONE)
    verified = say(sms_code(stack, ZHAO_PHONE))
    assert "验证成功" in verified and "token" not in verified
    # The signed openid now carries the sign-in: the next message is answered personally.
    after = say("付款失败了")
    assert all(fact in after for fact in ZHAO_FACTS), after


def test_number_in_the_first_message_and_a_corrected_number(chat, stack):
    conversation = chat()
    sent = conversation.say(f"用手机号{CHEN_PHONE}验证一下")
    assert "137****0256" in sent and "不要在聊天里发送" not in sent
    corrected = conversation.say(f"发错了，是{ZHAO_PHONE}")  # instead of the code
    assert "158****3391" in corrected
    assert "验证成功，赵丽娟" in conversation.say(sms_code(stack, ZHAO_PHONE))


def test_signing_in_after_a_question_goes_back_to_it(chat, stack):
    conversation = chat()
    assert "手机验证" in conversation.say("在药店付款失败了")
    conversation.say("手机验证")
    conversation.say(ZHAO_PHONE)
    verified = conversation.say(sms_code(stack, ZHAO_PHONE))
    assert "验证成功" in verified and "付款失败" in verified, verified
    assert [b["title"] for b in conversation.buttons] == ["现在就查"]
    conversation.token = session_payload(conversation.last)["token"]
    # 「那我咋办嘛」 now gets the person's own records, not the general answer again
    reply = conversation.say("那我咋办嘛")
    assert all(fact in reply for fact in ZHAO_FACTS), reply
