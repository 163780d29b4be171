"""Over REST against the real processes, trial round 30's situations (our own phrasings): parents
wintering in another province and the kinds of 备案, a pasted 「参保信息不唯一」 and its follow-ups,
a kiosk that took the money, the scam that offers a refund of contributions, a signed-in pasted
screen (「请先激活」, 「超出单笔支付限额」 from an online pharmacy) answered from the records."""
from __future__ import annotations

import pytest

from tests.integration.test_round29_followups import _clean

pytestmark = pytest.mark.usefixtures("fresh_personas")


def test_parents_wintering_elsewhere_and_the_kinds_of_registration(chat):
    son = chat()
    first = son.say("我爸妈今年冬天去海南住三个月 农村医保 在那边看病能用医保码吗")
    assert first.startswith("医保码全国通用"), first
    assert "参保地切换" not in first, first  # their region is right: nothing to switch
    kind = son.say("备案的话选临时外出还是长期居住啊")
    assert kind.startswith("「临时外出就医」"), kind
    back = son.say("回来以后还要去取消吗")
    assert "自动失效" in back, back
    _clean(first + kind + back)


def test_a_pasted_duplicate_record_and_where_to_fix_it(chat):
    person = chat()
    first = person.say("扫码弹出来“人员参保信息不唯一，请到参保地经办机构处理” 这啥意思")
    assert first.startswith("「参保信息不唯一」"), first
    assert "未参保" not in first, first  # the pasted text is one message, not two questions
    why = person.say("我以前在外地打工交过 后来回老家交的 是这个原因吗")
    assert why.startswith("很可能就是这个原因"), why
    where = person.say("那要回外地办还是老家办")
    assert where.startswith("先找现在交费的地方"), where
    _clean(first + why + where)


def test_a_kiosk_that_took_the_money_is_not_paid_twice(chat):
    person = chat()
    person.say("医院自助机上交了检查费 钱扣了 机器卡住了 单子没打出来")
    again = person.say("那还要不要再交一次 医生那显示没交费")
    assert again.startswith("先别再交"), again
    leave = person.say("窗口说系统维护 我得去接孩子 能先走回头再来吗")
    assert leave.startswith("可以先走"), leave
    _clean(again + leave)


def test_the_refund_scam_and_what_is_real(chat):
    person = chat()
    first = person.say("有人加我企业微信 头像是医保局 说我多缴的医保费能退 让下个app填银行卡")
    assert first.startswith("这是诈骗"), first
    installed = person.say("app已经下载了 还没打开")
    assert installed.startswith("还没打开、没填就好"), installed
    real = person.say("医保多交的钱到底有没有退这回事")
    assert real.startswith("有这回事，但不是那样退"), real
    _clean(first + installed + real)


def test_signed_in_pasted_screens_are_answered_from_the_records(chat):
    inactive = chat("li_unactivated").say("在微医上付款 跳出来“请先激活医保电子凭证后再使用医保支付” 咋整")
    assert "还没有激活" in inactive, inactive
    limit = chat("liu_limit").say("在京东健康买胰岛素 结算提示“超出单笔支付限额” 一共两千多")
    assert "单笔限额500.00元" in limit, limit
    _clean(inactive + limit)
