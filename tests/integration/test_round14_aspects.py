"""Over REST, phrased as people wrote them in trial round 14: a narrow question about one aspect
of the answer just given (what to carry, how many, how long, which side, the PIN at the till,
the code's lifetime while it waits) gets that aspect's line, and a sign-in under way survives it."""
from __future__ import annotations

import pytest

from tests.integration.test_phone_signin import ZHAO_PHONE, sms_code

pytestmark = pytest.mark.usefixtures("fresh_personas")
REFUSED = "帮不上忙"


def test_after_the_activation_steps_what_to_carry_and_who_must_be_there(chat):
    conversation = chat()
    conversation.say("我想在微信上激活医保码 咋弄")
    carry = conversation.say("要带身份证吗")
    assert "不用带证件" in carry and "刷脸" in carry and "信息不一致" not in carry, carry
    there = conversation.say("要本人去吗")
    assert "本人刷脸" in there and REFUSED not in there, there


def test_family_account_how_many_and_where_in_wechat(chat):
    conversation = chat()
    conversation.say("我想帮我妈绑个亲情账户 她不会用手机")
    many = conversation.say("最多能加几个人")
    assert "5位" in many and "以当地医保部门规定为准" in many, many
    where = conversation.say("亲情账户在微信里哪加")
    assert "我的医保凭证" in where and "5位" not in where, where


def test_wallet_transfers_a_day_and_one_not_accepted(chat):
    conversation = chat()
    first = conversation.say("医保钱包里的钱能转给我儿子吗")
    assert "能转" in first, first
    unaccepted = conversation.say("对方不收会咋样")
    assert "06:00" in unaccepted and "退回" in unaccepted, unaccepted


def test_registering_care_elsewhere_with_which_side_and_how_long(chat):
    conversation = chat()
    first = conversation.say("我是湖南交的医保 要去广州住院 异地就医备案在哪弄")
    assert "可以在这几个地方办" in first and "参保地切换" not in first, first
    side = conversation.say("湖南那边备案还是广州")
    assert "向参保地" in side and "就医地" in side and "参保地切换" not in side, side
    days = conversation.say("办好要几天")
    assert "工作日" in days and REFUSED not in days, days


def test_the_pin_at_the_till_and_a_screenshot(chat):
    conversation = chat()
    conversation.say("微信怎么用医保码付钱")
    pin = conversation.say("要输密码吗")
    assert "6位" in pin and "重置单" not in pin, pin
    shot = conversation.say("截图给别人能用不")
    assert shot.startswith("不能") and "刷新" in shot, shot


def test_a_question_while_the_code_waits_keeps_the_sign_in(chat, stack):
    conversation = chat()
    conversation.say("我没法登录，用手机号验证一下")
    conversation.say(f"我的手机号是{ZHAO_PHONE}")
    lifetime = conversation.say("几分钟内有效来着")
    assert "分钟" in lifetime and "重新发送" in lifetime, lifetime
    verified = conversation.say(sms_code(stack, ZHAO_PHONE))
    assert "验证成功" in verified and "祝您" not in verified, verified
