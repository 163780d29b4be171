"""Over REST, phrased as people wrote them in trial round 9: English as a conversation (thanks, a
person asked for, the intro once, a code that will not pay, broken Chinese beside English, 「???」
after English), and revoking an authorization by words after the list with its buttons."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")
INTRO = "Sorry, I can only chat in Chinese"
SCREENSHOT_FAQ = "截图"
BROKEN = ("暂时没处理好", "出了点问题")  # the core fallback, and a conversation it broke


def said(conversation, text):
    reply = conversation.say(text)
    assert not any(part in reply for part in BROKEN), reply
    return reply


def revoked(wallet_api, person_id):
    entries = wallet_api.get(f"/persons/{person_id}/audit-log").json()["entries"]
    return [e for e in entries if e["action"] == "authorization.revoked"]


def test_english_is_a_conversation_with_the_intro_once(chat):
    conversation = chat()
    first = said(conversation, "My medical insurance QR code won't work at the pharmacy. What should I do?")
    assert INTRO in first and "activated" in first and "Wi-Fi" in first and "limit" in first, first
    pin = said(conversation, "and how do i reset my pin")
    assert INTRO not in pin and "PIN" in pin, pin
    nothing = said(conversation, "hello anyone there")
    assert INTRO not in nothing and "12393" in nothing, nothing
    lost = said(conversation, "???")
    assert "12393" in lost and "没太明白" not in lost, lost  # still English, not the Chinese fallback
    thanks = said(conversation, "ok i try wifi. thanks")
    assert "welcome" in thanks and "12393" in thanks and INTRO not in thanks, thanks


@pytest.mark.parametrize("text", ["ok thanks", "thank you"])
def test_english_thanks_get_a_welcome(chat, text):
    reply = said(chat(), text)
    assert "welcome" in reply and INTRO not in reply and "不客气" not in reply, reply


@pytest.mark.parametrize("text", ["Can I talk to a human who speaks English?", "human please", "agent"])
def test_a_person_asked_for_in_english_gets_the_handoff_and_the_hotline(chat, text):
    conversation = chat()
    reply = said(conversation, text)
    assert "human agent" in reply and "12393" in reply, reply
    assert reply.count("已为您转人工") == 1, reply  # the same handoff 「转人工」 starts, once
    assert "welcome" in said(conversation, "ok thanks")  # and the conversation goes on


def test_a_signed_in_person_asking_in_english_gets_no_chinese_diagnosis(chat):
    reply = said(chat("zhang_ok"), "My medical insurance QR code won't work at the pharmacy. What should I do?")
    assert "activated" in reply and "张" not in reply, reply


def test_broken_chinese_beside_english_gets_a_simple_answer_not_the_screenshot_faq(chat):
    reply = said(chat(), "my chinese not good. 医保码 不能 用. 怎么办")
    assert "activated" in reply and "医保码用不了" in reply and "激活" in reply, reply
    assert SCREENSHOT_FAQ not in reply, reply


def test_alipay_named_after_the_list_goes_to_the_buttons_confirmation(chat, wallet_api):
    conversation = chat("zhang_ok")
    said(conversation, "医保码安全吗，怎么管理授权")
    assert any("取消支付宝授权" in b["title"] for b in conversation.buttons), conversation.last
    ask = said(conversation, "支付宝那个取消掉吧 我平时不用")
    assert "确认要取消支付宝的授权吗" in ask and "怎么用" not in ask, ask
    assert not revoked(wallet_api, "zhang_ok")  # nothing without the confirmation
    done = conversation.click("确认取消")
    assert "已取消支付宝的授权" in done, done
    entries = revoked(wallet_api, "zhang_ok")
    assert len(entries) == 1 and entries[0]["conversation_id"] == conversation.sender


def test_i_mean_cancel_alipays_authorization_asks_to_confirm_and_a_no_keeps_it(chat, wallet_api):
    conversation = chat("zhang_ok")
    said(conversation, "医保码安全吗，怎么管理授权")
    ask = said(conversation, "我是说把支付宝的授权取消了")
    assert "确认要取消支付宝的授权吗" in ask, ask
    kept = conversation.click("先不取消")
    assert "已取消" not in kept, kept
    assert not revoked(wallet_api, "zhang_ok")


def test_a_channel_not_in_the_list_or_not_signed_in_is_never_revoked(chat, wallet_api):
    frozen = chat("wang_frozen")  # 国家医保APP revoked long ago
    said(frozen, "医保码安全吗，怎么管理授权")
    reply = said(frozen, "国家医保APP的授权删掉")
    assert "确认要取消国家医保APP" not in reply, reply
    anonymous = chat()
    said(anonymous, "医保码安全吗，怎么管理授权")
    reply = said(anonymous, "我是说把支付宝的授权取消了")
    assert "确认要取消" not in reply, reply
