"""Trial round 25's follow-ups, each for the topic in view (the intents are the ones the model gave in
the trial, the texts our own rewordings): a foreign spouse, daily goods paid with 医保, checkups,
mutual aid's wait, a scam poster, Hong Kong, dental care, an employer that stopped paying, twins,
chronic disease, a lost phone, a township clinic, a damaged card, a clinic offline, two jobs,
out-of-pocket results, a disability subsidy, who set up the code, turning 16."""
from __future__ import annotations

import pytest
from rasa_sdk.events import FollowupAction

from actions.context import ActionDeny, ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionDiagnose
from actions.faq import ActionAnswerFaq, ActionFamilyInfo, ActionHowToPay, ActionSecurityInfo, ActionWhatIsCredential
from actions.round24 import round24_first
from tests.actions.turns import said

FOREIGN = said("utter_foreign_insured", intent="family_binding", text="媳妇是老挝的 能办医保码不")
GOODS = said("utter_no_daily_goods", intent="how_to_pay", text="药店说能顺带刷点日用品")
AID = said("utter_family_mutual_aid_short", intent="family_binding", text="我爱人的账户能给我用吗")
POSTER = said("utter_scam_warning", intent="security_info", text="路边广告说扫码领医保红包")
CARD = said("utter_card_damaged", intent="payment_failed", text="社保卡好像消磁了")
TIMEOUT = said("utter_diag_network_timeout", intent="network_error", text="山里信号差 码出不来")
MISMATCH = said("utter_diag_info_mismatch", intent="info_mismatch", text="说我身份信息不一致")
DENTAL = said("utter_dental", intent="how_to_pay", text="拔牙能刷医保吗")
LOST = said("utter_lost_phone", intent="security_info", text="我爸手机丢了 医保码在上面")


