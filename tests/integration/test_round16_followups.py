"""Over REST, phrased as trial round 16's tester wrote them: narrow questions after a diagnosis or
an answer (whose fault it is, being charged twice, a network that is fine, the bills while the
insurance is paused, paying the rest at the window, buying today without the APP, guarding
against the next scam, the 异地 ratio) get their line, not 「帮不上忙」, the fallback or a re-check."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("fresh_personas")
REFUSED = "帮不上忙"
NOT_UNDERSTOOD = "没太明白"
RECHECKED = "重新查"


def _clean(reply: str) -> None:
    assert REFUSED not in reply and NOT_UNDERSTOOD not in reply and "记录没有变化" not in reply, reply


def test_whose_fault_and_buying_today_after_the_pharmacys_system(chat):
    conversation = chat("zheng_system")
    found = conversation.say("在大参林药店付不了 说什么商户未开通")
    assert "没有接入医保钱包" in found, found
    whose = conversation.say("是我的问题还是药店的问题")
    assert whose.startswith("是那家药店") and RECHECKED not in whose, whose
    today = conversation.say("那我今天急着买药怎么办")
    assert "自费" in today, today
    _clean(whose + today)


def test_charged_twice_and_a_network_that_is_fine_after_a_timeout(chat):
    conversation = chat("qian_network")
    conversation.say("刚才付钱一直转圈圈 然后说超时 钱扣了没啊")
    twice = conversation.say("会不会扣两次")
    assert "不会扣两次" in twice, twice
    fine = conversation.say("我网络好好的 wifi满格")
    assert "医保专网" in fine and "换个渠道" in fine, fine
    _clean(twice + fine)


def test_the_bills_while_the_insurance_is_paused(chat):
    conversation = chat("wang_frozen")
    conversation.say("看病结算的时候说我医保状态异常 啥意思")
    why = conversation.say("为啥会暂停 我又没干啥")
    assert "断缴" in why, why
    bills = conversation.say("这段时间看病的钱还能报吗")
    assert "发票" in bills and "各地规定不同" in bills, bills
    _clean(why + bills)


def test_the_window_and_where_to_change_the_limit(chat):
    conversation = chat("liu_limit")
    conversation.say("交钱的时侯提示超出线额了 1200块 怎么回四")
    now = conversation.say("人还在窗口 现在咋办")
    assert "自费" in now, now
    where = conversation.say("在哪调")
    assert "限额设置" in where and "限额是这样定的" not in where, where
    _clean(now + where)


def test_a_crashing_app_and_medicine_needed_today(chat):
    conversation = chat("zhang_ok")
    conversation.say("国家医保服务平台app一打开就闪退")
    today = conversation.say("那我今天急着买药怎么办")
    assert "我的医保凭证" in today and "社保卡" in today, today
    _clean(today)


def test_guarding_against_the_next_scam(chat):
    conversation = chat()
    conversation.say("收到个短信说医保个人账户余额可以提现 点链接就能转到银行卡 真的假的")
    guard = conversation.say("以后咋防")
    assert guard.startswith("以后这样防") and "12393" in guard, guard


def test_insurance_from_one_province_in_another_city_and_the_ratio(chat):
    conversation = chat()
    first = conversation.say("河南医保在杭州能刷医保码吗")
    assert first.startswith("能用") and "参保地切换" not in first, first
    ratio = conversation.say("报销比例一样吗")
    assert "起付线" in ratio and "以参保地医保部门规定为准" in ratio, ratio
    _clean(ratio)


def test_how_long_inside_the_region_switch(chat):
    conversation = chat("chen_region")
    conversation.say("我去年从长沙调到深圳上班了 医保码上还是长沙 深圳医院用不了 咋改")
    conversation.say("第二个")
    when = conversation.say("改完要多久生效")
    assert "马上生效" in when and "密码" not in when.split("确认")[0], when


def test_writing_for_a_father_who_cannot_walk_far(chat):
    conversation = chat()
    conversation.say("我爸80多了 在药房刷医保码刷不了 人家让找你们")
    there = conversation.say("要本人去吗 他腿脚不方便")
    assert "亲情账户" in there and "不一定要他本人去" in there, there
    _clean(there)


def test_a_limit_changed_and_paying_the_rest(chat):
    conversation = chat("liu_limit")
    conversation.say("我今天带我妈去医院做检查 交费一共1200多 用医保码付的时候提示失败 收费员让我问问你们")
    effect = conversation.say("改了限额马上能用吗")
    assert "参保地规定的上限" in effect, effect
    _clean(effect)


def test_outpatient_care_elsewhere_after_the_ratio(chat):
    conversation = chat()
    conversation.say("河南医保在杭州能刷医保码吗")
    conversation.say("报销比例一样吗")
    outpatient = conversation.say("门诊也能用吗")
    assert outpatient.startswith("门诊也能用") and "备案" in outpatient, outpatient


def test_where_is_the_app_in_english(chat):
    conversation = chat()
    conversation.say("hi, I work in Shanghai as a foreigner. how do I activate the medical insurance code?")
    app = conversation.say("where is the app")
    assert "国家医保服务平台" in app and "我的医保凭证" in app, app


def test_a_husbands_job_change_and_the_months_between(chat):
    conversation = chat()
    first = conversation.say("帮我老公问下 他换工作以后医保码就用不了了")
    assert "新单位" in first and "亲情账户" not in first, first
    months = conversation.say("那断交这几个月看病咋办")
    assert "发票" in months and "各地规定不同" in months, months
    _clean(first + months)


def test_still_failing_after_the_face_check_tips(chat):
    conversation = chat("li_unactivated")
    conversation.say("医保码咋一直显示未激活啊 我都弄了好几次了")
    conversation.say("人脸识别过不去 一直提示光线不足")
    still = conversation.say("还是不行啊")
    assert "经办大厅" in still and "转人工" in still, still


def test_what_now_after_the_reasons_for_a_paused_insurance(chat):
    conversation = chat("wang_frozen")
    conversation.say("看病结算的时候说我医保状态异常 啥意思")
    conversation.say("为啥会暂停 我又没干啥")
    now = conversation.say("那咋办")
    assert "经办机构" in now and "自费" in now, now


def test_already_bound_is_the_family_account_not_the_chc(chat):
    conversation = chat("wu_family")
    conversation.say("我想用我的医保给我儿子看病 他在深圳")
    bound = conversation.say("他才5岁 已经绑了的")
    assert "社康中心" in bound and "两回事" in bound, bound
