"""Trial round 16's leftovers: the materials asked again, a lock the person did not cause, a worry
about the account, the code SMS pasted, paying for a relative beside another question, and a
relative's insurance for the writer's own care."""
from __future__ import annotations

import pytest

from actions.context import ActionOutOfScope
from actions.faq import ActionAnswerDigression, ActionFamilyInfo, ActionHowToPay, ActionSecurityInfo
from actions.verification import ActionFinishPhoneVerification
from bot.nlu.guard import SensitiveDataGuard
from bot.nlu.topics import pasted_code_sms

SMS = "【国家医保服务平台】您的验证码为482913，5分钟内有效，请勿泄露给他人。"


@pytest.mark.parametrize("before, text, expected", [
    # a paused insurance: the papers to resume it, not the identity correction's
    ("utter_generic_credential_abnormal", "要带什么", "utter_jingban_documents_status"),
    ("utter_diag_status_abnormal", "去的话要带啥材料", "utter_jingban_documents_status"),
    # asked again right after the materials: the one line
    ("utter_jingban_documents_status", "你没回答我 到底要带啥", "utter_jingban_documents_status_short"),
    ("utter_jingban_documents", "你没回答我 到底要带啥", "utter_jingban_documents_short"),
    ("utter_activation_documents", "你没回答我 到底要带啥", "utter_activation_documents_short"),
    ("utter_beian_documents", "到底要带什么材料", "utter_beian_documents_short"),
])
def test_the_materials(fake, tracker, run, responses, before, text, expected):
    trk = tracker("out_of_scope", None, text=text, turns=[{"intent": "faq", "bot": [before]}])
    said = responses(run(ActionOutOfScope(), trk)[1])
    assert said == [expected]


def test_an_identity_mismatch_still_gets_the_correction_papers(fake, tracker, run, responses):
    trk = tracker("out_of_scope", None, text="要带什么", turns=[{"intent": "info_mismatch",
                                                                  "bot": ["utter_generic_info_mismatch"]}])
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_jingban_documents"]


@pytest.mark.parametrize("text", ["我没输过密码啊", "我都没输错过 怎么就锁了", "不是我输的"])
def test_a_lock_the_person_did_not_cause_after_the_sms(fake, tracker, run, responses, text):
    trk = tracker("forgot_pin", None, text=text, active_loop="pin_reset_form",
                  turns=[{"intent": "forgot_pin", "bot": ["utter_generic_forgot_pin"]}])
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_pin_locked_not_me"]


def test_a_lock_found_in_the_records(fake, tracker, run, responses):
    trk = tracker("forgot_pin", "ok", text="我没输过密码啊", active_loop="pin_reset_form",
                  slots={"diagnosed_cause": "pin_locked"},
                  turns=[{"intent": "payment_failed", "bot": ["utter_diag_pin_locked", "utter_ask_pay_channel"]}])
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_pin_locked_not_me"]


def test_no_pin_typed_without_a_lock_is_not_a_lock(fake, tracker, run, responses):
    """「我没输过密码 就直接付了」 after how to pay: no lock in view."""
    trk = tracker("out_of_scope", None, text="我没输过密码 就直接付了",
                  turns=[{"intent": "how_to_pay", "bot": ["utter_how_to_pay_app"]}])
    assert "utter_pin_locked_not_me" not in responses(run(ActionOutOfScope(), trk)[1])


@pytest.mark.parametrize("text", ["会不会有人盗我号", "我的医保码会不会被别人用", "怕被人盗刷"])
def test_a_worry_about_the_account_gets_whether_not_the_four_parts(fake, tracker, run, responses, text):
    trk = tracker("security_info", None, text=text)
    assert responses(run(ActionSecurityInfo(), trk)[1]) == ["utter_security_worry"]


def test_the_worry_after_the_security_text_is_answered_too(fake, tracker, run, responses):
    trk = tracker("security_info", None, text="会不会有人盗我号",
                  turns=[{"intent": "security_info", "bot": ["utter_security_info"]}])
    assert responses(run(ActionSecurityInfo(), trk)[1]) == ["utter_security_worry"]


def test_a_theft_that_happened_is_no_worry(fake, tracker, run, responses):
    trk = tracker("security_info", None, text="我的医保被人盗刷了")
    assert "utter_security_worry" not in responses(run(ActionSecurityInfo(), trk)[1])


