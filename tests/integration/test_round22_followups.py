"""Over REST against the real processes, follow-ups of trial round 22 and round 20's last leftovers
that the topic in view answers (our own phrasings): an order's status and whom to ask, a timeout
after another network, an old 参保 record, the family's money, the go-ahead at the region question,
a scam victim's bank card, whether a payment went through and online pharmacies."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def _clean(reply: str) -> None:
    assert "帮不上忙" not in reply and "没太明白" not in reply, reply


def test_an_orders_status_then_whom_to_ask(chat):
    conversation = chat()
    state = conversation.say("缴费时页面提示 订单状态：异常")
    assert "结算单" in state and "未参保" not in state, state
    meaning = conversation.say("结算失败又是啥意思")
    assert "没有完成" in meaning, meaning
    who = conversation.say("窗口让我找医保 医保又让我找医院 到底该找谁")
    assert "医保办" in who and "12393" in who, who
    _clean(state + meaning + who)


def test_a_timeout_then_a_weak_spot_another_network_and_paying_twice(chat):
    conversation = chat("qian_network")
    conversation.say("付款转了半天提示超时")
    spot = conversation.say("我在地下停车场 信号就一格")
    assert "一楼" in spot and "已经帮您查过" not in spot, spot
    still = conversation.say("连了wifi还是超时")
    assert "医保专网" in still and "已经帮您查过" not in still, still
    twice = conversation.say("我扫了好几遍 会不会重复扣钱")
    assert "不会扣两次" in twice, twice
    _clean(spot + still + twice)


def test_an_old_record_beside_the_real_one(chat):
    conversation = chat()
    conversation.say("医保码上有两个参保地 一个长沙一个深圳 咋回事")
    where = conversation.say("我现在在深圳上班")
    assert "交医保" in where and "出示动态二维码" not in where, where
    delete = conversation.say("长沙那个能删掉吗")
    assert "移除凭证" in delete and "经办机构" in delete, delete
    keep = conversation.say("不删的话有影响吗")
    assert keep.startswith("不影响"), keep
    _clean(where + delete + keep)


def test_the_familys_money_and_a_hospital_stay(chat):
    conversation = chat("zhang_ok")
    conversation.say("我的医保钱能给我老公用吗")
    how = conversation.say("那要怎么弄他才能花我的钱")
    assert "家庭共济" in how and "亲情账户" not in how, how
    stay = conversation.say("他住院也能用这个钱吗")
    assert "住院" in stay and "出示动态二维码" not in stay, stay
    _clean(how + stay)


def test_the_go_ahead_at_the_region_question_asks_to_confirm_the_real_one(chat):
    conversation = chat("chen_region")
    conversation.say("付款失败了")
    confirm = conversation.say("嗯 那就切吧")
    assert "长沙市切换为深圳市" in confirm, confirm
    done = conversation.say("确认")
    assert "深圳" in done and "切换" in done, done


def test_a_scam_victims_bank_card_then_a_freeze(chat):
    conversation = chat()
    conversation.say("收到短信说医保卡要升级 让点链接 我点进去了")
    bank = conversation.say("还填了银行卡号")
    assert "银行客服" in bank and "手机号" not in bank, bank
    freeze = conversation.say("医保那边能不能先冻结")
    assert "12393" in freeze and "未参保" not in freeze, freeze
    _clean(bank + freeze)


def test_whether_a_payment_went_through_then_online_pharmacies(chat):
    conversation = chat()
    paid = conversation.say("刚在药店扫码付了 也不知道付上没有")
    assert "结算单" in paid and "常见的原因" not in paid, paid
    online = conversation.say("网上买药能用医保吗 比如美团")
    assert "医保支付" in online and "以当地医保部门规定为准" in online, online
    _clean(paid + online)
