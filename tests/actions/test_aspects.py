"""Trial round 14: a narrow question about one aspect of the topic just answered gets that
aspect's line (actions/aspects.py), not the whole answer again, another topic or 「帮不上忙」."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from actions.aspects import ANSWERS, TOPICS, aspects_of, topics_in_view
from actions.context import ActionFollowUp, ActionOutOfScope
from actions.diagnosis import ActionDiagnose
from actions.faq import ActionAnswerDigression, ActionAnswerFaq, ActionFamilyInfo, ActionMedicalWallet
from actions.handoff import ActionFallback
from bot.nlu.guard import asks_about_sign_in_code

ROOT = Path(__file__).resolve().parents[2]
ACTIONS = {"follow_up": ActionFollowUp, "out_of_scope": ActionOutOfScope, "family_binding": ActionFamilyInfo,
           "medical_wallet": ActionMedicalWallet, "info_mismatch": ActionDiagnose, "nlu_fallback": ActionFallback,
           "faq": ActionAnswerFaq, "activate_credential": ActionDiagnose, "region_mismatch": ActionDiagnose}


@pytest.mark.parametrize("before, text, intent, expected", [
    # after the WeChat activation steps: no ID card, the face check
    ("utter_activation_steps_wechat", "要带身份证吗", "info_mismatch", "utter_activation_documents"),
    ("utter_activation_steps_wechat", "那要本人去吗", "out_of_scope", "utter_activation_presence"),
    ("utter_generic_activate_credential", "激活要钱不", "faq", "utter_service_free"),
    ("utter_generic_activate_credential", "在哪弄啊", "follow_up", "utter_activation_where"),
    # the 亲情账户 answer: how many, where in WeChat, documents
    ("utter_family_binding_rules", "最多能加几个人", "family_binding", "utter_family_bind_count"),
    ("utter_family_binding_rules", "亲情账户在微信里哪加", "family_binding", "utter_family_bind_channels"),
    ("utter_family_bind_channels", "要带她户口本吗", "out_of_scope", "utter_family_bind_documents"),
    # the wallet: transfers a day, an unaccepted transfer
    ("utter_wallet_transfer_yes", "每天最多转几笔", "medical_wallet", "utter_wallet_transfer_limits"),
    ("utter_wallet_transfer_yes", "对方不收会咋样", "nlu_fallback", "utter_wallet_transfer_unaccepted"),
    # 异地就医: which side to register with, after the code elsewhere: what to carry
    ("utter_beian_where", "湖南那边备案还是广州", "out_of_scope", "utter_beian_which_side"),
    ("utter_beian_where", "办好要几天", "out_of_scope", "utter_beian_time"),
    ("utter_code_elsewhere", "要带身份证吗", "info_mismatch", "utter_code_no_id"),
    # how to pay: the PIN at the till, a screenshot
    ("utter_how_to_pay_wechat", "要输密码吗", "follow_up", "utter_pin_at_payment"),
    ("utter_how_to_pay_wechat", "截图给别人能用不", "faq", "utter_code_no_screenshot"),
    # a word of the security text
    ("utter_security_info", "电子围栏是啥意思", "out_of_scope", "utter_term_fence"),
    # the PIN reset: what to carry, who must be there, cost
    ("utter_generic_forgot_pin", "要带啥证件不", "out_of_scope", "utter_pin_reset_documents"),
    ("utter_generic_forgot_pin", "我闺女帮我弄行不 要我本人吗", "follow_up", "utter_pin_reset_presence"),
    ("utter_pin_paths_all", "重置密码收费吗", "faq", "utter_service_free"),
    # round 15: a link's lifetime and the old PIN inside the reset; two family ways told apart;
    # a wrong transfer; 备案 without going in person; the 经办机构 for a name to correct
    ("utter_ask_pin_reset_confirm", "链接多久失效", "follow_up", "utter_pin_link_validity"),
    ("utter_pin_paths_all", "要填原来的密码吗", "out_of_scope", "utter_pin_no_old"),
    ("utter_family_binding_rules", "家庭共济和这个有啥区别", "family_binding", "utter_family_vs_mutual_aid"),
    ("utter_wallet_transfer_limits", "转错了能退回来不", "out_of_scope", "utter_wallet_transfer_wrong"),
    ("utter_beian_time", "要本人去吗", "out_of_scope", "utter_beian_presence"),
    ("utter_diag_info_mismatch", "要本人去吗", "out_of_scope", "utter_jingban_presence"),
    ("utter_wallet_transfer_yes", "有手续费吗", "faq", "utter_wallet_transfer_fee"),
    # pushed back after the identity mismatch: whether it works now, the fix in one line
    ("utter_diag_info_mismatch", "你没回答我 到底能不能用", "follow_up", "utter_mismatch_not_yet"),
    ("utter_diag_info_mismatch", "太长了 说重点", "follow_up", "utter_mismatch_short"),
    # the question names its topic: 备案 after the 参保地 answer
    ("utter_generic_region_mismatch", "湖南那边备案还是广州", "region_mismatch", "utter_beian_which_side"),
    # a ticket's call-back, a retry after a timeout, the office on a Saturday
    ("utter_handoff_ticket", "大概多久会打给我", "out_of_scope", "utter_ticket_callback"),
    ("utter_diag_network_timeout", "要等多久再付", "follow_up", "utter_network_wait"),
    ("utter_jingban_where", "周六开门不", "out_of_scope", "utter_jingban_hours"),
    # 家庭共济: only whether
    ("utter_family_mutual_aid_how", "太长了 就说能还是不能", "follow_up", "utter_family_mutual_aid_short"),
])
def test_the_aspect_asked_of_the_topic_in_view(fake, tracker, run, responses, before, text, intent, expected):
    trk = tracker(intent, None, text=text, turns=[{"intent": "faq", "bot": [before]}])
    assert responses(run(ACTIONS[intent](), trk)[1])[0] == expected


@pytest.mark.parametrize("text, expected", [
    ("几分钟内有效来着", "utter_verify_code_validity"),
    ("是现在用的号还是以前留的号", "utter_verify_which_phone"),
])
def test_a_question_about_the_code_while_it_waits_keeps_the_sign_in(fake, tracker, run, responses, text, expected):
    trk = tracker("follow_up", None, text=text, active_loop="phone_verification_form",
                  turns=[{"intent": "verify_phone", "bot": ["utter_ask_verify_phone"]}])
    assert responses(run(ActionAnswerDigression(), trk)[1]) == [expected]


def test_a_question_inside_the_activation_form_gets_the_forms_topic(fake, tracker, run, responses):
    trk = tracker("out_of_scope", None, text="要本人去吗", active_loop="activation_form",
                  turns=[{"intent": "activate_credential", "bot": ["utter_ask_pay_channel"]}])
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_activation_presence"]


def test_the_same_line_is_not_given_twice(fake, tracker, run, responses):
    trk = tracker("family_binding", None, text="最多能加几个",
                  turns=[{"intent": "family_binding", "bot": ["utter_family_bind_count"]}])
    assert "utter_family_bind_count" not in responses(run(ActionFamilyInfo(), trk)[1])


def test_no_topic_in_view_leaves_the_question_to_its_intent(fake, tracker, run, responses):
    trk = tracker("out_of_scope", None, text="要带身份证吗")
    assert responses(run(ActionOutOfScope(), trk)[1])[0] != "utter_activation_documents"


@pytest.mark.parametrize("text, aspect", [
    ("每天最多转几笔", "count"), ("要不要钱", "cost"), ("转账收费吗", "cost"), ("要她在场不", "presence"),
    ("几天能好", "how_long"), ("还是不行", None), ("要输密码吗", "pin_needed"),
])
def test_aspect_cues(text, aspect):
    found = aspects_of(text)
    assert (found[0] if found else None) == aspect
    assert "not_accepted" not in found  # 「收费」 is no transfer left unaccepted


def test_every_answer_names_a_topic_and_a_response():
    topics = {name for name, _ in TOPICS}
    responses = set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"])
    for (topic, aspect), response in ANSWERS.items():
        assert topic in topics and response in responses, (topic, aspect)
    assert topics_in_view({"utter_wallet_transfer_limits"}, None)[0] == "wallet"
    assert topics_in_view({"utter_ask_pay_channel"}, "activation_form")[0] == "activation"


@pytest.mark.parametrize("text, expected", [
    ("几分钟内有效来着", True), ("验证码多久过期", True), ("是现在用的号还是以前留的号", True),
    ("医保码还有效吗", False), ("临时外出就医备案多久有效", False), ("验证码收不到", False),
    ("医保电子凭证有效期多久", False),
])
def test_questions_about_the_sign_in_code(text, expected):
    assert asks_about_sign_in_code(text) is expected


@pytest.mark.parametrize("text, intent, expected", [
    ("电子围栏是啥意思", "what_is_credential", "follow_up"),
    ("实人认证是什么", "security_info", "follow_up"),
    ("几分钟内有效来着", "credential_abnormal", "follow_up"),
    ("验证码收不到", "activate_credential", None),
    ("医保码还有效吗", "credential_abnormal", None),
])
def test_the_guard_reads_a_word_or_the_codes_lifetime_as_a_follow_up(text, intent, expected):
    from bot.nlu.guard import TopicGuard

    assert TopicGuard().override(text, intent) == expected


def test_one_miss_does_not_lose_the_thread(fake, tracker, run, responses):
    """「要多久」 after a refusal that followed the 备案 answer: still 备案's."""
    trk = tracker("out_of_scope", None, text="要多久", turns=[
        {"intent": "faq", "bot": ["utter_beian_where"]},
        {"intent": "out_of_scope", "bot": ["utter_out_of_scope"]}])
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_beian_time"]


