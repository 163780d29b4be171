"""Replies that could hurt someone if they said more than is true (handoff, sign-in, links)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def test_a_signed_in_handoff_says_who_calls_back_and_what_12393_can_see(chat):
    reply = chat("zhao_balance").say("转人工")
    assert "工单号T" in reply and "登记的手机号" in reply
    assert "12393热线查不到" in reply and "报上工单号" not in reply


def test_an_anonymous_handoff_asks_for_a_verified_phone_instead_of_promising_a_call(chat):
    reply = chat().say("转人工")
    assert "工单号T" in reply and "没法联系到您" in reply and "手机验证" in reply
    assert "会尽快联系您" not in reply


def test_the_sign_in_code_advice_is_the_one_given_against_scams(chat, wallet):
    conversation = chat()
    conversation.say("手机验证")
    reply = conversation.say("15810263391")
    assert "都不要给" in reply and "只发给我" not in reply
    inbox = wallet.demo_sms("15810263391")["messages"]
    assert inbox and "【国家医保服务平台】" not in inbox[0]["text"] and "都不要给" in inbox[0]["text"]


def test_the_pin_reset_link_is_not_called_official_and_comes_with_a_check(chat):
    conversation = chat("sun_pin_locked")
    conversation.say("付款失败了")
    conversation.click("支付宝")
    reply = conversation.click("开重置单")
    assert "/wallet/pin-reset/" in reply and "官方" not in reply
    assert "陌生短信" in reply


def test_a_caller_wanting_the_code_gets_the_scam_warning_first(chat):
    reply = chat().say("有人打电话说我医保卡要停用了，让我报短信验证码，这是不是骗子")
    assert reply.startswith("⚠️ 这很像诈骗"), reply
    assert "国家医保平台签发" not in reply  # how the platform protects the code would push it down
    assert "12393" in reply and "110" in reply
