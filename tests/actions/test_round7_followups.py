"""Trial round 7 (new conversations): 「按上面的步骤」 when no steps had been given, a bill named by
its number after the limits, 「那咋办」 and a why after the general answer (not signed in), a family
member's own code, and short questions inside the PIN, activation and region fixes that got the
form's text or 「这个我帮不上忙」."""
from __future__ import annotations

import pytest

from actions.context import ActionFollowUp, ActionOutOfScope
from actions.faq import ActionAnswerDigression


@pytest.fixture
def people(person, attempt):
    return {
        "ok": person(wallet={"used_today": "120.00", "remaining_today": "4880.00"}),
        "limit": person(wallet={"single_limit": "500.00", "daily_limit": "5000.00", "used_today": "0.00",
                                "remaining_today": "5000.00"},
                        attempt={**attempt, "amount": "1200.00", "error_category": "over_limit"}),
    }


LIMITS_TOLD = [{"intent": "payment_limit", "bot": ["utter_wallet_figures"]}]


def test_a_bill_named_by_its_number_after_the_limits_is_checked_against_them(fake, tracker, run, responses):
    trk = tracker("follow_up", "limit", text="那1200这单咋弄", turns=LIMITS_TOLD)
    names_and_texts = run(ActionFollowUp(), trk)[1]
    assert responses(names_and_texts) == ["utter_wallet_figures", "utter_limit_amount"]
    assert "1200.00元超过了单笔限额500.00元" in names_and_texts[1]["verdict"]


def test_what_now_after_an_amount_over_the_limit_is_how_the_rest_is_paid(fake, tracker, run, responses):
    turns = [{"intent": "payment_limit", "bot": ["utter_wallet_figures", "utter_limit_amount"]}]
    assert responses(run(ActionFollowUp(), tracker("follow_up", "ok", text="那咋办", turns=turns))[1]) \
        == ["utter_pay_excess"]


def test_no_steps_given_is_not_answered_with_follow_the_steps_above(fake, tracker, run, responses, domain):
    text = domain["responses"]["utter_follow_up_howto"][0]["text"]
    assert "按上面的步骤" not in text and "提示" in text


def test_what_now_not_signed_in_after_the_general_answer_asks_for_the_error_text(fake, tracker, run, responses):
    turns = [{"intent": "payment_failed", "bot": ["utter_generic_payment_failed", "utter_offer_sign_in"]}]
    names = responses(run(ActionFollowUp(), tracker("follow_up", text="那咋办", turns=turns))[1])
    assert names == ["utter_follow_up_error_text", "utter_offer_human"]  # the step first, a person after


@pytest.mark.parametrize("text", ["为啥会这样啊 之前都好好的", "为什么突然就不行了", "怎么会付不了呢 上周还好好的"])
def test_why_not_signed_in_after_the_general_answer_gets_what_usually_changes(fake, tracker, run, responses, text):
    turns = [{"intent": "payment_failed", "bot": ["utter_generic_payment_failed", "utter_offer_sign_in"]},
             {"intent": "follow_up", "bot": ["utter_offer_human"]}]
    assert responses(run(ActionFollowUp(), tracker("follow_up", text=text, turns=turns))[1]) \
        == ["utter_why_failed_general"]


def test_how_a_family_member_does_it_after_an_answer_about_her_code(fake, tracker, run, responses):
    turns = [{"intent": "faq", "bot": ["utter_faq/screenshot"]}]
    assert responses(run(ActionFollowUp(), tracker("follow_up", text="那她自己咋弄", turns=turns))[1]) \
        == ["utter_family_member_own_code"]
    # a third person after a problem is not this
    problem = [{"intent": "payment_failed", "bot": ["utter_generic_payment_failed", "utter_offer_sign_in"]}]
    assert responses(run(ActionFollowUp(), tracker("follow_up", text="那他咋弄", turns=problem))[1]) \
        != ["utter_family_member_own_code"]


@pytest.mark.parametrize("text, intent, form, turns, expected", [
    ("是不是就是银行卡那个6位密码", "forgot_pin", "pin_reset_form", [], "utter_pin_not_bank"),
    ("跟微信支付密码是一个吗", "forgot_pin", None, [], "utter_pin_not_bank"),
    ("重置是不是要去医院柜台弄", "out_of_scope", "pin_reset_form", [], "utter_pin_reset_offline"),
    ("我自己弄不来 要去哪里办", "out_of_scope", None,
     [{"intent": "forgot_pin", "bot": ["utter_generic_forgot_pin"]}], "utter_pin_reset_offline"),
    ("切了长沙那边的记录会不会没了", "security_info", "region_switch_form", [], "utter_region_question_records"),
    ("激活完了去外地能用吗", "activate_credential", "activation_form", [], "utter_code_elsewhere"),
    ("我岁数大了 刷脸那步我怕弄不好", "activate_credential", "activation_form", [], "utter_face_check_fails"),
])
def test_short_questions_inside_a_fix_are_answered(fake, tracker, run, responses, text, intent, form, turns, expected):
    trk = tracker(intent, text=text, active_loop=form, turns=turns)
    action = ActionAnswerDigression() if form else ActionOutOfScope()
    assert responses(run(action, trk)[1]) == [expected], text


@pytest.mark.parametrize("text", ["去外地出差能不能刷医保码", "回老家能用吗"])
def test_the_code_elsewhere_outside_a_fix(fake, tracker, run, responses, text):
    assert responses(run(ActionOutOfScope(), tracker("out_of_scope", text=text))[1]) == ["utter_code_elsewhere"]


