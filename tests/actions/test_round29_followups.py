"""Trial round 29's situations and follow-ups (our own rewordings of the testers' messages, with
intents the model is likely to give): each answered for what it names, whichever action the intent
reaches, and a follow-up only after the answer it follows."""
from __future__ import annotations

import pytest

from actions.context import ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionDiagnose
from actions.faq import ActionAnswerFaq, ActionHowToPay, ActionMedicalWallet, ActionSecurityInfo
from actions.handoff import ActionFallback
from tests.actions.turns import said


def _after(name: str, text: str = "刚才那个", intent: str = "faq") -> dict:
    return said(name, intent=intent, text=text)


@pytest.mark.parametrize("action, intent, text, expected", [
    (ActionDiagnose, "cannot_show_code", "换了个华为鸿蒙的手机 微信里医保码找不着了", "utter_harmonyos"),
    (ActionAnswerFaq, "faq", "以前那个绿码还能看病用吗", "utter_health_code_not_code"),
    (ActionOutOfScope, "out_of_scope", "个人账户的钱能不能买我们市的惠民保", "utter_huiminbao"),
    (ActionHowToPay, "how_to_pay", "医院非让我办个就诊卡 还收5块 有医保码不行吗", "utter_hospital_card"),
    (ActionSecurityInfo, "security_info", "支付宝里那个医保贷是正规的吗", "utter_medical_loan"),
    (ActionHowToPay, "how_to_pay", "店员让我扫墙上贴的二维码付 说一样走医保", "utter_shop_qr_not_insurance"),
    (ActionDiagnose, "region_mismatch", "码上参保地写的是广东省省本级 对吗", "utter_province_level"),
    (ActionDiagnose, "system_failure", "药店说医保年结 今天刷不了", "utter_year_end_settlement"),
    (ActionDiagnose, "payment_failed", "我妈住院期间 我去药店用她的码买药刷不了", "utter_inpatient_no_outpatient"),
    (ActionAnswerFaq, "faq", "亲情账户里我爸的码 他在老家参保 我在这边药店刷不了",
     "utter_family_code_other_province"),
    (ActionFallback, "nlu_fallback", "付款的时候点错了 扣成我妈的了", "utter_paid_with_wrong_member"),
    (ActionOutOfScope, "out_of_scope", "做推拿能走医保吗", "utter_acupuncture"),
    (ActionDiagnose, "forgot_pin", "我和我姐是双胞胎 重置密码刷脸总说不是本人", "utter_face_twins"),
    (ActionDiagnose, "region_mismatch", "要去上海出差 参保地选哪个", "utter_trip_which_region"),
    (ActionDiagnose, "info_mismatch", "单位人事把我名字录错了", "utter_mismatch_employer_fix"),
    (ActionDiagnose, "activate_credential", "设支付密码老提示不符合规则", "utter_pin_format"),
    (ActionDiagnose, "credential_abnormal", "请病假在家 医保突然用不了了", "utter_sick_leave_insurance"),
    (ActionMedicalWallet, "medical_wallet", "转账的时候说对方医保钱包账户未开立", "utter_wallet_recipient_not_open"),
    (ActionFallback, "nlu_fallback", "挂号时选了自费 缴费时说不能走医保了", "utter_registered_self_pay"),
    (ActionDiagnose, "activate_credential", "小号微信里领医保码一直要认证", "utter_second_wechat_no"),
    (ActionOutOfScope, "out_of_scope", "公司倒闭了 在领失业金 医保还能用吗", "utter_unemployment_insurance"),
    (ActionOutOfScope, "out_of_scope", "狗病了 宠物医院能刷医保吗", "utter_pet_no"),
    (ActionMedicalWallet, "medical_wallet", "医保钱包怎么注销", "utter_wallet_close"),
    (ActionDiagnose, "cannot_show_code", "字体开到最大以后 码只显示一半", "utter_font_too_big_code"),
    (ActionAnswerFaq, "faq", "孩子只有户口本 能加进亲情账户吗", "utter_child_no_id_family"),
    (ActionSecurityInfo, "security_info", "医保码一直开着会不会被扣钱", "utter_code_open_no_charge"),
    (ActionDiagnose, "cannot_show_code", "排队交费 手机没电了 码打不开", "utter_phone_dead"),
    (ActionDiagnose, "payment_failed", "收银员说要在手机上确认 我这啥也没弹出来", "utter_no_confirm_popup"),
    (ActionDiagnose, "credential_abnormal", "我爸刚满60岁 医保就暂停了", "utter_age_not_stop"),
    (ActionFallback, "nlu_fallback", "药店说可以先记账 下个月再刷", "utter_pharmacy_credit_no"),
    (ActionDiagnose, "forgot_pin", "前置摄像头坏了 刷不了脸重置", "utter_face_camera_broken"),
    (ActionAnswerFaq, "faq", "孩子的社康太远了 能换一个吗", "utter_chc_change"),
    (ActionOutOfScope, "out_of_scope", "医生开的处方几天过期", "utter_prescription_valid"),
    (ActionDiagnose, "payment_failed", "连锁药店 别的分店能用钱包 就这家不行", "utter_branch_not_integrated"),
    (ActionFollowUp, "follow_up", "我流量只剩100兆了 够不够", "utter_code_data_use"),
])
def test_round29_topics(tracker, run, responses, action, intent, text, expected):
    assert responses(run(action(), tracker(intent, None, text=text))[1])[:1] == [expected]


