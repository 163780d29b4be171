"""Over REST against the real processes, trial round 29's situations (our own phrasings): a visit
registered as 自费 and its follow-ups, a wallet transfer to a mother without a wallet, a dead phone
at the till, a signed-in story about acupuncture (the records first), 「省本级」."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def _clean(reply: str) -> None:
    assert "帮不上忙" not in reply and "没太明白" not in reply, reply


def test_a_visit_registered_as_self_pay(chat):
    person = chat()
    first = person.say("挂号的时候我随口说了自费 交费窗口说这次不能走医保了 咋办")
    assert first.startswith("能改的话要趁早"), first
    where = person.say("去哪改")
    assert where.startswith("回当初挂号的窗口"), where
    bring = person.say("要带啥")
    assert "发票" in bring and "费用清单" in bring, bring
    _clean(first + where + bring)


def test_a_transfer_to_a_mother_without_a_wallet_and_a_dead_phone(chat):
    son = chat()
    first = son.say("给我妈的医保钱包转钱 提示被转账人医保钱包账户未开立 啥意思")
    assert first.startswith("意思是您妈妈还没开通医保钱包"), first
    elder = son.say("她用的是老人机")
    assert "借一台智能手机" in elder, elder
    charged = son.say("那刚才那笔钱扣了没")
    assert "第二天早上6点退回" in charged, charged
    till = chat()
    dead = till.say("排队交费呢 手机没电关机了 医保码打不开")
    assert dead.startswith("手机没电可以这样"), dead
    card = till.say("充电宝没带 身份证倒是带了")
    assert "凭身份证" in card, card
    _clean(first + elder + charged + dead + card)


def test_signed_in_the_records_come_before_acupuncture(chat):
    person = chat("zhao_balance")
    first = person.say("去中医馆做针灸 刷医保码说余额不足")
    assert first.index("3.50") < first.index("针灸、推拿这类是医疗服务"), first
    pooling = person.say("那针灸能走统筹报销不")
    assert pooling.startswith("能报一部分"), pooling
    province = chat().say("医保码上参保地显示湖南省省本级 不是长沙市 在长沙看病能用吗")
    assert province.startswith("「省本级」不是参保地错了"), province
    _clean(pooling + province)
