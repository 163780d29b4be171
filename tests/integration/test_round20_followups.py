"""Over REST against the real processes, follow-ups of trial rounds 19 and 20 that the topic in view
answers: a refund of a registration not used, money gone from the account, the 亲情账户's monthly
binding limit, a paused status while the salary is docked, a relative insured in one city and
living in another, 居民医保's money, and what to do at the till right now."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def _clean(reply: str) -> None:
    assert "帮不上忙" not in reply and "没太明白" not in reply, reply


def test_a_registration_not_used_and_its_refund(chat):
    conversation = chat()
    story = conversation.say("前天在市医院自助机挂了个号 刷的医保码 后来家里有事没去成")
    assert "退号" in story, story
    conversation.say("挂号费能退吗 退到哪")
    when = conversation.say("一般几天能到账")
    assert "工作日" in when and "划入" not in when, when
    _clean(story + when)


def test_money_gone_then_an_unknown_pharmacy(chat):
    conversation = chat()
    gone = conversation.say("支付宝里看医保账户少了两百多 我最近都没去过药店")
    assert "收支明细" in gone and "家庭共济" in gone, gone
    where = conversation.say("在哪能看到每一笔是在哪花的")
    assert "明细" in where, where
    unknown = conversation.say("查了 有一笔什么益民大药房 我从来没去过这家")
    assert "盗刷" in unknown and "12393" in unknown, unknown
    _clean(gone + where + unknown)


def test_the_monthly_binding_limit_then_next_month(chat):
    conversation = chat()
    limit = conversation.say('给我爸加亲情账户 提示"该成员绑定次数已达上限" 这是啥意思')
    assert "自然月" in limit, limit
    later = conversation.say("那下个月1号就能加了吧")
    assert "下个月1号" in later, later
    _clean(limit + later)


def test_a_paused_status_while_the_salary_is_docked(chat):
    conversation = chat("wang_frozen")
    conversation.say("医保码打开是灰的 说参保状态异常")
    docked = conversation.say("不对啊 公司每个月都从工资里扣了医保")
    assert "人事" in docked and "缴费记录" in docked, docked
    _clean(docked)


def test_living_away_from_the_insured_city_is_registration(chat):
    conversation = chat()
    conversation.say("我妈的医保码在药店刷不了 说参保地不对")
    moved = conversation.say("她是在广州交的 现在搬来佛山跟我住了")
    assert "异地就医备案" in moved and "不用切参保地" in moved, moved
    _clean(moved)


def test_resident_insurance_is_not_wasted(chat):
    conversation = chat()
    conversation.say("我交的居民医保 医保码里余额咋是0")
    wasted = conversation.say("那不就白交了")
    assert "统筹" in wasted and "不是白交" in wasted, wasted
    clinic = conversation.say("门诊开药能报不")
    assert "门诊统筹" in clinic, clinic
    _clean(wasted + clinic)


def test_the_medicine_now_after_the_usual_causes(chat):
    conversation = chat()
    conversation.say("药店扫医保码付不了 扫了好几次")
    now = conversation.say("别讲原因了 我现在就要把药拿走 咋弄")
    assert "实体医保卡" in now and "自己付" in now, now
    _clean(now)
