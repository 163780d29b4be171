"""Over REST against the real processes, trial round 33's situations (our own phrasings): a cashier's
personal payment code (never paid twice), a wallet transfer received at night, a record that says the
person is dead, a school's payment code for 居民医保, a pasted account-credit SMS, a newborn, the go-ahead
at the record question in other words."""
from __future__ import annotations

import pytest

from tests.integration.test_round29_followups import _clean

pytestmark = pytest.mark.usefixtures("fresh_personas")


def test_a_cashiers_personal_code_is_never_paid_twice(chat):
    person = chat("zheng_system")
    first = person.say("收费窗口说医保系统坏了 收费员叫我扫她自己的微信收款码先交钱 行吗")
    assert "别扫" in first, first  # after the records (round 33: the records only)
    paid = person.say("我老公已经扫了300了 咋办")
    assert paid.startswith("先别再付一次"), paid
    assert "可以再去付一次款" not in paid, paid  # (round 33: unsafe)
    _clean(first + paid)


def test_a_transfer_received_at_night(chat):
    mother = chat()
    first = mother.say("女儿说往我医保钱包转了钱 我咋啥也没看到 在哪收")
    assert first.startswith("家人给您医保钱包转账，要您这边接收才到账"), first
    night = mother.say("都晚上十一点了 现在收行不行")
    assert night.startswith("晚上22:00到第二天06:00医保钱包不能转账"), night
    never = mother.say("我要是一直不收 钱会没了不")
    assert "退回转账人" in never, never  # the daughter's, not the receiver's (round 33)
    _clean(first + night + never)


def test_a_record_that_says_the_person_is_dead(chat):
    person = chat()
    first = person.say("医院说系统里显示我已经死亡了 我好好的啊 医保用不了")
    assert first.startswith("这是登记出错，能改"), first
    bring = person.say("那要带啥去")
    assert bring.startswith("带身份证原件、户口本"), bring
    money = person.say("我这些年交的钱会不会没了")
    assert money.startswith("一般不会没"), money
    _clean(first + bring + money)


def test_a_schools_payment_code_and_a_credit_sms(chat):
    parent = chat()
    first = parent.say("幼儿园老师在群里发了个二维码 叫交明年的居民医保 靠谱不")
    assert first.startswith("学校、社区统一发码代收居民医保很常见"), first
    where = parent.say("交完了在哪能查到")
    assert where.startswith("交完先在那个税务小程序里看缴费记录"), where
    sms = chat().say("【医保】您的职工医保个人账户于12月05日划入156.30元，当前余额2046.12元。如有疑问请咨询12393。")
    assert sms.startswith("这是正常的到账通知"), sms  # (round 33: 「这很像诈骗」 next)
    _clean(first + where + sms)


def test_a_newborn_in_hospital(chat):
    father = chat()
    first = father.say("孩子刚出生四天 黄疸住院了 医保还没办 只能全自费吗")
    assert first.startswith("先别当全自费"), first
    hukou = father.say("有出生证明 户口还没上 能先参保不")
    assert hukou.startswith("很多地方可以"), hukou
    _clean(first + hukou)


def test_the_go_ahead_in_other_words_at_the_record_question(chat):
    person = chat("chen_region")
    person.say("付款失败了")
    ahead = person.say("那你倒是给我弄好啊")
    assert "切换为深圳市" in ahead, ahead  # the record marked real (round 33: 「没太明白」)
    _clean(ahead)
