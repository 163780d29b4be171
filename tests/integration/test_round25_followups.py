"""Over REST against the real processes, follow-ups of trial round 25 that the topic in view answers
(our own phrasings): daily goods paid with 医保, a damaged card, a foreign spouse, a clinic offline;
dental care asked again, medicine that cannot wait."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def _clean(reply: str) -> None:
    assert "帮不上忙" not in reply and "没太明白" not in reply, reply


def test_daily_goods_and_a_damaged_card(chat):
    conversation = chat()
    goods = conversation.say("药店店员说可以用医保码顺便买点洗衣液 这样行吗")
    assert goods.startswith("不可以") and "违规" in goods, goods
    checked = conversation.say("要是刷了会被查吗")
    assert checked.startswith("会被查出来"), checked
    card = chat()
    damaged = card.say("社保卡老跟手机放一起 现在医院读不出来 是不是消磁了")
    assert "消磁" in damaged and "医保码" in damaged, damaged
    money = card.say("补卡的这段时间 卡里的钱会不会丢")
    assert money.startswith("不会"), money
    _clean(goods + checked + damaged + money)


def test_a_foreign_spouse_and_a_clinic_offline(chat):
    conversation = chat()
    first = conversation.say("我丈夫是外籍的 在这边上班交了社保 他能弄医保码吗")
    assert "经办大厅" in first and "护照" in first, first
    network = chat("qian_network")
    network.say("村里诊所扫医保码一直转圈出不来")
    offline = network.say("诊所医生说他们那边也连不上")
    assert "不是您手机的问题" in offline and "自己付" in offline, offline
    _clean(first + offline)


def test_dental_questions_are_not_answered_twice_and_medicine_cannot_wait(chat):
    conversation = chat()
    dental = conversation.say("拔牙可以刷医保码吗")
    private = conversation.say("我去的是那种连锁的私人牙科")
    assert "定点" in private and private != dental, private
    cleaning = conversation.say("那洁牙呢")
    assert cleaning.startswith("洗牙") and cleaning not in (dental, private), cleaning
    shop = chat("zheng_system")
    shop.say("药店扫码付不了")
    urgent = shop.say("收银员叫我明儿再来 可我这药急着吃")
    assert "祝您" not in urgent and "自费" in urgent, urgent
    _clean(dental + private + cleaning + urgent)
