"""Over REST against the real processes, trial rounds 31-33's situations (our own phrasings): a real
retirement top-up and an agent's fee, the free-stay bus, a deaf person at the till, a relative insured
at home who comes here for an operation, a scam SMS not answered, a network that is fine, leaving a
job inside the region switch."""
from __future__ import annotations

import pytest

from tests.integration.test_round29_followups import _clean

pytestmark = pytest.mark.usefixtures("fresh_personas")


def test_a_real_top_up_and_an_agents_fee(chat):
    person = chat()
    first = person.say("快退休了 医保年限差三年 说可以一次性补缴 是不是骗子")
    assert first.startswith("这本身不一定是骗局"), first  # a real policy (round 31: the scam alarm)
    where = person.say("那去哪里交才是正规的")
    assert where.startswith("正规的只有官方渠道"), where
    agent = person.say("有人说帮我走内部渠道补 收两千手续费")
    assert agent.startswith("别给，这是骗子的套路"), agent
    _clean(first + where + agent)


def test_the_free_stay_bus_and_a_card_handed_over(chat):
    son = chat()
    first = son.say("村口有车拉老人去免费住院 包吃包住 还送米送油 我妈想去")
    assert first.startswith("不靠谱，要当心"), first
    harm = son.say("又不花钱 有啥损失")
    assert harm.startswith("有损失"), harm
    card = son.say("她医保卡已经交给他们了")
    assert card.startswith("尽快把卡要回来"), card
    report = son.say("打哪个电话举报")
    assert "12393" in report, report
    _clean(first + harm + card + report)


def test_a_deaf_person_at_the_till(chat):
    person = chat()
    first = person.say("我耳朵听不见 在药店付钱店员跟我说话我听不到 没付成")
    assert first.startswith("用医保码付款不用说话"), first
    sentence = person.say("能不能给我写一句话给店员看")
    assert sentence.startswith("「您好，我听不见"), sentence


def test_a_relative_insured_at_home_comes_here_for_an_operation(chat):
    son = chat()
    first = son.say("我妈医保在老家交的 要来我这边做手术 能直接用医保码吗")
    assert first.startswith("能用，但要先办异地就医备案"), first
    assert "参保地切换" not in first, first  # her region is right (round 33: the region-switch text)
    what = son.say("要提前办啥")
    assert what.startswith("网上备案一般不用带"), what
    _clean(first + what)


def test_a_scam_sms_not_answered(chat):
    person = chat()
    person.say("收到短信说我医保卡异常要冻结 让我回电话")
    not_back = person.say("我没回")
    assert not_back.startswith("没回就对了"), not_back
    fine = person.say("那我医保码还正常不")
    assert fine.startswith("那条说要冻结的消息是假的"), fine
    _clean(not_back + fine)


def test_a_network_that_is_fine_and_a_job_left_inside_the_switch(chat):
    timeout = chat("qian_network")
    timeout.say("付不了款")
    now = timeout.say("我手机联网的啊 别的都能用")
    assert now.startswith("好，不说网络了"), now
    region = chat("chen_region")
    region.say("付款失败了")
    left = region.say("离职了医保是不是就断了")
    assert left.startswith("会断"), left  # (round 32: 「不会没」)
    assert "哪个是您现在真正的参保地" in left, left  # and the switch asks again
    _clean(now + left)
