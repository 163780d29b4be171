"""Trial round 24's follow-ups, each for the topic in view (the intents are the ones the model gave in
the trial, the texts our own rewordings of the situations): a payment stuck on 「支付中」, online
care and delivered medicine, electronic receipts, a hospital stay, a retiree's paused status, a carer,
a shared Alipay account, a clone WeChat and a tablet, a relative who died, a phone without apps, a
child's and a newborn's code, receipts and claims, a rare character, a deaf or blind person's ways
round the face check, an error code, and the cause in plain words."""
from __future__ import annotations

import pytest

from actions.context import ActionDeny, ActionOutOfScope, ActionStillNotWorking
from actions.diagnosis import ActionDiagnose
from actions.faq import (
    ActionAnswerDigression,
    ActionAnswerFaq,
    ActionFamilyInfo,
    ActionHowToPay,
    ActionSecurityInfo,
    ActionWhatIsCredential,
)
from actions.handoff import ActionFallback, ActionHandoff
from actions.limits import bill_named
from actions.round24 import DECEASED, round24_first
from actions.verification import ActionFinishPhoneVerification
from tests.actions.turns import said

PAUSED = said("utter_diag_status_abnormal", "utter_offer_human", intent="credential_abnormal", text="刷不了")
ONLINE = said("utter_online_care_pay", intent="how_to_pay", text="网上问诊开药能刷医保吗 只看到微信支付")
FIELDS = said("utter_invoice_fields", intent="out_of_scope", text="统筹基金支付啥意思")
CARER = said("utter_no_smartphone_relative", intent="how_to_pay", text="我是护工 老人没手机 我帮他去缴费")
OWNER = said("utter_code_account_owner", intent="info_mismatch", text="码上名字是我媳妇的")
CLONE = said("utter_clone_app", intent="app_problem", text="医保码领在分身里了")
OLD_PHONE = said("utter_faq/offline_elderly", text="我爸是老年机 不会上网 咋用医保码")
NEWBORN = said("utter_newborn_bind", intent="family_binding", text="孙女三个月 亲情账户加不上")
STAY = said("utter_inpatient_deposit", intent="payment_limit", text="住院押金能刷医保码吗")
ELSEWHERE = said("utter_code_elsewhere", intent="region_mismatch", text="回老家看病能用吗")
MISMATCH = said("utter_diag_info_mismatch", "utter_offer_human", intent="info_mismatch", text="说我信息不符")
SELF_PAY = said("utter_activation_meanwhile", intent="faq", text="那今天这单咋办")
PLACE = said("utter_diag_institution_system_error", intent="payment_failed", text="药房付不了")