@pytest.mark.parametrize("token", [None, "ok"])
def test_the_code_sms_pasted(fake, tracker, run, responses, token):
    trk = tracker("security_info", token, text=SMS)
    assert responses(run(ActionSecurityInfo(), trk)[1]) == ["utter_code_sms_pasted"]


def test_a_scam_naming_a_code_is_still_a_scam(fake, tracker, run, responses):
    trk = tracker("security_info", None, text="有人打电话让我把验证码482913发给他 说是医保局的")
    said = responses(run(ActionSecurityInfo(), trk)[1])
    assert "utter_code_sms_pasted" not in said and said


def test_the_code_sms_inside_the_sign_in_is_left_to_the_form(fake, tracker, run, responses):
    trk = tracker("security_info", None, text=SMS, active_loop="phone_verification_form",
                  slots={"requested_slot": "verify_code"})
    assert run(ActionAnswerDigression(), trk)[1] == []


def test_signed_in_asking_to_sign_in_still_hears_so(fake, tracker, run, responses):
    trk = tracker("verify_phone", "ok", text="手机验证")
    assert responses(run(ActionFinishPhoneVerification(), trk)[1]) == ["utter_already_signed_in"]


@pytest.mark.parametrize("text, expected", [
    (SMS, True), ("【医保电子凭证】验证码：602311，您正在登录，如非本人操作请忽略", True),
    ("验证码是482913", False),  # typed in answer to the sign-in: the form's
    ("发送验证码没反应", False), ("验证码几分钟内有效", False),
])
def test_what_counts_as_a_pasted_sms(text, expected):
    assert pasted_code_sms(text) is expected


def test_the_guard_reads_the_pasted_sms_as_a_security_matter():
    assert SensitiveDataGuard().override(SMS, "verify_phone") == "security_info"
    assert SensitiveDataGuard().override("验证码是482913", "verify_phone") is None


def test_paying_for_a_relative_beside_the_balance(fake, tracker, run, responses):
    trk = tracker("how_to_pay", None, text="我想帮家里人付药钱 怎么弄")
    assert responses(run(ActionHowToPay(), trk)[1]) == ["utter_pay_for_family"]


def test_showing_the_code_to_the_cashier_is_not_paying_for_family(fake, tracker, run, responses):
    trk = tracker("how_to_pay", None, text="收银员让我给他出示医保码 在哪打开")
    assert "utter_pay_for_family" not in responses(run(ActionHowToPay(), trk)[1])


@pytest.mark.parametrize("text", ["能用我老公的医保帮我付吗", "我妈的医保卡能给我用吗"])
def test_a_relatives_insurance_for_the_writer(fake, tracker, run, responses, text):
    trk = tracker("family_binding", None, text=text)
    assert responses(run(ActionFamilyInfo(), trk)[1]) == ["utter_other_pays_not_code",
                                                          "utter_family_mutual_aid_reverse"]


def test_paying_for_the_relative_keeps_the_family_answer(fake, tracker, run, responses):
    trk = tracker("family_binding", None, text="能用我的医保帮我老公付吗")
    assert "utter_other_pays_not_code" not in responses(run(ActionFamilyInfo(), trk)[1])


def test_the_worry_inside_the_pin_reset(fake, tracker, run, responses):
    trk = tracker("security_info", "ok", text="会不会有人盗我号", active_loop="pin_reset_form",
                  slots={"diagnosed_cause": "pin_locked"},
                  turns=[{"intent": "payment_failed", "bot": ["utter_diag_pin_locked", "utter_ask_pay_channel"]}])
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_security_worry"]


# --- probes after round 16 (thirteenth session) ------------------------------------------

def test_where_to_open_after_a_clause_of_context(fake, tracker, run, responses):
    from actions.diagnosis import ActionDiagnose

    trk = tracker("cannot_show_code", None, text="我爸72了 只会用支付宝 他的医保码在支付宝哪里打开",
                  entities=[{"entity": "pay_channel", "value": "支付宝"}])
    assert responses(run(ActionDiagnose(), trk)[1]) == ["utter_how_to_pay_alipay"]


