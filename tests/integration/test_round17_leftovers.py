"""Over REST, trial round 17's leftovers against the real processes: a sign-in asked for with a
number that no longer receives SMS, 「去的话要带啥东西」 (read as what the code is) after a paused
insurance, a double charge feared read from the person's own payments in the wallet, where
「授权管理」 is, and a narrow question about one of the two family ways."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")
SECURITY_TEXT = "国产加密算法"
INTRO = "一人一码"


def _clean(reply: str) -> None:
    assert "帮不上忙" not in reply and "没太明白" not in reply and SECURITY_TEXT not in reply, reply
    assert "暂时没处理好" not in reply and "出了点问题" not in reply, reply


def test_an_old_number_is_changed_first_and_asking_goes_on(chat):
    conversation = chat()
    reply = conversation.say("我原来那个手机号早停机了 验证码收不到 咋登录")
    assert "更换手机号" in reply and "11位" not in reply, reply  # the sign-in is not started
    then = conversation.say("那咋办")
    assert "不耽误现在问" in then, then
    _clean(reply + then)


def test_what_to_bring_after_a_paused_insurance(chat):
    conversation = chat()
    conversation.say("医保暂停了怎么办")
    bring = conversation.say("去的话要带啥东西")
    assert "身份证" in bring and INTRO not in bring, bring
    _clean(bring)


def test_a_double_charge_is_read_from_the_payments(chat):
    conversation = chat("zhang_ok")
    reply = conversation.say("我昨天在药店刷了医保码 怎么好像扣了两次钱")
    # zhang_ok's seeded payments: three, none doubled
    assert "北京同仁堂王府井店" in reply and "68.50元" in reply and "没有两笔" in reply, reply
    assert "确认手机联网" not in reply, reply  # not the network checklist
    refund = conversation.say("那怎么退")
    assert "收费窗口" in refund, refund
    _clean(reply + refund)


def test_where_the_authorizations_are_managed(chat):
    conversation = chat("zhang_ok")
    reply = conversation.say("授权管理在哪里找")
    assert "「授权管理」" in reply and "不再使用的可以取消" in reply, reply  # the list, with its buttons
    _clean(reply)


@pytest.mark.parametrize("text, expected", [
    ("我能给我妈绑定亲情账户吗", "能绑"),
    ("家庭共济能给我儿子用吗", "能。用「家庭共济」"),
])
def test_a_narrow_family_question(chat, text, expected):
    reply = chat().say(text)
    assert reply.startswith(expected) and "这是两件事" not in reply, reply
    _clean(reply)
