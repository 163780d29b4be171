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


def test_a_screen_sharing_call_and_a_code_called_expired(chat):
    call = chat()
    first = call.say("有人打视频说是社保局的 要我开共享屏幕帮我处理医保卡")
    assert first.startswith("这是诈骗") and "屏幕共享" in first, first
    fee = call.say("他说不弄的话每个月要扣一百块")
    assert fee.startswith("假的") and "月费" in fee, fee
    police = call.say("我没开共享也没转钱 还要报警吗")
    assert "96110" in police, police
    till = chat()
    expired = till.say("收银员说我医保码过期了 我刚打开的啊")
    assert "动态码" in expired and "刷新" in expired, expired
    clock = till.say("我手机时间比北京时间慢了好多 有影响吗")
    assert "自动设置" in clock, clock
    _clean(first + fee + police + expired + clock)


def test_a_relative_who_bound_you_and_an_sms_that_never_comes(chat):
    bound = chat()
    out = bound.say("离婚了 前夫手机的亲情账户里还绑着我 我不想他再用我的医保码")
    assert "被他绑进" in out and "扣的就是您的医保账户" in out, out
    sms = chat()
    sms.say("激活医保码收不到验证码 手机号一直没换过")
    office = sms.say("那去哪能当面激活")
    assert "身份证" in office and "经办大厅" in office, office
    _clean(out + office)
