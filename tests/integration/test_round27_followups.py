"""Over REST against the real processes, round 26's re-grade leftovers (our own phrasings): an
anonymous activation that names its cause, a screenshot sent on, the rest of a bill after a low
balance, the wallet outside its APP."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def _clean(reply: str) -> None:
    assert "帮不上忙" not in reply and "没太明白" not in reply, reply


def test_a_new_handset_a_bank_app_and_a_screenshot(chat):
    handset = chat().say("前两天换了台新手机 医保码激活不上了")
    assert handset.startswith("换了新手机一般不用重新激活"), handset
    bank = chat().say("农行的手机银行里能激活医保码吗")
    assert bank.startswith("要看银行") and "国家医保服务平台APP" in bank, bank
    conversation = chat()
    conversation.say("医保码能截个图给我爸用吗")
    sent = conversation.say("那我拍张照发给他呢")
    assert sent.startswith("发过去也用不了") and "亲情账户" in sent, sent
    _clean(handset + bank + sent)


def test_the_rest_after_a_low_balance_and_the_wallet_outside_its_app(chat):
    low = chat("zhao_balance")
    low.say("药店说我医保付不了")
    rest = low.say("那差的钱咋付")
    assert "个人账户里剩下的钱" in rest and "超出限额" not in rest, rest
    wallet = chat()
    wallet.say("医保钱包是干嘛用的")
    only = wallet.say("可是钱包只在国家医保那个app里啊 我平时用微信")
    assert "微信、支付宝里的医保码" in only, only
    _clean(rest + only)
