"""Trial round 20's follow-ups, each for the topic in view (the intents are the ones the model gave
in the trial): a scam form filled without the PIN, a registration not used, the refund's arrival
and where to see it, 家庭共济 from afar, the 亲情账户's monthly binding limit, the wallet's use,
money gone from the account, a paused status while the salary is docked, a name changed at the
police, living away from the insured city, what to do at the till now, and more."""
from __future__ import annotations

import pytest

from actions.context import ActionOutOfScope
from actions.diagnosis import ActionDiagnose
from actions.faq import ActionFamilyInfo, ActionSecurityInfo, ActionWhatIsCredential
from actions.handoff import ActionFallback
from actions.recent import question_tail


def said(*names, intent="faq"):
    return {"intent": intent, "bot": list(names)}


@pytest.mark.parametrize("action, intent, text, turns, slots, expected", [
    # c03: the scam form filled without the PIN (was the PIN reset)
    (ActionDiagnose, "forgot_pin", "她没填密码 就填了那些 也要紧吗",
     [said("utter_scam_already", intent="security_info")], {}, "utter_scam_partial_info"),
    # c05: a registration paid with the code and not used, then the refund's arrival and where to see it
    (ActionOutOfScope, "out_of_scope", "昨天在人民医院自助机上挂了个专家号 用医保码付的 结果临时有事没去看", [], {},
     "utter_registration_refund"),
    (ActionOutOfScope, "out_of_scope", "多久能到账啊", [said("utter_faq/refund")], {}, "utter_refund_arrival"),
    # c06: the balance's why, 家庭共济 from afar
    (ActionOutOfScope, "out_of_scope", "为啥会这么少 上个月还有好几百", [said("utter_diag_insufficient_balance")],
     {"diagnosed_cause": "insufficient_balance"}, "utter_why_balance_low"),
    (ActionOutOfScope, "out_of_scope", "他人在外地上班 不在身边 能弄吗",
     [said("utter_family_mutual_aid_reverse", intent="family_binding")], {}, "utter_mutual_aid_remote"),
    # c09: 备案 on the phone, asked with 「能弄不」 and a reason after it
    (ActionDiagnose, "region_mismatch", "备案在手机上能弄不 我不想请假回老家",
     [said("utter_beian_needed", "utter_beian_where")], {}, "utter_beian_where_short"),
    # c10: the monthly binding limit, then next month
    (ActionFamilyInfo, "family_binding", '想在支付宝亲情账户里再加上我妈 点添加以后提示"该成员绑定次数已达上限"',
     [], {}, "utter_family_bind_monthly"),
    (ActionOutOfScope, "out_of_scope", "那等到下个月1号我就能加了呗",
     [said("utter_family_bind_monthly", intent="family_binding")], {}, "utter_family_bind_next_month"),
    # c11: charged after a timeout
    (ActionDiagnose, "payment_failed", "行 我先用社保卡刷了 那刚才超时那笔会不会已经扣了钱",
     [said("utter_timeout_next")], {"diagnosed_cause": "network_timeout"}, "utter_timeout_not_charged"),
    # c12: the wallet against the code, and why open it
    (ActionWhatIsCredential, "what_is_credential", "医保钱包是干啥用的 跟医保码是一个东西吗", [], {},
     "utter_wallet_vs_code"),
    (ActionOutOfScope, "out_of_scope", "那我有必要开吗 开了有啥好处",
     [said("utter_wallet_vs_code", intent="what_is_credential")], {}, "utter_wallet_benefits"),
    # c13: whose fault, asked at the end of a longer message
    (ActionSecurityInfo, "security_info", "会不会其实是我医保出问题了 诊所在糊弄我",
     [said("utter_diag_institution_system_error", intent="payment_failed"), said("utter_claim_self_paid"),
      said("utter_jingban_where")], {"diagnosed_cause": "institution_system_error"}, "utter_institution_not_you"),
    # c14: money gone, where each payment went, an unknown pharmacy, the family's use
    (ActionSecurityInfo, "security_info", "我看支付宝医保那里 账户少了300多 我这个月根本没去过医院", [], {},
     "utter_money_missing"),
    (ActionSecurityInfo, "security_info", "在哪能看到每一笔是在哪花的", [said("utter_money_missing")], {},
     "utter_check_records"),
    (ActionSecurityInfo, "security_info", "查到了 有一笔是个什么康泰大药房 我从来没去过这家",
     [said("utter_money_missing"), said("utter_check_records")], {}, "utter_unknown_payment"),
    (ActionFamilyInfo, "family_binding", "我家里老人的码是绑在我支付宝的 会不会是他们用的",
     [said("utter_money_missing"), said("utter_theft_steps")], {}, "utter_family_whose_money"),
    # c15: the photo, where to update it, today
    (ActionSecurityInfo, "security_info", "我去年割了双眼皮 跟身份证上差挺多的 是这个原因吗哈哈",
     [said("utter_face_check_fails", intent="activate_credential")], {}, "utter_face_photo_old"),
    (ActionOutOfScope, "out_of_scope", "那照片去哪更新 派出所吗", [said("utter_face_photo_old")], {},
     "utter_photo_update_where"),
    # c16: the salary docked, the months without cover
    (ActionOutOfScope, "out_of_scope", "不可能啊 我们单位每个月都从工资里扣医保的",
     [said("utter_diag_status_abnormal", intent="credential_abnormal")], {"diagnosed_cause": "status_abnormal"},
     "utter_status_employer_paying"),
    (ActionOutOfScope, "out_of_scope", "这段时间看病花的钱以后能补报吗",
     [said("utter_diag_status_abnormal", intent="credential_abnormal"), said("utter_jingban_documents_status")],
     {"diagnosed_cause": "status_abnormal"}, "utter_gap_reimburse"),
    # c17: what to do at the till now, then self-paid
    (ActionSecurityInfo, "security_info", "你别给我讲那些大道理 我现在就想把药拿走 怎么弄",
     [said("utter_generic_payment_failed", "utter_offer_sign_in", intent="payment_failed")], {},
     "utter_pay_now_generic"),
    (ActionFallback, "nlu_fallback", "那我自己掏钱了 这钱医保还认不认", [said("utter_pay_now_generic")], {},
     "utter_claim_self_paid"),
    # c18: a name changed at the police
    (ActionOutOfScope, "out_of_scope", "派出所当时说会自动同步的啊 怎么到现在都没同步",
     [said("utter_diag_info_mismatch", intent="info_mismatch")], {"diagnosed_cause": "info_mismatch"},
     "utter_mismatch_police_sync"),
    # c07: the other channels after activating in one
    (ActionDiagnose, "activate_credential", "找到了 它让我激活 激活了以后app那边还要再弄一遍吗",
     [said("utter_channel_entry_missing")], {}, "utter_activation_other_channels"),
    # c19: 居民医保 for a spouse
    (ActionFamilyInfo, "family_binding", "顺便问一下 我老婆是居民医保 她能用我账户的钱吗", [], {},
     "utter_family_mutual_aid_short"),
    # c03: the PIN of a relative (a scam victim) from the writer's phone
    (ActionFamilyInfo, "family_binding", "她不会弄手机 改密码这些我能帮她在我手机上弄吗",
     [said("utter_scam_partial_info")], {}, "utter_family_pin_reset"),
])
def test_round20_follow_ups(tracker, run, responses, action, intent, text, turns, slots, expected):
    trk = tracker(intent, None, text=text, turns=turns, slots=slots)
    assert responses(run(action(), trk)[1]) == [expected]


