"""Round 29's leftovers and trial round 30's situations (our own rewordings of the testers'
messages, with intents the model is likely to give)."""
from __future__ import annotations

import pytest

from actions.faq import ActionAnswerDigression
from actions.round30 import ActionWarnSensitive


@pytest.mark.parametrize("text, expected", [
    # the masked PIN still says what was asked (round 29: the warning alone)
    ("我设的密码[密码已隐藏] 提示不符合规则", ["utter_never_send_pin", "utter_pin_format"]),
    # nothing else asked: the warning alone
    ("我的支付密码是[密码已隐藏]", ["utter_never_send_pin"]),
    ("身份证[身份证号已隐藏]", ["utter_never_send_pin"]),
])
def test_warning_then_what_the_message_asks(tracker, run, responses, text, expected):
    assert responses(run(ActionWarnSensitive(), tracker("share_sensitive_data", None, text=text))[1]) == expected


def test_warning_first_inside_a_form(tracker, run, responses):
    # inside the PIN reset the topic answer used to come without the warning
    trk = tracker("share_sensitive_data", None, text="新密码设[密码已隐藏]为啥不符合要求", active_loop="pin_reset_form")
    assert responses(run(ActionAnswerDigression(), trk)[1])[:2] == ["utter_never_send_pin", "utter_pin_format"]


# --- trial round 30: a first message that names its situation ---------------------------------
from actions.context import ActionFollowUp, ActionOutOfScope  # noqa: E402
from actions.diagnosis import ActionDiagnose  # noqa: E402
from actions.faq import ActionAnswerFaq, ActionFamilyInfo, ActionHowToPay, ActionSecurityInfo  # noqa: E402
from actions.handoff import ActionFallback  # noqa: E402
from tests.actions.turns import said  # noqa: E402


