"""Over REST against the real processes, trial round 28's situations (our own phrasings): a child's
mistyped PIN, the 电子社保卡 against the 医保码, a work injury and the employer who refuses, a
refund question inside the region switch and a choice written 「切成深圳」, a feverish child tonight
for a signed-in parent, a masked name."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")


def _clean(reply: str) -> None:
    assert "帮不上忙" not in reply and "没太明白" not in reply and "诈骗" not in reply, reply


def test_a_child_locked_the_pin_and_the_social_security_card(chat):
    kid = chat().say("外孙女玩我手机 把医保的支付密码输错好几次 锁住了 是不是被盗了")
    assert kid.startswith("别担心，这不是被盗") and "刷脸重置" in kid, kid
    card = chat()
    first = card.say("电子社保卡跟医保码是不是一个东西")
    assert first.startswith("不是一回事") and "人社部门" in first, first
    then = card.say("那我领了电子社保卡 还要再领医保码吗")
    assert "医保码要另外激活" in then, then
    _clean(kid + first + then)


def test_a_work_injury_and_an_employer_who_refuses(chat):
    worker = chat()
    injury = worker.say("在厂里上班把手割伤了 去医院能用医保码结账吗")
    assert injury.startswith("工伤看病一般不走医保") and "12333" in injury, injury
    boss = worker.say("老板不认 说不给报工伤")
    assert "1年内" in boss and "工伤认定" in boss, boss
    _clean(injury + boss)


def test_a_refund_question_inside_the_region_switch_then_the_choice(chat):
    person = chat("chen_region")
    person.say("我医保码上怎么还是长沙 我早就在深圳上班了")
    refund = person.say("长沙那个要去退吗")
    assert refund.startswith("看两边是不是都还在交") and "哪个是您现在真正的参保地" in refund, refund
    choice = person.say("切成深圳")
    assert "确认把医保码显示的参保地从长沙市切换为深圳市" in choice, choice


def test_a_signed_in_parent_with_a_feverish_child_and_a_masked_name(chat):
    parent = chat("zhao_balance")
    tonight = parent.say("孩子烧到39度 我在医院急诊 医保码付不了 今晚咋办")
    assert "急诊或儿科夜诊" in tonight and not tonight.startswith("孩子不舒服"), tonight
    masked = chat().say("医保码上我的名字显示成李*华 是不是信息弄错了")
    assert masked.startswith("名字里的「*」是为了保护隐私"), masked
    _clean(tonight + masked)