def test_a_code_that_will_not_open_is_still_the_checklist(fake, tracker, run, responses):
    from actions.diagnosis import ActionDiagnose

    trk = tracker("cannot_show_code", None, text="我爸72了 只会用支付宝 医保码在支付宝里怎么都打不开")
    assert "utter_how_to_pay_alipay" not in responses(run(ActionDiagnose(), trk)[1])


@pytest.mark.parametrize("turns", [
    [{"intent": "payment_failed", "bot": ["utter_generic_payment_failed", "utter_offer_sign_in"]},
     {"intent": "inform", "bot": ["utter_how_to_pay_wechat"]}],
    [{"intent": "how_to_pay", "bot": ["utter_how_to_pay_wechat"]}],
])
def test_presence_after_the_scan_steps(fake, tracker, run, responses, turns):
    trk = tracker("out_of_scope", None, text="要他本人去吗", turns=turns)
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_relative_go_instead"]


def test_a_shenzhen_childs_failure_names_the_chc_first(fake, tracker, run, responses):
    from actions.diagnosis import ActionDiagnose

    trk = tracker("payment_failed", None, text="深圳的 孩子少儿医保 去医院刷不了医保码")
    said = responses(run(ActionDiagnose(), trk)[1])
    assert said[0] == "utter_chc_likely" and "utter_generic_payment_failed" not in said


def test_a_failure_elsewhere_keeps_the_usual_causes(fake, tracker, run, responses):
    from actions.diagnosis import ActionDiagnose

    trk = tracker("payment_failed", None, text="广州的 孩子少儿医保 去医院刷不了医保码")
    assert "utter_chc_likely" not in responses(run(ActionDiagnose(), trk)[1])


# --- trial round 17: an unsure security reading of a message with no word of security ----

def _weak(trk, confidence=0.3):
    trk.latest_message["intent"]["confidence"] = confidence
    return trk


def test_a_failure_at_the_till_read_as_security_goes_to_the_diagnosis(fake, tracker, run, responses):
    trk = _weak(tracker("security_info", "ok", text="快点快点 药店说我这码用不了 后面一堆人排队"))
    events, said = run(ActionSecurityInfo(), trk)
    assert said == [] and any(e.get("name") == "action_diagnose" for e in events)


def test_a_status_check_read_as_security_reads_the_status(fake, tracker, run, responses):
    trk = _weak(tracker("security_info", "ok", text="帮我看看我的医保码还正常不"))
    said = responses(run(ActionSecurityInfo(), trk)[1])
    assert "utter_security_info" not in said and said


def test_a_lock_question_read_as_security_gets_the_lock_line(fake, tracker, run, responses):
    trk = _weak(tracker("security_info", None, text="它会不会过一阵自己就解开了",
                        turns=[{"intent": "forgot_pin", "bot": ["utter_generic_forgot_pin"]}]))
    assert responses(run(ActionSecurityInfo(), trk)[1]) == ["utter_pin_lock_duration"]


def test_anything_else_read_weakly_as_security_gets_the_choices(fake, tracker, run, responses):
    trk = _weak(tracker("security_info", None, text="那他咋整 你给个准话"))
    events, said = run(ActionSecurityInfo(), trk)
    assert responses(said) == ["utter_default"] and not events  # answered here, no follow-up action


@pytest.mark.parametrize("before, text, expected", [
    ("utter_diag_status_abnormal", "那他这个能不能我在网上帮他弄好 不用他跑", "utter_status_online"),
    ("utter_diag_info_mismatch", "能不能在手机上直接改 不想跑", "utter_mismatch_online"),
])
def test_whether_it_can_be_done_online(fake, tracker, run, responses, before, text, expected):
    trk = _weak(tracker("security_info", None, text=text, turns=[{"intent": "payment_failed", "bot": [before]}]))
    assert responses(run(ActionSecurityInfo(), trk)[1]) == [expected]


@pytest.mark.parametrize("text", ["医保码安全吗", "会不会泄露我的信息"])
def test_a_security_question_stays_one_even_when_unsure(fake, tracker, run, responses, text):
    trk = _weak(tracker("security_info", None, text=text))
    assert responses(run(ActionSecurityInfo(), trk)[1]) == ["utter_security_info"]


# --- trial round 17: in-scope follow-ups that got 「帮不上忙」 or the choices -----------------

