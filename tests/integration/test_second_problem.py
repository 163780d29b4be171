"""Over REST, phrased as people write: two problems in one message (both are handled, the
second as a short fix or as the next step after the first fix), and a channel the person
rules out (never offered again in this conversation)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def _titles(conversation):
    return [b["title"] for b in conversation.buttons]


def test_not_activated_and_pin_forgotten_activation_first_then_the_pin_is_offered(chat):
    conversation = chat("li_unactivated")
    first = conversation.say("我医保码到现在都没激活 密码也不记得了")
    assert "没有激活" in first and "支付密码" in first, first
    assert "微信" in _titles(conversation)  # the activation fix asks its channel
    steps = conversation.click("微信")
    assert "在微信激活" in steps and "刚才您还提到「支付密码」" in steps, steps
    assert any(title == "接着处理支付密码" for title in _titles(conversation))
    after = conversation.click("接着处理支付密码")
    assert "重置" in after, after  # the PIN fix follows (the channel is already known)


def test_balance_and_a_locked_pin_both_answered_pin_offered_as_next_step(chat):
    conversation = chat("zhao_balance")
    reply = conversation.say("钱不够付不了，而且支付密码好像也被锁了")
    assert "3.50" in reply, reply  # the balance, from the records
    if "接着处理支付密码" in _titles(conversation):  # read as a balance problem: the PIN is next
        reply = conversation.click("接着处理支付密码")
    assert "渠道" in reply and "支付宝" in _titles(conversation), reply  # the PIN reset asks its channel
    assert "重置单" in conversation.click("支付宝")


def test_anonymous_region_and_balance_in_one_message_get_both_answers(chat):
    reply = chat().say("参保地老是显示我老家的 还有个人账户余额好像也不够了")
    # whichever the classifier takes first, the other gets its short fix too
    assert "参保地切换" in reply and "自费补足" in reply and "另外说到" in reply, reply


def test_code_not_showing_and_limit_in_one_message_get_both_answers(chat):
    reply = chat().say("医保码老是出不来，上回付钱还说超过限额了")
    assert ("刷新" in reply or "打不开" in reply) and "限额" in reply, reply


def test_a_channel_ruled_out_is_not_offered_then_or_later(chat):
    conversation = chat()
    reply = conversation.say("我不会用支付宝")
    assert reply.count("支付宝") == 1 and "不用支付宝" in reply, reply  # only where it is ruled out
    assert "国家医保服务平台APP" in reply and "微信" in reply and "医保卡" in reply
    assert "支付宝" not in _titles(conversation) and "微信" in _titles(conversation)
    later = conversation.say("看病的时候医保码到底咋付钱")
    assert "支付宝" not in _titles(conversation) and "不用支付宝" in later, later
    conversation.say("医保码怎么激活")
    assert _titles(conversation) and "支付宝" not in _titles(conversation), conversation.buttons
    assert "在国家医保服务平台APP激活" in conversation.click("国家医保APP")


def test_an_app_not_installed_inside_the_activation_fix_asks_again_without_it(chat):
    conversation = chat()
    conversation.say("医保码咋激活啊")
    assert "国家医保APP" in _titles(conversation)
    reply = conversation.say("我手机里没装那个国家医保APP")
    assert "不用国家医保APP" in reply, reply
    assert _titles(conversation) == ["支付宝", "微信"]
    assert "在微信激活" in conversation.click("微信")


def test_no_wechat_for_a_signed_in_person_how_to_pay_skips_it(chat):
    conversation = chat("zhang_ok")
    reply = conversation.say("我没有微信，还能用啥付医保")
    assert "不用微信" in reply and "微信" not in _titles(conversation), reply
