"""Trial rounds 31 and 32's situations (our own rewordings of the testers' messages, with intents the
model is likely to give): a first message that names its situation, and the follow-ups after it."""
from __future__ import annotations

import re

import pytest

from actions.context import ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionDiagnose
from actions.faq import ActionAnswerFaq, ActionFamilyInfo, ActionHowToPay, ActionSecurityInfo
from actions.handoff import ActionFallback
from tests.actions.turns import said


@pytest.mark.parametrize("action, intent, text, expected", [
    # a real top-up policy is not called a scam; an agent's fee is
    (ActionAnswerFaq, "faq", "快退休了 医保年限差三年 能一次性补交吗", "utter_retire_topup"),
    (ActionSecurityInfo, "security_info", "有人说能帮我补缴医保年限 走内部渠道 收两千手续费", "utter_topup_agent_scam"),
    (ActionOutOfScope, "out_of_scope", "退休以后个人账户每个月打多少钱进来", "utter_retiree_monthly_credit"),
    (ActionSecurityInfo, "security_info", "收到短信 让打12393 没有链接 这个是真的吗", "utter_sms_12393_only"),
    (ActionDiagnose, "activate_credential", "我拿的台胞证 激活医保码一直不成功", "utter_activation_foreign_id"),
    (ActionAnswerFaq, "faq", "我是外国人 有永居证 交了职工医保 能激活医保码吗", "utter_foreign_insured"),
    (ActionHowToPay, "how_to_pay", "我耳朵听不见 在药店付钱店员跟我说话我听不到", "utter_deaf_show_clerk"),
    (ActionOutOfScope, "out_of_scope", "准备要二胎 孕前检查能用医保吗", "utter_pregnancy_care"),
    (ActionOutOfScope, "out_of_scope", "种植牙现在医保能报吗 听说集采了", "utter_dental_implant"),
    (ActionOutOfScope, "out_of_scope", "我妈要做白内障 晶体要自己掏钱吗", "utter_cataract_lens"),
    (ActionSecurityInfo, "security_info", "去做理疗推拿 发票上开的是药品 这样行吗", "utter_physio_receipt_drug"),
    (ActionOutOfScope, "out_of_scope", "公司组织体检 能刷医保吗", "utter_checkup_not_covered"),
    (ActionHowToPay, "how_to_pay", "药店说刷医保可以送购物卡 拿去超市用", "utter_shopping_card_fraud"),
    (ActionFamilyInfo, "family_binding", "我和老伴用的同一个手机号 两个人都能激活吗",
     "utter_shared_phone_number"),
    (ActionFamilyInfo, "family_binding", "想解除家庭共济 不给我弟用了 怎么弄", "utter_family_mutual_unbind"),
    (ActionDiagnose, "region_mismatch", "老家交的新农合 我在城里跑外卖 在这看病能用吗",
     "utter_hometown_insurance_away"),
    (ActionDiagnose, "payment_failed", "医院app上付了 医保那部分一直显示待支付", "utter_app_insurance_pending"),
    (ActionOutOfScope, "out_of_scope", "灵活就业交的医保 个人账户怎么这么少", "utter_flexible_account_low"),
    (ActionSecurityInfo, "security_info", "村口有车拉老人去免费住院 包吃包住 还送米送油", "utter_free_stay_lure"),
    (ActionOutOfScope, "out_of_scope", "有人说可以挂靠公司交社保 每月给他三百", "utter_guakao_illegal"),
    (ActionOutOfScope, "out_of_scope", "保险公司要医院的结算单 去哪打", "utter_settlement_sheet"),
    (ActionOutOfScope, "out_of_scope", "我是低保户 看病医保报完剩下的还有救助吗", "utter_medical_assistance"),
    (ActionDiagnose, "credential_abnormal", "刚从监狱出来 医保码显示停保了", "utter_status_after_prison"),
    (ActionOutOfScope, "out_of_scope", "割双眼皮能用医保个人账户刷吗", "utter_cosmetic_not_covered"),
    (ActionSecurityInfo, "security_info", "下个月要出国读书 医保码还能用吗 验证码收不到咋办", "utter_going_abroad"),
    (ActionOutOfScope, "out_of_scope", "我爸瘫在床上 听说有个长护险 是啥", "utter_ltc_insurance"),
    (ActionAnswerFaq, "faq", "明年居民医保不想交了 有啥影响", "utter_resident_stop_paying"),
    (ActionFallback, "nlu_fallback", "诊所说这个月医保额度用完了 让我自费", "utter_clinic_quota"),
])
def test_round31_topics(tracker, run, responses, action, intent, text, expected):
    assert responses(run(action(), tracker(intent, None, text=text))[1])[:1] == [expected]