@pytest.mark.parametrize("text", ["银行卡丢了怎么办", "去医院柜台能办医保卡吗", "长沙那边天气咋样"])
def test_other_questions_with_those_words_are_left_alone(fake, tracker, run, responses, text):
    assert responses(run(ActionOutOfScope(), tracker("out_of_scope", text=text))[1]) == ["utter_out_of_scope"]


# Round 8 (the replay of round 7): what was still 0.
def test_what_now_after_the_pharmacys_system_failed_and_a_person_was_offered(fake, tracker, run, responses):
    turns = [{"intent": "payment_failed", "bot": ["utter_diag_attempt", "utter_diag_institution_system_error"]},
             {"intent": "still_not_working", "bot": ["utter_status_all_good_still_failing", "utter_offer_human"]}]
    trk = tracker("follow_up", text="那咋办 药还得买啊", slots={"diagnosed_cause": "institution_system_error"},
                  turns=turns)
    names = responses(run(ActionFollowUp(), trk)[1])
    assert names[0] == "utter_system_failure_pay_now" and names[1].startswith("utter_offer_human"), names
    # once said, asked again: the person offered (not the same text)
    again = turns + [{"intent": "follow_up", "bot": ["utter_system_failure_pay_now", "utter_offer_human"]}]
    trk = tracker("follow_up", text="还能咋办", slots={"diagnosed_cause": "institution_system_error"}, turns=again)
    assert "utter_system_failure_pay_now" not in responses(run(ActionFollowUp(), trk)[1])


@pytest.mark.parametrize("ruled, expected", [
    (["alipay", "wechat"], "utter_how_to_pay_app"),
    (["alipay", "wechat", "app"], "utter_channels_none_left"),
])
def test_what_now_after_channels_were_ruled_out_is_the_way_left(fake, tracker, run, responses, ruled, expected):
    turns = [{"intent": "cannot_show_code", "bot": ["utter_how_to_pay_generic"]},
             {"event": "slot", "name": "ruled_out_channels", "value": ruled},
             {"intent": "inform", "bot": ["utter_how_to_pay_others"]}]
    trk = tracker("follow_up", text="那咋办", slots={"ruled_out_channels": ruled}, turns=turns)
    assert responses(run(ActionFollowUp(), trk)[1]) == [expected]


def test_is_my_pin_locked_inside_the_pin_reset_is_looked_up(fake, tracker, run, responses, person):
    fine = person(profile={"pin": {"locked": False, "failed_tries": 0}})  # noqa: F841 - registers the persona
    trk = tracker("forgot_pin", "ok", text="我密码是不是锁了", active_loop="pin_reset_form",
                  turns=[{"intent": "forgot_pin", "bot": ["utter_generic_forgot_pin"]}])
    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_in_form_pin_ok"]
    # a question about the reset itself stays the form's own
    wait = tracker("forgot_pin", "ok", text="我密码是不是要等24小时才能解锁", active_loop="pin_reset_form")
    assert responses(run(ActionAnswerDigression(), wait)[1]) == ["utter_in_form_same_topic"]


def test_a_yes_before_the_fixs_question_is_answered_says_what_it_needs(fake, tracker, run, responses):
    from actions.context import ActionAnswerYes

    trk = tracker("affirm", text="行 开吧", active_loop="pin_reset_form",
                  turns=[{"intent": "forgot_pin", "bot": ["utter_diag_pin_locked", "utter_ask_pay_channel"]}])
    messages = run(ActionAnswerYes(), trk)[1]
    assert responses(messages) == ["utter_in_form_hint"] and messages[0]["form_label"], messages
    # outside a form it is still 「还有其他需要帮忙的吗」
    assert responses(run(ActionAnswerYes(), tracker("affirm", text="好的"))[1]) == ["utter_anything_else"]


def test_the_app_crashing_again_after_the_steps_gets_the_way_round_it(fake, tracker, run, responses):
    from actions.context import ActionAppTroubleshoot

    turns = [{"intent": "app_problem", "bot": ["utter_app_troubleshoot", "utter_app_troubleshoot_after"]}]
    names = responses(run(ActionAppTroubleshoot(), tracker("app_problem", text="卸载了重新装也一样闪", turns=turns))[1])
    assert names[0] == "utter_app_next_step" and "utter_app_troubleshoot" not in names, names
    # the first time: the device steps
    first = responses(run(ActionAppTroubleshoot(), tracker("app_problem", text="国家医保app一点开就闪退"))[1])
    assert first == ["utter_app_troubleshoot", "utter_app_troubleshoot_after"]


def test_a_family_member_after_a_frozen_account_scam_warning(fake, tracker, run, responses):
    from actions.faq import ActionSecurityInfo

    turns = [{"intent": "security_info", "bot": ["utter_scam_warning"]},
             {"intent": "follow_up", "bot": ["utter_scam_called_out"]}]
    trk = tracker("security_info", text="我娃的医保会不会也被冻了", turns=turns)
    assert responses(run(ActionSecurityInfo(), trk)[1]) == ["utter_scam_family_safe"]
    # with no warning before, the same words are not answered so
    assert "utter_scam_family_safe" not in responses(
        run(ActionSecurityInfo(), tracker("security_info", text="我娃的医保会不会也被冻了"))[1])
