"""Over REST against the real processes, follow-ups of trial round 21 that the topic in view
answers (our own phrasings): a wallet transfer not accepted and who counts as kin, a new enrollee
inside the activation, a hospital system down, a changed phone number, and the staffed till."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def _clean(reply: str) -> None:
    assert "帮不上忙" not in reply and "没太明白" not in reply, reply


def test_a_transfer_not_accepted_then_kin_and_the_cap(chat):
    conversation = chat()
    conversation.say("前天用医保钱包给我妈转了800 她一直没点接收")
    back = conversation.say("她要是老不收 钱还能退回来不")
    assert "06:00" in back, back
    cousin = conversation.say("那能转给我表姐吗")
    assert "近亲属" in cousin and "能转。" not in cousin, cousin
    cap = conversation.say("那我亲弟弟呢 想转4000")
    assert "2000" in cap and "两笔" in cap, cap
    _clean(back + cousin + cap)


def test_a_new_enrollee_inside_the_activation(chat):
    conversation = chat()
    conversation.say("刚换的新单位 这个月才开始交 激活医保码说未查询到参保信息")
    wait = conversation.say("一般得等几天才能激活啊")
    assert "人事" in wait and "12393" in wait, wait
    meanwhile = conversation.say("这两天孩子要去看病 咋办")
    assert "自费" in meanwhile, meanwhile
    _clean(wait + meanwhile)


def test_a_hospital_system_down_then_its_pharmacy(chat):
    conversation = chat()
    conversation.say("医院收费处说医保系统故障了 刷不了")
    how_long = conversation.say("大概多久能修好")
    assert "收费窗口" in how_long, how_long
    pharmacy = conversation.say("那医院药房拿药也受影响吗")
    assert "院外" in pharmacy, pharmacy
    _clean(how_long + pharmacy)


def test_a_changed_number_then_the_carrier_and_the_code(chat):
    conversation = chat()
    conversation.say("我换手机号了 原来的号收不到验证码 怎么改绑定的手机号")
    shop = conversation.say("联通营业厅能帮我改吗")
    assert "营业厅改不了" in shop, shop
    code = conversation.say("换好以后微信里的医保码还能照常用吗")
    assert "不影响医保码" in code, code
    _clean(shop + code)


def test_the_staffed_till_is_not_a_handoff(chat):
    conversation = chat()
    conversation.say("医院自助机扫医保码半天没反应")
    till = conversation.say("人工收费窗口那边能扫码吗")
    assert "收费窗口" in till and "工单" not in till, till
    _clean(till)
