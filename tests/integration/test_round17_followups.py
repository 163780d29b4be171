"""Over REST, trial round 17's misses as its tester wrote them: a hurried failure at the till that
the classifier took (unsure) for a security question, in-scope follow-ups that got 「帮不上忙」 or
the choices (a second transfer, when it arrives, across provinces, today's spending, a why with a
reason, the papers to keep after paying out of pocket, medicine these days while the insurance is
paused, 家庭共济 for a stay in hospital and for wife and child), and whether it can be done online."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")
SECURITY_TEXT = "国产加密算法"
REFUSED = "帮不上忙"


def _clean(reply: str) -> None:
    assert REFUSED not in reply and "没太明白" not in reply and SECURITY_TEXT not in reply, reply
    assert "暂时没处理好" not in reply and "出了点问题" not in reply, reply


def test_a_hurried_failure_at_the_till(chat):
    conversation = chat("li_unactivated")
    reply = conversation.say("快点快点 药店说我这码用不了 后面一堆人排队")
    assert "没有激活" in reply, reply
    _clean(reply)


def test_a_second_transfer_while_the_first_waits(chat):
    conversation = chat()
    conversation.say("医保钱包能给我儿子转钱吗？一次最多能转多少？")
    conversation.say("要是他一直没点收款 钱去哪了")
    again = conversation.say("那我能不能再给他转一笔")
    assert "退回之前" in again and "不能再发新的转账" in again, again
    _clean(again)


def test_a_daughter_elsewhere_and_when_the_money_arrives(chat):
    conversation = chat("zhao_balance")
    conversation.say("同仁堂买药128 提示余额不足 我退休职工 账户里钱都哪去了")
    conversation.say("能让我闺女从她那给我转点吗")
    across = conversation.say("她在外地 跨省能转不")
    assert "跨省也行" in across, across
    arrival = conversation.say("转过来要多久到")
    assert "接收" in arrival, arrival
    _clean(across + arrival)


def test_spent_today_after_the_balance(chat):
    conversation = chat("zhang_ok")
    conversation.say("那我卡里现在还剩多少")
    today = conversation.say("今天一共花了多少")
    assert "今天已用" in today, today
    _clean(today)


def test_why_with_a_reason_then_medicine_these_days(chat):
    conversation = chat("wang_frozen")
    conversation.say("手机上弹出来这个：“医保电子凭证状态异常，请联系参保地医保经办机构”")
    why = conversation.say("为啥会这样啊 我每年都按时交了钱的")
    assert "断缴" in why or "没同步" in why, why
    online = conversation.say("那他这个能不能我在网上帮他弄好 不用他跑")
    assert "线上" in online and "12393" in online, online
    today = conversation.say("降压药等不了 这几天买药咋办")
    assert "自费" in today, today
    _clean(why + online + today)


def test_paid_out_of_pocket_then_the_papers(chat):
    conversation = chat("zheng_system")
    conversation.say("大参林买药 店员说我们这刷不了医保码 可我上个月在别的药店都能刷")
    claim = conversation.say("我先用微信自己付了 回头能拿去报销吗")
    assert "报销" in claim and "发票" in claim, claim
    papers = conversation.say("要留啥单据")
    assert "费用明细" in papers, papers
    _clean(claim + papers)


def test_mutual_aid_for_a_stay_and_for_wife_and_child(chat):
    conversation = chat("wu_family")
    conversation.say("我是职工医保 我妈是居民医保 我账户里的钱能给她买药用吗 要咋开通")
    conversation.say("家庭共济跟亲情账户是一回事不")
    stay = conversation.say("那住院的钱也能从我这扣吗")
    assert "统筹基金" in stay and "住院" in stay, stay
    who = conversation.say("我老婆和孩子也能一起共济吗")
    assert "配偶" in who and "最多绑定5位家人" not in who, who
    _clean(stay + who)


def test_an_elderly_mothers_code_at_the_counter_and_whose_money(chat):
    conversation = chat()
    conversation.say("你好 我替我妈问一下 她七十多了 智能手机用不利索 医保码这东西咋弄啊")
    counter = conversation.say("能不能直接去窗口让人给办")
    assert "经办大厅" in counter, counter
    conversation.say("那我爸呢 他俩能都挂我手机上不")
    whose = conversation.say("挂上以后在医院付钱 扣的是谁的钱")
    assert "不会扣您的" in whose, whose
    _clean(counter + whose)


def test_inside_the_fixes_the_face_check_passed_and_a_fathers_activation(chat):
    reset = chat("sun_pin_locked")
    reset.say("支付密码忘了 想重置")
    reset.say("国家医保APP")
    after_face = reset.say("好了人脸过了 然后呢")
    assert "输两遍新的6位支付密码" in after_face, after_face
    activation = chat("li_unactivated")
    activation.say("帮我爸弄一下医保码激活 他不识字 手机也不会用")
    his = activation.say("我用我自己的手机能帮他激活吗")
    assert "本人刷脸" in his, his
    _clean(after_face + his)


def test_the_chc_rule_for_a_mother_back_home(chat):
    conversation = chat("wu_family")
    conversation.say("我儿子在深圳上学 我帮他绑了亲情账户 在医院刷他的码不让用")
    conversation.say("在哪绑这个社康")
    mother = conversation.say("那我妈呢 她也绑在我这 她在老家医院用也要绑社康吗")
    assert "深圳的规定" in mother and "一般能绑" not in mother, mother
    _clean(mother)