@pytest.mark.parametrize("action, intent, text, turns, slots, expected", [
    # a payment stuck on 「支付中」, told at length as a first message
    (ActionHowToPay, "how_to_pay", "收银台扫了我的码 手机上显示支付中 一直没结果 店员叫我再扫一遍 会不会扣两回",
     [], {}, "utter_payment_pending"),
    # online care, delivery, the rider
    (ActionHowToPay, "how_to_pay", "医院小程序上复诊开药 付款只有微信支付 能走医保吗", [], {}, "utter_online_care_pay"),
    (ActionWhatIsCredential, "what_is_credential", "网上也能用医保码吗", [ONLINE], {}, "utter_code_online_where"),
    (ActionAnswerFaq, "faq", "快递送药的邮费能用医保付不", [ONLINE], {}, "utter_delivery_fee"),
    (ActionSecurityInfo, "security_info", "送药的小哥到了要扫我医保码吗", [ONLINE], {}, "utter_delivery_rider"),
    # receipts
    (ActionHowToPay, "how_to_pay", "门诊交完费电子发票在哪下载", [], {}, "utter_e_invoice_where"),
    (ActionOutOfScope, "out_of_scope", "个人现金支付是什么意思", [], {}, "utter_invoice_fields"),
    (ActionOutOfScope, "out_of_scope", "怎么个人账户支付显示0", [FIELDS], {}, "utter_invoice_account_zero"),
    (ActionFamilyInfo, "family_binding", "那能不能改成用账户里的钱", [FIELDS], {}, "utter_invoice_change"),
    # a hospital stay
    (ActionOutOfScope, "out_of_scope", "出院的时候能直接报掉吗", [STAY], {}, "utter_discharge_direct"),
    (ActionOutOfScope, "out_of_scope", "入院时给医保码还是社保卡", [STAY], {}, "utter_admission_register"),
    (ActionHowToPay, "region_mismatch", "在外省住院 有啥不一样吗", [STAY], {}, "utter_inpatient_elsewhere"),
    # a retiree's paused status
    (ActionOutOfScope, "out_of_scope", "我都退休了 怎么还暂停", [PAUSED], {"diagnosed_cause": "status_abnormal"},
     "utter_status_retired"),
    (ActionOutOfScope, "out_of_scope", "那要等多长时间", [PAUSED, said("utter_status_retired")],
     {"diagnosed_cause": "status_abnormal"}, "utter_status_retired_wait"),
    (ActionOutOfScope, "out_of_scope", "那我在外面那两年没交 有影响吗", [], {}, "utter_contribution_gap"),
    # a carer, no relative
    (ActionFamilyInfo, "family_binding", "他的码我能加到我手机上吗", [CARER], {}, "utter_family_not_kin"),
    (ActionOutOfScope, "out_of_scope", "出院结账我替他去办行不行", [CARER], {}, "utter_discharge_by_other"),
    # a shared Alipay account
    (ActionDiagnose, "info_mismatch", "支付宝医保码上显示的名字是我媳妇的", [], {}, "utter_code_account_owner"),
    (ActionWhatIsCredential, "what_is_credential", "我们两口子共用一个支付宝", [OWNER], {},
     "utter_own_code_own_account"),
    (ActionFamilyInfo, "family_binding", "她那个码要删掉吗", [OWNER], {}, "utter_others_code_keep"),
    (ActionSecurityInfo, "security_info", "解绑了她账户里的钱会不会没了", [OWNER], {}, "utter_unbind_money_safe"),
    # a clone WeChat and a tablet
    (ActionAnswerFaq, "faq", "主微信里也能领吗", [CLONE], {}, "utter_clone_app_main"),
    (ActionAnswerFaq, "faq", "ipad上能打开医保码不", [], {}, "utter_tablet_code"),
    # a relative who died
    (ActionFallback, "nlu_fallback", "我爸前几天去世了 他医保卡里的余额咋办", [], {}, "utter_deceased_account"),
    (ActionFamilyInfo, "family_binding", "亲情账户里绑着我爸 要解绑吗", [said("utter_deceased_account")], {},
     "utter_family_unbind"),
    # a phone without apps
    (ActionHowToPay, "inform", "那装个微信行不行", [OLD_PHONE], {}, "utter_feature_phone_channel"),
    (ActionOutOfScope, "out_of_scope", "儿子在外地打工 不在家", [OLD_PHONE], {}, "utter_no_smartphone_meanwhile"),
    (ActionSecurityInfo, "security_info", "去社保局办要不要钱", [OLD_PHONE], {}, "utter_hall_free"),
    # a child's and a newborn's code
    (ActionFamilyInfo, "family_binding", "小孩也交了居民医保 能用他自己的吗", [], {}, "utter_child_own_insurance"),
    (ActionFamilyInfo, "family_binding", "孩子的码在我手机上咋弄出来", [], {}, "utter_family_bind_how"),
    (ActionFamilyInfo, "family_binding", "宝宝才两个月 上周刚办的医保", [NEWBORN], {}, "utter_newborn_bind"),
    (ActionOutOfScope, "out_of_scope", "那得等几天 今天就要去医院", [NEWBORN], {}, "utter_newborn_meanwhile"),
    # receipts and claims
    (ActionOutOfScope, "out_of_scope", "药店就给了张小票 这个能报吗", [], {}, "utter_receipt_not_invoice"),
    (ActionOutOfScope, "out_of_scope", "那去哪报 街道能收吗", [said("utter_claim_papers")], {}, "utter_claim_where"),
    (ActionOutOfScope, "out_of_scope", "今天自己掏的钱以后能报回来不", [SELF_PAY], {}, "utter_claim_self_paid"),
    # a rare character in the name
    (ActionOutOfScope, "out_of_scope", "会不会是名字里那个生僻字的原因", [MISMATCH],
     {"diagnosed_cause": "info_mismatch"}, "utter_rare_character"),
    (ActionOutOfScope, "out_of_scope", "社保卡上也显示问号 一起改吗", [MISMATCH, said("utter_rare_character")],
     {"diagnosed_cause": "info_mismatch"}, "utter_rare_character_card"),
    # staff and the phone line
    (ActionHandoff, "request_human", "到了窗口我能写字跟工作人员说吗", [], {}, "utter_hall_writing"),
    (ActionHandoff, "request_human", "我听不见 没法打电话 有在线客服吗", [], {}, "utter_text_support"),
    (ActionFamilyInfo, "family_binding", "去经办大厅能让我女儿陪我去吗", [], {}, "utter_hall_accompany"),
    # an error code
    (ActionFallback, "nlu_fallback", "屏幕上写着错误码 E2031 啥意思", [], {}, "utter_error_code_unknown"),
])
def test_round24_follow_ups(tracker, run, responses, action, intent, text, turns, slots, expected):
    entities = [{"entity": "error_code", "value": "错误码 E2031"}] if "E2031" in text else None
    trk = tracker(intent, None, text=text, turns=turns, slots=slots, entities=entities)
    assert responses(run(action(), trk)[1])[:1] == [expected]