@pytest.mark.parametrize("before, text, expected", [
    ("utter_wallet_transfer_unaccepted", "那我能不能再给他转一笔", "utter_wallet_transfer_again"),
    ("utter_wallet_transfer_yes", "转过来要多久到", "utter_wallet_transfer_arrival"),
    ("utter_family_bind_elsewhere", "转过来要多久到", "utter_wallet_transfer_arrival"),  # named by 转
])
def test_the_wallet_follow_ups(fake, tracker, run, responses, before, text, expected):
    trk = tracker("out_of_scope", None, text=text, turns=[{"intent": "medical_wallet", "bot": [before]}])
    assert responses(run(ActionOutOfScope(), trk)[1]) == [expected]


def test_across_provinces_after_the_family_answer_is_the_wallet(fake, tracker, run, responses):
    from actions.diagnosis import ActionDiagnose

    trk = tracker("region_mismatch", None, text="她在外地 跨省能转不",
                  turns=[{"intent": "family_binding", "bot": ["utter_family_binding_rules"]}])
    assert responses(run(ActionDiagnose(), trk)[1]) == ["utter_wallet_transfer_yes"]


def test_spent_today_gets_the_wallet_figures(fake, tracker, run, responses):
    trk = tracker("out_of_scope", "ok", text="今天一共花了多少",
                  turns=[{"intent": "check_balance", "bot": ["utter_wallet_figures"]}])
    assert "utter_wallet_figures" in responses(run(ActionOutOfScope(), trk)[1])


def test_why_with_a_reason_after_the_diagnosis(fake, tracker, run, responses):
    trk = tracker("out_of_scope", "ok", text="为啥会这样啊 我每年都按时交了钱的",
                  slots={"diagnosed_cause": "status_abnormal"},
                  turns=[{"intent": "credential_abnormal", "bot": ["utter_diag_status_abnormal", "utter_offer_human"]}])
    events, _ = run(ActionOutOfScope(), trk)
    assert any(e.get("name") == "action_diagnose" for e in events)


@pytest.mark.parametrize("slots, before, intent, text, expected", [
    ({"diagnosed_cause": "institution_system_error"}, "utter_other_pharmacy_yes", "out_of_scope",
     "我先用微信自己付了 回头能拿去报销吗", "utter_claim_self_paid"),
    ({}, "utter_claim_self_paid", "out_of_scope", "要留啥单据", "utter_claim_papers"),
    ({"diagnosed_cause": "status_abnormal"}, "utter_diag_status_abnormal", "out_of_scope",
     "降压药等不了 这几天买药咋办", "utter_today_status_abnormal"),
    ({}, "utter_family_vs_mutual_aid", "out_of_scope", "那住院的钱也能从我这扣吗", "utter_mutual_aid_inpatient"),
])
def test_round17_follow_ups(fake, tracker, run, responses, slots, before, intent, text, expected):
    trk = tracker(intent, "ok" if slots else None, text=text, slots=slots,
                  turns=[{"intent": "payment_failed", "bot": [before]}])
    assert responses(run(ActionOutOfScope(), trk)[1]) == [expected]


def test_who_else_can_share_the_account(fake, tracker, run, responses):
    trk = tracker("family_binding", None, text="我老婆和孩子也能一起共济吗",
                  turns=[{"intent": "family_binding", "bot": ["utter_family_binding_rules"]},
                         {"intent": "out_of_scope", "bot": ["utter_family_vs_mutual_aid"]}])
    assert responses(run(ActionFamilyInfo(), trk)[1]) == ["utter_mutual_aid_who"]


def test_paying_now_inside_the_activation(fake, tracker, run, responses):
    trk = tracker("follow_up", "ok", text="那现在这药咋付", active_loop="activation_form",
                  slots={"diagnosed_cause": "not_activated"},
                  turns=[{"intent": "payment_failed", "bot": ["utter_diag_not_activated", "utter_ask_pay_channel"]}])
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_not_activated_pay_now"]


def test_steps_asked_inside_the_region_switch(fake, tracker, run, responses):
    trk = tracker("out_of_scope", "region", text="怎么改 一步步说", active_loop="region_switch_form",
                  turns=[{"intent": "region_mismatch", "bot": ["utter_diag_region_mismatch"]}])
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_in_form_hint"]