@pytest.mark.parametrize("action, intent", [(ActionSecurityInfo, "security_info"), (ActionAnswerFaq, "faq"),
                                            (ActionFallback, "nlu_fallback")])
def test_a_code_asked_for_is_never_given(tracker, run, responses, action, intent):
    # round 31: 「他们问我手机验证码 给不给」 started a phone sign-in; a scam warning says the same
    said_now = responses(run(action(), tracker(intent, None, text="药店的人帮我弄医保码 问我要手机验证码 给不给"))[1])
    assert said_now[:1] in (["utter_code_never_give"], ["utter_scam_warning"]), said_now


@pytest.mark.parametrize("before, text, expected", [
    ("utter_code_never_give", "我已经念给他了", "utter_scam_already"),
    ("utter_retire_topup", "那去哪里交才是正规的", "utter_retire_topup_where"),
    ("utter_deaf_show_clerk", "能不能给我写一句话给店员看", "utter_deaf_sentence"),
    ("utter_deaf_sentence", "我朋友能帮我打字问吗", "utter_deaf_friend_types"),
    ("utter_dental_implant", "那个人账户能付吗", "utter_dental_account"),
    ("utter_pregnancy_care", "能不能用他的给我付产检", "utter_other_code_no_mutual_yes"),
    ("utter_physio_receipt_drug", "这个单子咋办 要不要举报", "utter_physio_report"),
    ("utter_checkup_not_covered", "那查出问题去医院复查呢", "utter_recheck_covered"),
    ("utter_shopping_card_fraud", "我上个月已经买了 会不会有事", "utter_shopping_card_bought"),
    ("utter_shared_phone_number", "那我再办个副卡行不", "utter_shared_phone_second_sim"),
    ("utter_hometown_insurance_away", "老家那个要不要退 两边都交了", "utter_double_enrolment"),
    ("utter_hometown_insurance_away", "那我在这边交灵活就业行吗", "utter_flexible_no_hukou"),
    ("utter_app_insurance_pending", "会不会扣两次钱", "utter_app_pending_double"),
    ("utter_free_stay_lure", "又不花钱 有啥损失", "utter_free_stay_harm"),
    ("utter_guakao_illegal", "这样违法吗", "utter_guakao_law"),
    ("utter_settlement_sheet", "自助机上找不到", "utter_settlement_sheet_window"),
    ("utter_medical_assistance", "我还要自己交医保吗", "utter_assistance_contribution"),
    ("utter_status_after_prison", "那三年要补交吗", "utter_prison_years_gap"),
    ("utter_cosmetic_not_covered", "那让医生开成眼睑下垂治疗就能走医保吧", "utter_fake_diagnosis_fraud"),
    ("utter_going_abroad", "国内的号码能停吗", "utter_keep_mainland_number"),
    ("utter_ltc_insurance", "我们成都有没有这个", "utter_ltc_where"),
    ("utter_resident_stop_paying", "明年再交还用等吗", "utter_waiting_period"),
    ("utter_clinic_quota", "是不是我的问题 我钱包有钱的", "utter_clinic_quota_not_you"),
])
def test_round31_follow_ups(tracker, run, responses, before, text, expected):
    trk = tracker("follow_up", None, text=text, turns=[said(before)])
    assert responses(run(ActionFollowUp(), trk)[1])[:1] == [expected]