def test_a_question_read_as_a_no_is_answered_in_the_reset(tracker, run, responses):
    trk = tracker("deny", "locked", text="有没有不刷脸也能重置的办法", active_loop="pin_reset_form",
                  slots={"diagnosed_cause": "pin_locked"},
                  turns=[said("utter_diag_pin_locked", "utter_ask_pay_channel", intent="forgot_pin")])
    assert responses(run(ActionDeny(), trk)[1]) == ["utter_pin_reset_no_face"]


def test_a_plain_no_is_still_ok(tracker, run, responses):
    assert responses(run(ActionDeny(), tracker("deny", None, text="不用了"))[1]) == ["utter_ok"]


def test_a_face_check_question_read_as_a_sign_in(tracker, run, responses):
    trk = tracker("verify_phone", None, text="有没有别的验证方式 比如眨眼那种",
                  turns=[said("utter_generic_activate_credential", intent="activate_credential")])
    assert responses(run(ActionFinishPhoneVerification(), trk)[1]) == ["utter_face_check_other_ways"]


def test_signed_in_a_question_read_as_a_sign_in_is_answered(tracker, run, responses):
    trk = tracker("verify_phone", "ok", text="不是我手机的问题吧 刚换的新手机",
                  slots={"diagnosed_cause": "institution_system_error"}, turns=[PLACE])
    assert responses(run(ActionFinishPhoneVerification(), trk)[1]) == ["utter_institution_not_phone"]


def test_whose_fault_is_a_question_not_still_failing(tracker, run, responses):
    trk = tracker("still_not_working", "ok", text="是药店机器的问题还是我手机的问题",
                  slots={"diagnosed_cause": "institution_system_error"}, turns=[PLACE])
    assert responses(run(ActionStillNotWorking(), trk)[1]) == ["utter_institution_not_phone"]


@pytest.mark.parametrize("cause", ["not_activated", "pin_locked", "institution_system_error"])
def test_the_cause_in_plain_words(tracker, run, responses, cause):
    trk = tracker("out_of_scope", "ok", text="能不能说简单点", slots={"diagnosed_cause": cause}, turns=[PLACE])
    assert responses(run(ActionOutOfScope(), trk)[1]) == [f"utter_plain_{cause}"]


def test_the_procedure_after_care_elsewhere(tracker, run, responses):
    trk = tracker("out_of_scope", None, text="那要办啥手续", turns=[ELSEWHERE])
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_beian_where_short", "utter_beian_documents_short"]


def test_an_error_code_told_anonymously_is_named_back(tracker, run, responses):
    trk = tracker("payment_failed", None, text="付款时提示错误码 3301",
                  entities=[{"entity": "error_code", "value": "错误码 3301"}])
    messages = run(ActionDiagnose(), trk)[1]
    assert responses(messages)[0] == "utter_error_code_unknown" and messages[0]["error_code"] == "3301"


def test_signed_in_an_error_code_gets_the_records(tracker, run, responses):
    trk = tracker("payment_failed", "locked", text="报错 E1002 付不了",
                  entities=[{"entity": "error_code", "value": "E1002"}])
    assert "utter_error_code_unknown" not in responses(run(ActionDiagnose(), trk)[1])


def test_a_split_uses_the_bill_the_person_named(tracker):
    trk = tracker("payment_limit", "ok", text="那我拆成两单行不行",
                  turns=[{"intent": "how_to_pay", "text": "美团买药选了医保支付 付不了 订单680",
                          "bot": ["utter_online_pharmacy"]}])
    assert str(bill_named(trk)) == "680"
    assert bill_named(tracker("payment_limit", "ok", text="分三次付 每次400")) is None