@pytest.mark.parametrize("before, text, expected", [
    ("utter_harmonyos", "那国家医保app有鸿蒙版吗", "utter_harmonyos_app"),
    ("utter_harmonyos", "我后天要去医院 刷不了咋办", "utter_tomorrow_no_code"),
    ("utter_harmonyos", "旧手机还在 连着wifi能用吗", "utter_old_phone_wifi"),
    ("utter_health_code_not_code", "那医保码长啥样", "utter_code_looks_like"),
    ("utter_huiminbao", "在哪买", "utter_huiminbao_where"),
    ("utter_huiminbao", "买了以后看病自动赔吗", "utter_huiminbao_claim"),
    ("utter_hospital_card", "以后是刷卡还是刷码 两个都要吗", "utter_hospital_card_both"),
    ("utter_medical_loan", "我填了身份证 会不会被拿去贷款", "utter_loan_info_filled"),
    ("utter_medical_loan", "要不要把医保码解绑重新弄", "utter_loan_no_unbind"),
    ("utter_shop_qr_not_insurance", "怎么知道走没走医保", "utter_check_insurance_used"),
    ("utter_shop_qr_not_insurance", "能退了重新刷吗", "utter_refund_resettle"),
    ("utter_year_end_settlement", "一般几号能好", "utter_year_end_when"),
    ("utter_inpatient_no_outpatient", "出院了要去哪解除吗", "utter_inpatient_after_discharge"),
    ("utter_family_code_other_province", "她人不在这边 也要备案吗", "utter_family_code_beian"),
    ("utter_family_code_other_province", "那我买了寄回去呢", "utter_family_code_mail"),
    ("utter_paid_with_wrong_member", "我爸会收到短信吗", "utter_family_payment_notice"),
    ("utter_acupuncture", "他们只收现金 剩下的咋付", "utter_cash_only_pay_rest"),
    ("utter_face_twins", "总不能天天跑大厅吧", "utter_no_office_needed"),
    ("utter_trip_which_region", "出差一个礼拜也要备案吗", "utter_trip_beian"),
    ("utter_trip_which_region", "在那边药店买感冒药呢", "utter_trip_pharmacy"),
    ("utter_mismatch_employer_fix", "之前报过的钱会作废吗", "utter_mismatch_past_claims"),
    ("utter_pin_format", "设好了下午就能用吗", "utter_activation_then_use"),
    ("utter_sick_leave_insurance", "这段时间换药的钱咋办", "utter_paused_meanwhile"),
    ("utter_wallet_recipient_not_open", "她用的老人机", "utter_wallet_open_for_elder"),
    ("utter_wallet_recipient_not_open", "刚才那笔钱扣了没", "utter_wallet_transfer_not_taken"),
    ("utter_registered_self_pay", "要带啥", "utter_registered_self_pay_bring"),
    ("utter_second_wechat_no", "解绑了以前的钱会没吗", "utter_unbind_money_safe"),
    ("utter_unemployment_insurance", "失业金领完了以后呢", "utter_after_unemployment"),
    ("utter_pet_no", "就几十块钱 又不是啥大事", "utter_pet_amount"),
    ("utter_wallet_close", "那医保码还能刷吗", "utter_wallet_close_code"),
    ("utter_font_too_big_code", "调小了我又看不清", "utter_font_middle"),
    ("utter_child_no_id_family", "要刷孩子的脸吗 他不配合", "utter_child_no_face"),
    ("utter_phone_dead", "她手机上没加过我", "utter_family_add_now"),
    ("utter_no_confirm_popup", "再扫一次会不会扣两次", "utter_rescan_safe"),
    ("utter_age_not_stop", "她腿脚不好 我一个人去办行吗", "utter_office_proxy"),
    ("utter_face_camera_broken", "用同事的手机刷行不行", "utter_face_other_phone"),
    ("utter_chc_change", "换了以后孩子马上能用吗", "utter_chc_after_bind"),
    ("utter_prescription_valid", "下车了再付行不行", "utter_pay_later_online"),
    ("utter_branch_not_integrated", "我能投诉他们吗", "utter_report_pharmacy"),
])
def test_round29_follow_ups(tracker, run, responses, before, text, expected):
    trk = tracker("follow_up", None, text=text, turns=[_after(before)])
    assert responses(run(ActionFollowUp(), trk)[1])[:1] == [expected]