def test_an_identity_mismatch_online_and_meanwhile(fake, tracker, run, responses):
    turns = [{"intent": "info_mismatch", "bot": ["utter_diag_info_mismatch", "utter_offer_human"]},
             {"intent": "out_of_scope", "bot": ["utter_jingban_documents"]}]
    trk = tracker("nlu_fallback", None, text="能不能在手机上直接改 不想跑", turns=turns)
    from actions.handoff import ActionFallback

    assert responses(run(ActionFallback(), trk)[1]) == ["utter_mismatch_online"]
    trk = tracker("out_of_scope", None, text="改好之前这段时间看病咋办", turns=turns)
    # the card first where it still works, then self-pay and the claim (round 22's re-grade)
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_meanwhile_until_fixed"]


def test_the_money_on_the_other_record_is_no_choice():
    from actions.region_switch import side_question

    assert side_question("那长沙账户里剩的钱呢", True) == "money"
    assert side_question("切到深圳", True) is None


def test_safe_and_the_worry_together_get_the_whole_text(fake, tracker, run, responses):
    trk = tracker("security_info", None, text="医保码安全吗 会不会被别人盗用")
    assert responses(run(ActionSecurityInfo(), trk)[1]) == ["utter_security_info"]


@pytest.mark.parametrize("form, before, expected", [
    ("pin_reset_form", "utter_ask_pin_reset_confirm", "utter_pin_after_face"),
    ("activation_form", "utter_ask_pay_channel", "utter_activation_after_face"),
])
def test_the_face_check_passed_and_now(fake, tracker, run, responses, form, before, expected):
    trk = tracker("follow_up", "ok", text="好了人脸过了 然后呢", active_loop=form,
                  turns=[{"intent": "forgot_pin", "bot": [before]}])
    assert responses(run(ActionAnswerDigression(), trk)[1]) == [expected]


def test_activating_a_fathers_code_on_ones_own_phone(fake, tracker, run, responses):
    turns = [{"intent": "activate_credential", "bot": ["utter_diag_not_activated", "utter_ask_pay_channel"]}]
    trk = tracker("activate_credential", "ok", text="我用我自己的手机能帮他激活吗", active_loop="activation_form",
                  turns=turns)
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_relative_activation"]


@pytest.mark.parametrize("before, text, expected", [
    ("utter_face_check_fails", "那去大厅的话 他本人必须去吗", "utter_jingban_presence"),
    ("utter_what_is_credential", "能不能直接去窗口让人给办", "utter_activation_where"),
    ("utter_generic_forgot_pin", "要去大厅办吗", "utter_pin_reset_offline"),
])
def test_the_hall_asked_about(fake, tracker, run, responses, before, text, expected):
    trk = tracker("out_of_scope", None, text=text, turns=[{"intent": "activate_credential", "bot": [before]}])
    assert responses(run(ActionOutOfScope(), trk)[1]) == [expected]


def test_the_chc_rule_is_shenzhens(fake, tracker, run, responses):
    trk = tracker("family_binding", "ok", text="那我妈呢 她也绑在我这 她在老家医院用也要绑社康吗",
                  turns=[{"intent": "family_binding", "bot": ["utter_family_binding_rules", "utter_family_members"]},
                         {"intent": "family_binding", "bot": ["utter_chc_where"]}])
    assert responses(run(ActionFamilyInfo(), trk)[1]) == ["utter_chc_only_shenzhen"]


def test_a_daughter_sending_money(fake, tracker, run, responses):
    trk = tracker("family_binding", None, text="能让我闺女从她那给我转点吗")
    assert responses(run(ActionFamilyInfo(), trk)[1]) == ["utter_wallet_transfer_yes"]


def test_whose_money_after_the_family_answer(fake, tracker, run, responses):
    trk = tracker("how_to_pay", None, text="挂上以后在医院付钱 扣的是谁的钱",
                  turns=[{"intent": "family_binding", "bot": ["utter_family_binding_rules"]}])
    assert responses(run(ActionHowToPay(), trk)[1]) == ["utter_family_whose_money"]


def test_a_resident_asks_what_is_in_the_account_inside_the_activation(fake, tracker, run, responses):
    turns = [{"intent": "payment_failed", "bot": ["utter_diag_not_activated", "utter_ask_pay_channel"]}]
    trk = tracker("follow_up", "ok", text="我是居民医保 激活了以后里面有钱吗", active_loop="activation_form",
                  turns=turns)
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_wallet_resident"]
