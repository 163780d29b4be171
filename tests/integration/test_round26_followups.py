"""Over REST against the real processes, follow-ups of trial round 26 that the topic in view answers
(our own phrasings): a changed phone number inside the activation, one PIN, a name changed at the
police station, a network failure with no other way, a wallet refused where the code works."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def _clean(reply: str) -> None:
    assert "帮不上忙" not in reply and "没太明白" not in reply, reply


def test_a_changed_phone_number_and_one_pin(chat):
    conversation = chat()
    conversation.say("我手机号换过了 激活医保码的验证码发到以前那个号上去了")
    gone = conversation.say("以前那个号早停机了 找不回来")
    assert "修改手机号" in gone and "刷脸" in gone, gone
    again = conversation.say("号改好了是不是还得重新激活")
    assert again.startswith("不用重复"), again
    pin = chat()
    pin.say("微信里设了医保支付密码 支付宝里想另设一个 一直失败")
    why = pin.say("凭啥非要一样")
    assert "同一个医保电子凭证" in why, why
    _clean(gone + again + why)


def test_a_name_change_and_a_place_without_the_wallet(chat):
    conversation = chat()
    conversation.say("我前年改过名字 新身份证早拿到了 药店说医保码上的名字对不上")
    sync = conversation.say("公安那边早改好了 医保这边咋没同步")
    assert "两套系统" in sync and "经办机构" in sync, sync
    wallet = chat("zheng_system")
    wallet.say("钱包里明明有钱 这家店说不能用医保钱包付")
    code = wallet.say("那改用医保码结算可以不")
    assert code.startswith("行") and "医保码" in code, code
    _clean(sync + code)