@pytest.mark.parametrize("action, intent, text, expected", [
    (ActionDiagnose, "region_mismatch", "我爸妈七十了 想去三亚过冬住几个月 农村医保在那边看病能用医保码不",
     "utter_travel_months"),
    (ActionDiagnose, "region_mismatch", "我是上大学的 学校交的学生医保 寒假去深圳实习 生病了能用吗",
     "utter_student_away"),
    (ActionDiagnose, "credential_abnormal", "实习公司不给交社保 学校那个医保还管用吗", "utter_student_insurance_valid"),
    (ActionDiagnose, "region_mismatch", "异地备案 临时外出和长期居住选哪个", "utter_beian_kind"),
    (ActionOutOfScope, "out_of_scope", "人回来了 那个备案要不要去取消", "utter_beian_cancel"),
    (ActionDiagnose, "region_mismatch", "APP里写着备案已经过期了 是咋回事", "utter_beian_expired"),
    (ActionSecurityInfo, "security_info", "群里说医保费多缴的可以退 让加专员微信 报银行卡号",
     "utter_scam_refund_wechat"),
    (ActionAnswerFaq, "faq", "多缴的医保费真的能退吗", "utter_scam_refund_real"),
    (ActionSecurityInfo, "security_info", "村里让老人把身份证和手机都交给他 统一办医保码 靠谱不",
     "utter_village_collects"),
    (ActionDiagnose, "credential_abnormal", "手机上提示参保信息不唯一 请到经办机构处理", "utter_multiple_records"),
    (ActionDiagnose, "payment_failed", "饿了么上买药 说医保支付仅支持到店自提", "utter_online_pickup_only"),
    (ActionHowToPay, "how_to_pay", "药店刷医保要45 现金才36 这合理吗", "utter_insurance_price_higher"),
    (ActionFamilyInfo, "family_binding", "我14岁 自己能不能激活医保码", "utter_minor_self_activate"),
    (ActionOutOfScope, "out_of_scope", "住院出院结算 医保报完自己还要付三千 为啥", "utter_inpatient_self_share"),
    (ActionOutOfScope, "out_of_scope", "起付线是啥意思", "utter_deductible"),
    (ActionFallback, "nlu_fallback", "激活好了 刚才那个订单还能用医保付不", "utter_order_after_activation"),
    (ActionAnswerFaq, "faq", "上个月断缴了 这个月在税务app补交了", "utter_lapse_paid_back"),
    (ActionOutOfScope, "out_of_scope", "每个月工资扣医保两百 个人账户才这么点 钱去哪了", "utter_account_inflow"),
    (ActionOutOfScope, "out_of_scope", "单位交的那份进不进我个人账户", "utter_account_inflow"),
    (ActionFamilyInfo, "family_binding", "我妈她自己的医保码能不能用 绑在我微信上了", "utter_family_code_for_them"),
    (ActionOutOfScope, "out_of_scope", "身份证以前是15位的 后来换了 是不是对不上", "utter_id_15_digit"),
    (ActionOutOfScope, "out_of_scope", "请不了假 让单位人事帮我去改行吗", "utter_mismatch_hr_help"),
    (ActionOutOfScope, "out_of_scope", "人在广东打工 得回老家去改吗", "utter_mismatch_remote_fix"),
    (ActionFamilyInfo, "family_binding", "跟我妈视频 让医生扫我手机屏幕上的码行吗", "utter_remote_show_video"),
    (ActionDiagnose, "network_error", "宿舍校园网 医保码老是超时", "utter_campus_network"),
    (ActionOutOfScope, "out_of_scope", "医院让先自费 多少天内回来重新结算", "utter_resettle_deadline"),
    (ActionOutOfScope, "out_of_scope", "发票要不要留着", "utter_keep_receipts"),
    (ActionFamilyInfo, "family_binding", "自助机说请出示患者本人医保凭证 孩子两岁哪有手机", "utter_child_code_kiosk"),
    (ActionFamilyInfo, "family_binding", "自助机扫出来还是我的码 怎么切成孩子的", "utter_child_code_switch"),
    (ActionDiagnose, "payment_limit", "超出的部分能用个人账户余额付吗", "utter_pay_excess"),
    (ActionDiagnose, "payment_limit", "以后是不是只能开一个月的药了", "utter_long_prescription_ok"),
    (ActionOutOfScope, "out_of_scope", "多扣的那笔 个人账户退回来要几天", "utter_refund_account_time"),
    (ActionDiagnose, "payment_failed", "自助机钱扣了 医生那显示没交费 还要不要再交一次", "utter_paid_not_shown"),
    (ActionAnswerFaq, "faq", "药店说医保买的药一律不退 对吗", "utter_medicine_no_return"),
    (ActionOutOfScope, "out_of_scope", "慢特病在哪申请", "utter_chronic_disease_apply"),
    (ActionSecurityInfo, "security_info", "手机弹出授权某某医院获取医保信息 能点吗", "utter_clinic_auth_ok"),
    (ActionHowToPay, "how_to_pay", "诊间支付跟窗口付报销一样吗", "utter_clinic_vs_window"),
    (ActionFamilyInfo, "family_binding", "想给宝宝加亲情账户 提示要我先激活", "utter_family_needs_own_activation"),
    (ActionOutOfScope, "out_of_scope", "有人收医保药 价格挺高 能卖吗", "utter_selling_medicine"),
    (ActionOutOfScope, "out_of_scope", "吃不完的药咋办 能让医生少开吗", "utter_leftover_medicine"),
    (ActionAnswerFaq, "faq", "一个月只能绑两个人 微信支付宝分开算吗", "utter_family_binders_channels"),
    (ActionFallback, "nlu_fallback", "退了费 只退了自费的 医保那部分没看到", "utter_refund_insurance_part"),
    (ActionSecurityInfo, "security_info", "凌晨两点去药店 说医保刷不了 真的假的", "utter_night_pharmacy"),
    (ActionSecurityInfo, "security_info", "他让我加QQ开视频 说要核查资产", "utter_scam_police_video"),
    (ActionOutOfScope, "out_of_scope", "医院让先自费 系统好了回来退费重新结算 靠谱吗", "utter_resettle_reliable"),
])
def test_round30_topics(tracker, run, responses, action, intent, text, expected):
    assert responses(run(action(), tracker(intent, None, text=text))[1])[:1] == [expected]