@pytest.mark.parametrize("text, turns, expected", [
    ("我弟上个月和这个月都绑过她 换了两回手机 那我是不是就加不了了",
     [said("utter_family_bind_monthly", intent="family_binding")], "utter_family_bind_next_month"),
    ("那我是该去问公司人事还是去医保局", [said("utter_diag_status_abnormal", intent="credential_abnormal"),
                                 said("utter_status_employer_paying")], "utter_status_ask_hr_first"),
    ("网上点整 佢唔识用手机 我帮佢整得唔得", [said("utter_beian_needed", "utter_beian_where")],
     "utter_beian_family_help"),
])
def test_round20_regrade_leftovers(tracker, run, responses, text, turns, expected):
    trk = tracker("out_of_scope", None, text=text, turns=turns)
    assert responses(run(ActionOutOfScope(), trk)[1]) == [expected]


def test_resident_insurance_told_with_jiao_de(tracker, run, responses):
    trk = tracker("insufficient_balance", None, text="我交的居民医保 医保码里余额咋是0")
    assert responses(run(ActionDiagnose(), trk)[1]) == ["utter_wallet_resident"]


def test_a_relatives_move_is_registration_not_the_switch(tracker, run, responses):
    trk = tracker("nlu_fallback", None, text="佢系喺广州交嘅 而家搬咗嚟佛山同我住",
                  turns=[said("utter_generic_region_mismatch", intent="region_mismatch")])
    trk.latest_message["entities"] = [{"entity": "region", "value": "广州"}, {"entity": "region", "value": "佛山"}]
    assert responses(run(ActionFallback(), trk)[1]) == ["utter_beian_for_residence"]


def test_a_move_without_the_region_in_view_is_not_read_as_one(tracker, run, responses):
    trk = tracker("nlu_fallback", None, text="我从广州搬到佛山了")
    trk.latest_message["entities"] = [{"entity": "region", "value": "广州"}, {"entity": "region", "value": "佛山"}]
    assert "utter_beian_for_residence" not in responses(run(ActionFallback(), trk)[1])


def test_the_binding_limit_needs_the_family_in_view(tracker, run, responses):
    trk = tracker("out_of_scope", None, text="怎么加不了了")
    assert "utter_family_bind_monthly" not in responses(run(ActionOutOfScope(), trk)[1])


def test_a_pasted_screen_text_in_quotes_is_a_clause():
    assert question_tail('点添加以后提示"该成员绑定次数已达上限"') == "该成员绑定次数已达上限"


def test_pay_again_signed_in_reads_the_records(fake, tracker, run, responses):
    fake.people["ok"]["attempts"] = [{"occurred_at": "2026-12-03T03:10:00+00:00", "institution": "北京同仁堂王府井店",
                                      "amount": "68.50", "result": "success"}]
    trk = tracker("nlu_fallback", "ok", text="那个金额对的 就是那笔 那我不用再付了吧",
                  turns=[said("utter_diag_no_failure", intent="payment_failed")])
    assert responses(run(ActionFallback(), trk)[1]) == ["utter_pay_again_paid"]


@pytest.mark.parametrize("text, turns, slots, unexpected", [
    # a why with one's own contributions is the why's (tests/integration/test_context.py)
    ("为啥会暂停啊 我一直交着呢", [said("utter_diag_status_abnormal", intent="credential_abnormal")],
     {"diagnosed_cause": "status_abnormal"}, "utter_status_employer_paying"),
    # how soon a limit change applies is not today's use
    ("改了限额马上能用吗", [said("utter_diag_over_limit", intent="payment_failed")], {"diagnosed_cause": "over_limit"},
     "utter_pay_excess"),
])
def test_round20_cues_leave_neighbouring_questions_alone(tracker, run, responses, text, turns, slots, unexpected):
    trk = tracker("out_of_scope", None, text=text, turns=turns, slots=slots)
    assert unexpected not in responses(run(ActionOutOfScope(), trk)[1])