@pytest.mark.parametrize("before, text, unexpected", [
    # the report text is for the receipt, not for any 「咋办」 after it (round 32)
    ("utter_physio_receipt_drug", "钱不够了买药咋办", "utter_physio_report"),
    # the flexible worker's account is the account's question, not the hukou one (round 32)
    ("utter_hometown_insurance_away", "灵活就业的个人账户咋这么少", "utter_flexible_no_hukou"),
])
def test_round32_follow_ups_that_are_other_questions(tracker, run, responses, before, text, unexpected):
    trk = tracker("follow_up", None, text=text, turns=[said(before)])
    assert unexpected not in responses(run(ActionFollowUp(), trk)[1])[:1]


@pytest.mark.parametrize("text", [
    "我坐轮椅 到药店医保码显示冻结了",   # the person's condition, not a device to buy
    "快退休了 想查一下交了多少年",       # no top-up asked
    "医保卡丢了 里面还有钱吗",          # no shopping card
    "去外地出差 医保码能用吗",           # no going abroad
])
def test_near_misses_keep_their_older_answers(tracker, text):
    from actions.round27 import round27_priority
    from actions.round29 import follow_up, named_topic
    trk = tracker("faq", None, text=text)
    short = re.sub(r"\W", "", text)
    found = (named_topic(short, trk) or follow_up(short, trk, set()) or []) + (round27_priority(short, trk) or [])
    assert not set(found) & {"utter_medical_device", "utter_retire_topup", "utter_topup_agent_scam",
                             "utter_shopping_card_fraud", "utter_going_abroad"}


@pytest.mark.parametrize("before, text, expected", [
    # after the older check-up answer too (round 32: the pregnancy text again)
    ("utter_maternity_checkups", "老公的单位医保 能不能用他的给我付产检", "utter_other_code_no_mutual_yes"),
    ("utter_maternity_checkups", "那生孩子住院呢", "utter_childbirth_inpatient"),
    # an agent's fee after the real top-up (round 32: the generic scam text)
    ("utter_retire_topup", "有人说帮我走内部渠道补 收两千手续费", "utter_topup_agent_scam"),
])
def test_round32_replayed_follow_ups(tracker, run, responses, before, text, expected):
    for action, intent in ((ActionFollowUp, "follow_up"), (ActionSecurityInfo, "security_info")):
        trk = tracker(intent, None, text=text, turns=[said(before)])
        assert responses(run(action(), trk)[1])[:1] == [expected], (action, text)


# --- trial round 33 ---------------------------------------------------------------------------
@pytest.mark.parametrize("action, intent, text", [
    (ActionDiagnose, "region_mismatch", "我妈医保在老家交的 要来我这边做手术 能直接用医保码吗"),
    (ActionAnswerFaq, "faq", "接我爸到我这边住院 他是农村医保 咋报"),
])
def test_a_relative_insured_at_home_comes_here_for_care(tracker, run, responses, action, intent, text):
    # 备案, not a region switch (round 33: the region-switch text)
    assert responses(run(action(), tracker(intent, None, text=text))[1])[:1] == ["utter_relative_come_for_care"]


@pytest.mark.parametrize("before, text, expected", [
    ("utter_relative_come_for_care", "要提前办啥", "utter_beian_documents_short"),
    ("utter_relative_come_for_care", "她自己不会弄手机", "utter_beian_family_help"),
    ("utter_scam_warning", "我没回", "utter_scam_not_called_back"),
    ("utter_scam_warning", "那我医保码还正常不", "utter_scam_code_still_fine"),
    ("utter_diag_network_timeout", "我手机联网的啊 别的都能用", "utter_network_now_what"),
])
def test_round33_follow_ups(tracker, run, responses, before, text, expected):
    for action, intent in ((ActionFollowUp, "follow_up"), (ActionFallback, "nlu_fallback")):
        trk = tracker(intent, None, text=text, turns=[said(before)])
        assert responses(run(action(), trk)[1])[:1] == [expected], (action, text)


@pytest.mark.parametrize("action, intent", [(ActionFamilyInfo, "family_binding"), (ActionAnswerFaq, "faq")])
def test_a_friends_code_is_not_a_family_binding(tracker, run, responses, action, intent):
    trk = tracker(intent, None, text="朋友的医保码能不能放我手机上 我帮他买药方便")
    assert responses(run(action(), trk)[1])[:1] == ["utter_friend_code_no"]