@pytest.mark.parametrize("action, intent, text, turns, slots, expected", [
    (ActionFamilyInfo, "family_binding", "我老公是外籍的 在这边上班 能弄医保码吗", [], {}, "utter_foreign_insured"),
    (ActionOutOfScope, "out_of_scope", "他只有护照 去哪办", [FOREIGN], {}, "utter_foreign_insured_where"),
    (ActionFamilyInfo, "family_binding", "我能帮她在我手机上弄吗", [FOREIGN], {}, "utter_family_binding_short"),
    (ActionHowToPay, "how_to_pay", "收银员说可以拿医保顺便刷几包卫生纸 行吗", [], {}, "utter_no_daily_goods"),
    (ActionSecurityInfo, "security_info", "刷了会被查到吗", [GOODS], {}, "utter_daily_goods_checked"),
    (ActionOutOfScope, "out_of_scope", "想举报打什么电话", [GOODS], {}, "utter_report_pharmacy"),
    (ActionOutOfScope, "out_of_scope", "孕检不是走生育保险吗 咋扣我个人账户", [], {}, "utter_maternity_checkups"),
    (ActionOutOfScope, "out_of_scope", "开通要多长时间", [AID], {}, "utter_mutual_aid_how_long"),
    (ActionSecurityInfo, "security_info", "身份证号已经填进去了 别的还没填", [POSTER], {}, "utter_scam_id_given"),
    (ActionOutOfScope, "out_of_scope", "去澳门看病也能刷吗", [], {}, "utter_code_mainland_only"),
    (ActionHowToPay, "how_to_pay", "补牙能用医保码付吗", [], {}, "utter_dental"),
    (ActionOutOfScope, "out_of_scope", "公司一直没给交社保 去哪投诉", [], {}, "utter_employer_complaint"),
    (ActionFamilyInfo, "family_binding", "两个都加到我支付宝上行吗",
     [said("utter_family_binding_rules", intent="family_binding", text="龙凤胎都要弄医保码")], {},
     "utter_family_bind_several"),
    (ActionOutOfScope, "out_of_scope", "慢病不是报得多吗 怎么还扣个人账户", [], {}, "utter_chronic_disease"),
    (ActionOutOfScope, "out_of_scope", "新买了手机 号码补办了 咋重新弄", [LOST], {}, "utter_new_phone_restore"),
    (ActionOutOfScope, "out_of_scope", "我在外地 能远程帮他弄吗", [LOST], {}, "utter_remote_help"),
    (ActionOutOfScope, "out_of_scope", "那他去村卫生室拿药咋办", [LOST], {}, "utter_clinic_bring_card"),
    (ActionDiagnose, "payment_failed", "社保卡跟手机放一块 现在读不出来了 是不是消磁", [], {}, "utter_card_damaged"),
    (ActionWhatIsCredential, "what_is_credential", "医保码能代替卡用吗", [CARD], {}, "utter_card_and_code_both"),
    (ActionOutOfScope, "out_of_scope", "补卡期间账户里的钱会不会没了", [CARD], {}, "utter_card_money_safe"),
    (ActionOutOfScope, "out_of_scope", "卡坏了去哪补", [CARD], {}, "utter_card_replace"),
    (ActionOutOfScope, "out_of_scope", "医生说他那边也没网", [TIMEOUT], {"diagnosed_cause": "network_timeout"},
     "utter_clinic_offline"),
    (ActionOutOfScope, "out_of_scope", "我在两家公司上班 两家都交医保吗", [], {}, "utter_two_jobs"),
    (ActionOutOfScope, "out_of_scope", "付成功了 可单子上医保支付是0元", [], {}, "utter_all_self_paid"),
    (ActionOutOfScope, "out_of_scope", "膏方能报吗", [], {}, "utter_gaofang"),
    (ActionSecurityInfo, "security_info", "我是低保户 看病有没有补贴 刷医保码会自动减吗", [], {},
     "utter_medical_assistance"),  # (round 32: the disability text for 低保)
    (ActionFamilyInfo, "family_binding", "是我女儿拿她的手机给我弄的", [MISMATCH], {"diagnosed_cause": "info_mismatch"},
     "utter_mismatch_not_helper"),
    (ActionOutOfScope, "out_of_scope", "非得我本人去吗 我走不动", [MISMATCH], {"diagnosed_cause": "info_mismatch"},
     "utter_jingban_presence"),
    (ActionFamilyInfo, "family_binding", "我刚满16岁 要自己激活医保码了吗", [], {}, "utter_turned_sixteen"),
    # round 25's leftovers: the dental answer is not repeated, a need that cannot wait, a relative's
    # phone, several places on one code
    (ActionAnswerFaq, "faq", "街边那种民营牙科诊所呢", [DENTAL], {}, "utter_dental_private"),
    (ActionFollowUp, "follow_up", "那洁牙呢", [DENTAL], {}, "utter_dental_cleaning"),
    (ActionDiagnose, "system_failure", "收银的叫我明儿再来 可我这药急着用", [], {}, "utter_meds_cannot_wait"),
    (ActionFamilyInfo, "family_binding", "那我能拿我爸手机里的那个看病不", [], {}, "utter_code_on_family_phone"),
    (ActionOutOfScope, "out_of_scope", "一个人的医保码上可能有好几个参保地吗", [], {}, "utter_two_regions_shown"),
])
def test_round25_follow_ups(tracker, run, responses, action, intent, text, turns, slots, expected):
    trk = tracker(intent, None, text=text, turns=turns, slots=slots)
    assert responses(run(action(), trk)[1])[:1] == [expected]


def test_a_question_about_who_set_it_up_read_as_a_no(tracker, run, responses):
    trk = tracker("deny", None, text="是不是我儿子弄的时候填错了", slots={"diagnosed_cause": "info_mismatch"},
                  turns=[MISMATCH])
    assert responses(run(ActionDeny(), trk)[1]) == ["utter_mismatch_not_helper"]


def test_a_failure_read_as_out_of_scope_is_diagnosed(tracker, run):
    trk = tracker("out_of_scope", "ok", text="我是慢特病 每月在药店拿药 这回八百多块付不了")
    events = run(ActionOutOfScope(), trk)[0]
    assert any(isinstance(e, dict) and e.get("name") == "action_diagnose" for e in events) or \
        FollowupAction("action_diagnose") in events


@pytest.mark.parametrize("text", [
    "孩子16岁了 绑他要刷脸吗",          # age named, nothing to do by oneself
    "我想把我爸妈都绑到我手机上",        # several relatives, no twins
    "医保卡刷不出来了",                  # a card failure, no damage named
    "我已经点进去了 还输了身份证号和医保密码",
])
def test_no_round25_answer_without_its_topic(tracker, text):
    answer = round24_first(text.replace(" ", ""), tracker("payment_failed", None, text=text))
    assert answer is None, answer
