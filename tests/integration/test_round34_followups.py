"""Over REST against the real processes, trial round 34's situations (our own phrasings): a dispute
answered with the records' evidence, pinyin, an employer's notice asking for the code and the PIN."""
from __future__ import annotations

import pytest

from tests.integration.test_round29_followups import _clean

pytestmark = pytest.mark.usefixtures("fresh_personas")


def test_a_dispute_over_the_limit_gets_the_evidence(chat):
    person = chat("liu_limit")
    person.say("付款失败 提示超过当日累计限额")
    dispute = person.say("不对吧 我今天就付了这一笔 哪来的累计")
    assert dispute.startswith("您说得对"), dispute  # (round 34: 「刚才已经帮您查过了」)
    _clean(dispute)


def test_pinyin_is_answered_in_chinese(chat):
    reply = chat().say("yibaoma xianshi hui se de, yaodian saobuchulai zenme ban")
    assert reply.startswith("看起来您打的是拼音"), reply  # (round 34: the English line)


def test_an_employers_notice_asking_for_the_code_and_pin(chat):
    person = chat()
    first = person.say("公司HR在群里发通知 让大家把医保码截图和支付密码发给她统一登记 要发吗")
    assert first.startswith("不要发"), first
    _clean(first)
