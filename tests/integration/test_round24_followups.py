"""Over REST against the real processes, follow-ups of trial round 24 that the topic in view answers
(our own phrasings): a payment stuck on 「支付中」, online care and delivered medicine, a hospital
stay, a retiree's paused status, a shared Alipay account, a deaf person's ways round the face check,
a newborn's code, an error code, the cause in plain words."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def _clean(reply: str) -> None:
    assert "帮不上忙" not in reply and "没太明白" not in reply, reply


def test_a_stuck_payment_then_online_care(chat):
    conversation = chat()
    stuck = conversation.say("在药店扫码 手机一直显示支付中 店员说没收到钱 让我重新扫 会不会扣两遍")
    assert stuck.startswith("先别急着再扫") and "原路退回" in stuck, stuck
    online = conversation.say("还有个事 医院公众号上复诊开药 付款只有微信支付 能用医保不")
    assert "医保线上支付" in online and "自费" in online, online
    fee = conversation.say("药寄过来的快递费医保管不管")
    assert fee.startswith("运费") and "自己付" in fee, fee
    rider = conversation.say("送药的人来了要看我医保码吗")
    assert rider.startswith("不用") and "诈骗" not in rider, rider
    _clean(stuck + online + fee + rider)


def test_a_hospital_stay(chat):
    conversation = chat()
    deposit = conversation.say("我妈下周住院 住院押金能用医保码里的钱交吗")
    assert deposit.startswith("住院押金") and "限额" not in deposit, deposit
    direct = conversation.say("出院时是直接报了还是得自己拿单子去报")
    assert "直接报掉" in direct, direct
    away = conversation.say("我们是在外省住院 有啥区别")
    assert "异地就医备案" in away, away
    _clean(deposit + direct + away)


def test_a_retiree_and_the_cause_in_plain_words(chat):
    conversation = chat("wang_frozen")
    conversation.say("医保码刷不了 说状态不对")
    retired = conversation.say("我都办了退休了 医保不是照样能用吗")
    assert retired.startswith("退休后医保照样能用") and "同步" in retired, retired
    wait = conversation.say("那大概要等多长时间")
    assert "各地不同" in wait and "12393" in wait, wait
    plain = conversation.say("能不能说简单点")
    assert plain.startswith("简单说"), plain
    _clean(retired + wait + plain)


def test_a_shared_alipay_account(chat):
    conversation = chat()
    owner = conversation.say("支付宝里的医保码显示的是我老婆的名字 不是我的")
    assert owner.startswith("这不是出错") and "实名" in owner, owner
    keep = conversation.say("她的那个要删吗")
    assert keep.startswith("不用删"), keep
    money = conversation.say("删了以后她账户里的钱会不会没了")
    assert money.startswith("不会") and "报警" not in money, money
    _clean(owner + keep + money)


def test_a_deaf_person_and_the_face_check(chat):
    conversation = chat()
    first = conversation.say("我耳朵听不见 说话也不清楚 激活医保码刷脸要念数字 总是过不了")
    assert "眨眼" in first and "经办大厅" in first, first
    other = conversation.say("有没有别的验证方式")
    assert "手机号" not in other and "验证码" not in other, other
    line = conversation.say("我没法打电话 12393打不了 有没有文字客服")
    assert "这个不像手机号" not in line and "打字" in line, line
    hall = conversation.say("去大厅写字跟工作人员沟通可以吗")
    assert hall.startswith("可以") and "工单" not in hall, hall
    _clean(first + other + line + hall)


def test_an_error_code_and_a_newborn(chat):
    conversation = chat()
    code = conversation.say("付款时手机上提示错误码 4096 是什么意思")
    assert "4096" in code and "对照表" in code, code
    family = chat("wu_family")
    family.say("亲情账户里添加外孙 总说添加失败")
    newborn = family.say("孩子才3个月 医保是上个月刚办好的")
    assert "同步" in newborn and "新生儿" in newborn, newborn
    today = family.say("没加上的话今天去医院咋给孩子用医保")
    assert "出生医学证明" in today or "户口本" in today, today
    _clean(code + newborn + today)