def test_asked_again_right_after_the_places_gets_the_short_line(fake, tracker, run, responses):
    trk = tracker("out_of_scope", None, text="在哪办", turns=[{"intent": "faq", "bot": ["utter_beian_where"]}])
    assert responses(run(ActionOutOfScope(), trk)[1]) == ["utter_beian_where_short"]


def test_whose_face_inside_the_reset_is_no_sign_in():
    from bot.nlu.guard import TopicGuard

    assert TopicGuard().override("要本人刷脸吗", "verify_phone") == "follow_up"
    assert TopicGuard().override("用手机号验证一下 要刷脸吗", "verify_phone") is None


@pytest.mark.parametrize("text, intent, expected", [
    ("有手续费吗", "security_info", "faq"), ("转账收手续费不", "security_info", "faq"),
    ("对方让我交手续费", "security_info", None), ("要交手续费才能解冻吗", "faq", "security_info"),
])
def test_a_bare_fee_question_is_no_scam(text, intent, expected):
    from bot.nlu.guard import ScamGuard

    assert ScamGuard().override(text, intent) == expected


def test_the_link_lifetime_inside_the_reset_is_answered(fake, tracker, run, responses):
    trk = tracker("follow_up", "pin_locked", text="链接多久失效", active_loop="pin_reset_form",
                  turns=[{"intent": "inform", "bot": ["utter_ask_pin_reset_confirm"]}])
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_pin_link_validity"]


def test_what_to_carry_after_the_mismatch_in_one_line(fake, tracker, run, responses):
    trk = tracker("follow_up", None, text="那我要带啥去", turns=[
        {"intent": "payment_failed", "bot": ["utter_diag_info_mismatch"]},
        {"intent": "follow_up", "bot": ["utter_mismatch_short"]}])
    assert responses(run(ActionFollowUp(), trk)[1]) == ["utter_jingban_documents"]


@pytest.mark.parametrize("intent", ["share_sensitive_data", "what_is_credential", "bot_challenge", "inform"])
def test_offering_a_secret_inside_the_reset_is_no_documents_question(fake, tracker, run, responses, intent):
    trk = tracker(intent, "pin_locked", text="要我告诉你身份证号吗", active_loop="pin_reset_form",
                  turns=[{"intent": "forgot_pin", "bot": ["utter_diag_pin_locked", "utter_ask_pay_channel"]}])
    assert "utter_pin_reset_documents" not in responses(run(ActionAnswerDigression(), trk)[1])