@pytest.mark.parametrize("before, text, expected", [
    ("utter_student_away", "那去药店买药能刷吗", "utter_resident_pharmacy"),
    ("utter_scam_refund_wechat", "软件下了 还没打开", "utter_scam_app_not_opened"),
    ("utter_scam_refund_wechat", "他连我名字身份证都说得出来", "utter_scam_info_known"),
    ("utter_multiple_records", "之前在外地上班交过 是不是因为这个", "utter_multiple_records_why"),
    ("utter_multiple_records_why", "回外地办还是在老家办", "utter_multiple_records_where"),
    ("utter_online_pickup_only", "去拿的时候还要再刷码吗", "utter_pickup_no_second_pay"),
    ("utter_pickup_no_second_pay", "让我儿子去拿行不行", "utter_pickup_by_relative"),
    ("utter_insurance_price_higher", "打哪个电话投诉", "utter_complain_how"),
    ("utter_complain_how", "投诉了他以后不给我刷咋办", "utter_complain_no_refuse"),
    ("utter_minor_self_activate", "那我不用刷脸吧", "utter_minor_face"),
    ("utter_minor_self_activate", "爸妈的码都不在我这 自己去诊所咋办", "utter_minor_no_code_here"),
    ("utter_deductible", "那剩下的能用我的个人账户付吗", "utter_mutual_aid_for_parent"),
    ("utter_account_inflow", "那单位那部分呢", "utter_account_inflow_employer"),
    ("utter_account_inflow", "这点钱今天买药不够咋办", "utter_rest_after_balance"),
    ("utter_two_records_why", "那我该选哪个", "utter_two_records_which"),
    ("utter_diag_pin_locked", "家里等着药呢 今天就要", "utter_urgent_today_pin"),
    ("utter_diag_pin_locked", "店里人太多 回家再弄行吗", "utter_reset_later_home"),
    ("utter_diag_info_mismatch", "凭什么要我跑 又不是我弄错的", "utter_mismatch_why_me"),
    ("utter_campus_network", "我登了校园网账号的 别的app都能用", "utter_campus_network_still"),
    ("utter_remote_show_video", "那截个图发过去呢", "utter_screenshot_send_no"),
    ("utter_medicine_no_return", "没拆封的也不行吗", "utter_medicine_unopened"),
    ("utter_clinic_auth_ok", "以后想取消怎么弄", "utter_clinic_auth_revoke"),
    ("utter_network_checklist", "别说网络了 网好得很 就说现在咋办", "utter_network_now_what"),
    ("utter_selling_medicine", "卖了犯法吗 又不是偷的", "utter_selling_medicine_law"),
    ("utter_family_binders_channels", "那我姐还能绑吗", "utter_family_sibling_bind"),
    ("utter_refund_insurance_part", "统筹那块会不会算我用过了", "utter_refund_pooling_undone"),
    ("utter_night_pharmacy", "白天拿小票去补刷行不行", "utter_night_resettle"),
    ("utter_child_code_kiosk", "孩子是居民医保 没个人账户 扫码有啥用", "utter_child_code_use_resident"),
    ("utter_village_collects", "俺不会弄手机 那俺咋办", "utter_no_phone_skills"),
])
def test_round30_follow_ups(tracker, run, responses, before, text, expected):
    trk = tracker("follow_up", None, text=text, turns=[said(before)])
    assert responses(run(ActionFollowUp(), trk)[1])[:1] == [expected]


def test_a_kiosk_that_took_the_money_is_not_paid_twice(tracker, run, responses):
    taken = said("utter_kiosk_failed", intent="payment_failed", text="自助机上交检查费 钱扣了 单子没出来")
    for text, expected in (("还要不要再交一次", "utter_paid_not_shown"),
                           ("能不能先走 回头再来", "utter_paid_leave_first"),
                           ("回头来要带啥", "utter_paid_come_back_bring")):
        trk = tracker("follow_up", None, text=text, turns=[taken])
        assert responses(run(ActionFollowUp(), trk)[1])[:1] == [expected]


@pytest.mark.parametrize("text", [
    "老人没有智能手机咋办",            # the FAQ's, without the family texts before
    "那超出的部分刷信用卡行不行",       # round 23's 「other way」 answer
    "几天能退回来",                     # a refund's arrival, no re-settlement
    "她没填密码 就填了那些 也要紧吗",   # a partial scam form, no app
    "我是慢特病 每月在药店拿药 这回八百多块付不了",  # a failure, no application
    "公司楼下药店买药 密码输错了",       # no name typed wrong by HR
])
def test_near_misses_keep_their_older_answers(tracker, text):
    from actions.round29 import follow_up, named_topic
    trk = tracker("faq", None, text=text)
    short = __import__("re").sub(r"\W", "", text)
    found = named_topic(short, trk) or follow_up(short, trk, set()) or []
    assert not set(found) & {"utter_no_phone_skills", "utter_chronic_disease_apply", "utter_resettle_deadline",
                             "utter_scam_app_not_opened", "utter_mismatch_employer_fix", "utter_pay_excess"}


def test_a_son_buying_his_fathers_medicine_with_the_fathers_code_is_no_misuse():
    from actions.round23 import FOR_THEM
    assert FOR_THEM.search("那我爸他自己的医保能不能用他的码绑在我这了")
    assert not FOR_THEM.search("能用我老婆的医保卡给我买药吗")


def test_two_orders_are_a_split_payment(tracker):
    # 「能分成两个订单付吗」 after the limit (round 30: 「已经查过了」): the person's limits for it
    from actions.limits import asks_to_split
    assert asks_to_split(tracker("payment_limit", text="能分成两个订单付吗", slots={"diagnosed_cause": "over_limit"}))