@pytest.mark.parametrize("text", [
    "我妈的医保码在我手机上 怎么出示",     # a relative's code, nowhere else
    "手机没信号 码出不来",                  # no dead battery
    "限额是多少",                           # the limit itself, not who set it
    "医保码怎么激活",                       # no PIN rules
    "孩子的医保码怎么弄",                   # no ID card question
    "药店刷不了医保码",                     # no branch, no year end
])
def test_no_round29_answer_without_its_topic(tracker, text):
    from actions.round29 import follow_up, named_topic
    short = "".join(ch for ch in text if ch.isalnum())
    trk = tracker("faq", None, text=text)
    assert follow_up(short, trk, set()) is None and named_topic(short, trk) is None


def test_a_follow_up_needs_its_answer_first(tracker):
    from actions.round29 import follow_up, named_topic
    for text in ("她用的老人机", "在哪买"):
        trk = tracker("faq", None, text=text)
        assert follow_up(text, trk, set()) is None and named_topic(text, trk) is None


@pytest.mark.parametrize("before, text, expected", [
    ("utter_pet_no", "那用医保买人吃的药给猫吃呢", "utter_pet_human_meds"),
    ("utter_code_open_no_charge", "手机放兜里会不会被人扫走钱", "utter_code_pocket_safe"),
    ("utter_phone_dead", "身份证带了 充电宝没带", "utter_phone_dead_id"),
    ("utter_phone_dead", "老伴手机上能给我出码吗", "utter_family_phone_shows_mine"),
    ("utter_no_confirm_popup", "等了半天还是没有 单子挂着", "utter_order_pending_cancel"),
    ("utter_registered_self_pay", "能改回来不 去哪改", "utter_registered_self_pay_where"),
    ("utter_registered_self_pay", "交了的钱还能报回来吗", "utter_registered_self_pay_refund"),
    ("utter_acupuncture", "针灸能走统筹报销吗", "utter_acupuncture_pooling"),
    ("utter_shop_qr_not_insurance", "付完也没让我输密码 跟平时微信付款一样", "utter_shop_qr_paid"),
    ("utter_mismatch_employer_fix", "是我自己去改还是单位去改", "utter_mismatch_who_fixes"),
    ("utter_sick_leave_insurance", "单位这样合法吗", "utter_sick_leave_legal"),
    ("utter_sick_leave_legal", "我该找谁 找单位还是医保局", "utter_status_ask_hr_first"),
    ("utter_chc_change", "在哪换 支付宝里吗", "utter_chc_change_where"),
    ("utter_province_level", "那要不要办异地备案", "utter_province_level_beian"),
    ("utter_diag_over_limit", "那国家医保app里也是500吗", "utter_limit_same_channels"),
])
def test_round29_replay_follow_ups(tracker, run, responses, before, text, expected):
    trk = tracker("follow_up", None, text=text, turns=[_after(before)])
    assert responses(run(ActionFollowUp(), trk)[1])[:1] == [expected]