@pytest.mark.parametrize("text", [
    "我妈走了好几家药店 医保码都刷不了",   # walked, not died
    "打开医保码一直转圈 最后付款失败",       # a timeout, not a pending payment
    "我闺女单位交的医保 她的钱能挪给我用不",  # money between relatives, not a child's own code
    "新公司说给我交了医保的",
])
def test_no_round24_answer_without_its_topic(tracker, text):
    assert round24_first(text.replace(" ", ""), tracker("payment_failed", None, text=text)) is None


def test_death_words():
    assert DECEASED.search("我爸上个月走了")
    assert not DECEASED.search("我走了两家药店")
    assert not DECEASED.search("急死了")


def test_a_form_digression_about_a_phone_without_apps(tracker, run, responses):
    trk = tracker("family_binding", "ok", text="我手机是老年机 只有孙子的手机能上网 咋整",
                  active_loop="activation_form",
                  turns=[said("utter_diag_not_activated", "utter_ask_pay_channel", intent="activate_credential")])
    assert "utter_channels_none_left" in responses(run(ActionAnswerDigression(), trk)[1])


def test_nothing_sent_to_a_scammer_yet(tracker, run, responses):
    warned = said("utter_scam_warning", intent="security_info", text="有人打电话让我发医保码截图")
    trk = tracker("credential_abnormal", None, text="我还没发呢 他说不发就把我医保冻结", turns=[warned])
    assert responses(run(ActionDiagnose(), trk)[1]) == ["utter_scam_not_sent"]


def test_an_online_order_over_the_limit_signed_in(tracker, run, responses, fake):
    trk = tracker("payment_failed", "ok", text="在外卖平台买药 选医保支付付不了 订单2600")
    names = responses(run(ActionDiagnose(), trk)[1])
    assert names[0] == "utter_online_pharmacy" and "utter_limit_amount" in names, names


def test_an_error_code_read_as_the_how_to(tracker, run, responses):
    trk = tracker("how_to_pay", None, text="付款时手机上提示错误码 4096 是什么意思",
                  entities=[{"entity": "error_code", "value": "错误码 4096"}])
    assert responses(run(ActionHowToPay(), trk)[1]) == ["utter_error_code_unknown"]


@pytest.mark.parametrize("action, intent, text, turns, slots, expected", [
    (ActionFamilyInfo, "family_binding", "这么小的娃也要刷脸吗",
     [said("utter_family_binding_rules", intent="family_binding", text="孙女才三个月 亲情账户加不上")], {},
     "utter_child_no_face"),
    (ActionOutOfScope, "out_of_scope", "要带什么材料", [PAUSED, said("utter_status_retired")],
     {"diagnosed_cause": "status_abnormal"}, "utter_status_retired_documents"),
    (ActionOutOfScope, "out_of_scope", "买个感冒药怎么会不够", [said("utter_diag_insufficient_balance")],
     {"diagnosed_cause": "insufficient_balance"}, "utter_why_balance_low"),
])
def test_round24_regrade_ones(tracker, run, responses, action, intent, text, turns, slots, expected):
    trk = tracker(intent, None, text=text, turns=turns, slots=slots)
    assert responses(run(action(), trk)[1])[:1] == [expected]


def test_a_childs_own_activation_is_not_the_binding_face_rule(tracker):
    assert round24_first("孩子自己激活医保码要刷脸吗", tracker("activate_credential", None, text="…")) is None


def test_thanks_inside_a_fix_says_the_question_is_still_open(tracker, run, responses):
    trk = tracker("thank", "locked", text="好的 谢谢", active_loop="pin_reset_form",
                  turns=[said("utter_diag_pin_locked", "utter_ask_pay_channel", intent="forgot_pin")])
    messages = run(ActionAnswerDigression(), trk)[1]
    assert responses(messages) == ["utter_you_are_welcome_in_form"] and messages[0]["form_label"], messages


def test_round24_questions_inside_a_fix(tracker, run, responses):
    trk = tracker("family_binding", "ok", text="去大厅的话 让我儿子陪我去行吗", active_loop="pin_reset_form",
                  turns=[said("utter_diag_pin_locked", "utter_ask_pay_channel", intent="forgot_pin")])
    assert responses(run(ActionAnswerDigression(), trk)[1])[:1] == ["utter_hall_accompany"]