@pytest.mark.parametrize("action, intent, text, expected", [
    (ActionOutOfScope, "out_of_scope",
     "请问医保个人账户里的钱可以买惠民保吗？我们这边在推那个城市定制的保险，一年一百多",
     "utter_huiminbao"),
    (ActionHowToPay, "how_to_pay", "去市医院挂号 窗口说要先办个就诊卡 交10块钱 我不是有医保码了吗 为啥还要办卡",
     "utter_hospital_card"),
    (ActionMedicalWallet, "medical_wallet", "给我妈医保钱包转钱 点提交以后提示被转账人医保钱包账户未开立 这啥意思",
     "utter_wallet_recipient_not_open"),
    (ActionAnswerFaq, "faq", "付完了还要在手机上点啥确认不 上次就是不知道成没成", "utter_after_pay_confirm"),
    (ActionFallback, "nlu_fallback", "这个月先垫上 下个月开通了能拿小票回去补刷吗", "utter_pharmacy_later_resettle"),
    (ActionOutOfScope, "out_of_scope", "附近哪家能用 你帮我查一下", "utter_find_pharmacy"),
])
def test_a_long_story_is_read_whole(tracker, run, responses, action, intent, text, expected):
    assert responses(run(action(), tracker(intent, None, text=text))[1])[:1] == [expected]


def test_signed_in_the_records_come_before_the_topic(fake, tracker, run, responses):
    said_now = responses(run(ActionDiagnose(), tracker("insufficient_balance", "balance",
                                                       text="去中医馆做针灸 刷医保码说余额不足"))[1])
    assert said_now[0].startswith("utter_diag_") and said_now[-1] == "utter_acupuncture", said_now


def test_a_question_about_earlier_payments_inside_the_region_switch():
    from actions.region_switch import side_question
    assert side_question("这一年这样刷了好几次 之前那几次要不要去补什么", names_city=False) == "past"


def test_a_question_read_as_done_and_a_security_reading_reach_the_follow_ups(tracker, run, responses):
    from actions.diagnosis import ActionCheckStatus
    asked = tracker("check_status", None, text="那附近哪家能用 你能帮我查一下吗")
    assert responses(run(ActionCheckStatus(), asked)[1]) == ["utter_find_pharmacy"]
    money = tracker("security_info", None, text="那我把大号那个解绑了 以前的钱会不会没了",
                    turns=[_after("utter_second_wechat_no")])
    assert responses(run(ActionSecurityInfo(), money)[1]) == ["utter_unbind_money_safe"]


@pytest.mark.parametrize("before, text, expected", [
    ("utter_hospital_card", "那这10块能用医保码付吗", "utter_hospital_card_fee"),
    ("utter_province_level", "我是在省直单位上班的 单位交的", "utter_province_level_confirm"),
    # answered already: the same answer (the action server points to it), not the security text
    ("utter_loan_info_filled", "会不会有人拿我信息去贷款", "utter_loan_info_filled"),
])
def test_round29_follow_ups_after_the_replay(tracker, run, responses, before, text, expected):
    turns = [_after("utter_medical_loan"), _after(before)] if before == "utter_loan_info_filled" else [_after(before)]
    trk = tracker("security_info", None, text=text, turns=turns)
    assert responses(run(ActionSecurityInfo(), trk)[1])[:1] == [expected]
