"""Two problems in one message, and channels the person rules out (「我没有微信」)."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.channel_choice import ActionAskPayChannel, ruled_out
from actions.diagnosis import ActionDiagnose
from actions.faq import ActionHowToPay
from actions.forms import ActionActivationSteps, ActionStartPinReset
from actions.second_problem import second_problem


@pytest.mark.parametrize("text, main, second", [
    ("医保码一直没激活，支付密码也忘了", "forgot_pin", "activate_credential"),
    ("俺的医保码还没激活呢 密码也想不起来了", "activate_credential", "forgot_pin"),
    ("参保地显示的还是老家，卡里钱也不够了", "region_mismatch", "insufficient_balance"),
    ("医保码打不开，昨天还提示超过限额", "cannot_show_code", "payment_limit"),
    ("码刷不出来 还有一次最多能付多少", "payment_limit", "cannot_show_code"),
    ("密码输错被锁了，参保地也不对", "forgot_pin", "region_mismatch"),
    ("余额不足 然后密码也锁住了 咋办", "insufficient_balance", "forgot_pin"),
    ("我名字对不上，支付密码也忘记了", "info_mismatch", "forgot_pin"),
    ("显示未参保，我想问问密码怎么重置", "credential_abnormal", "forgot_pin"),
])
def test_a_second_problem_is_found_beside_the_one_classified(text, main, second):
    assert second_problem(text, main) == second


@pytest.mark.parametrize("text, main", [
    ("医保码已经激活了，但是支付密码忘了", "forgot_pin"),
    ("付款的时候提示参保地不一致", "region_mismatch"),
    ("药店说我余额不足", "insufficient_balance"),
    ("密码输错三次锁了怎么办", "forgot_pin"),
    ("激活的时候设置密码一直失败", "forgot_pin"),
    ("医保码怎么激活啊", "activate_credential"),
])
def test_one_problem_is_not_taken_for_two(text, main):
    assert second_problem(text, main) is None


def test_anonymous_not_activated_and_pin_forgotten_activates_first_and_keeps_the_pin(fake, tracker, run, responses):
    trk = tracker("forgot_pin", text="医保码一直没激活，支付密码也忘了")
    events, messages = run(ActionDiagnose(), trk)
    assert responses(messages) == ["utter_generic_activate_credential", "utter_also_pin_at_activation",
                                   "utter_offer_sign_in"]
    assert SlotSet("fix_flow", "activation") in events and SlotSet("pending_problem", "forgot_pin") in events


def test_after_the_first_fix_the_put_off_problem_is_offered_with_a_button(fake, tracker, run, responses):
    trk = tracker("inform", text="微信", slots={"pay_channel": "wechat", "pending_problem": "forgot_pin"})
    events, messages = run(ActionActivationSteps(), trk)
    assert responses(messages)[-1] == "utter_pending_problem_offer"
    assert messages[-1]["buttons"][0]["payload"] == "/forgot_pin"
    assert SlotSet("pending_problem", None) in events
    # the fix that was put off is the one just done: nothing more to offer
    trk = tracker("affirm", "locked", text="好的", slots={"pay_channel": "app", "pin_reset_confirm": True,
                                                        "pending_problem": "forgot_pin"})
    events, messages = run(ActionStartPinReset(), trk)
    assert "utter_pending_problem_offer" not in responses(messages)
    assert SlotSet("pending_problem", None) in events


def test_signed_in_balance_and_a_locked_pin_the_pin_is_offered_next(fake, tracker, run, responses):
    trk = tracker("insufficient_balance", "balance", text="余额不足 密码也锁住了")
    events, messages = run(ActionDiagnose(), trk)
    names = responses(messages)
    assert names[:2] == ["utter_diag_attempt", "utter_diag_insufficient_balance"]
    assert names[-1] == "utter_also_offer" and messages[-1]["buttons"][0]["payload"] == "/forgot_pin"
    assert SlotSet("fix_flow", "info") in events


def test_signed_in_region_and_balance_gets_the_figures_then_the_region_fix(fake, tracker, run, responses):
    trk = tracker("region_mismatch", "region", text="参保地显示不对，余额也不够了")
    events, messages = run(ActionDiagnose(), trk)
    names = responses(messages)
    assert "utter_diag_region_mismatch" in names and names[-1] == "utter_wallet_figures"
    assert messages[-1]["balance"] == "856.40"
    assert SlotSet("fix_flow", "region_switch") in events


def test_a_second_problem_the_records_confirm_gets_its_fix_instead_of_the_wrong_guess(fake, tracker, run, responses):
    trk = tracker("activate_credential", "locked", text="是不是没激活啊，密码也输错好几次了")
    events, messages = run(ActionDiagnose(), trk)
    names = responses(messages)
    assert "utter_diag_pin_locked" in names and not any(n.startswith("utter_also") for n in names)
    assert SlotSet("fix_flow", "pin_reset") in events


def test_anonymous_region_and_limit_get_both_short_answers(fake, tracker, run, responses):
    trk = tracker("region_mismatch", text="参保地切换不了，另外单笔限额是多少")
    _, messages = run(ActionDiagnose(), trk)
    assert responses(messages) == ["utter_generic_region_mismatch", "utter_also_payment_limit",
                                   "utter_offer_sign_in"]


# --- channels ruled out ----------------------------------------------------------------------

def _ruled_out(code):
    return [{"entity": "ruled_out_channel", "value": code}]


def test_how_to_pay_without_a_channel_offers_the_others_and_remembers(fake, tracker, run, responses, domain):
    trk = tracker("inform", text="我不会用支付宝", entities=_ruled_out("alipay"),
                  slots={"ruled_out_channels": ["alipay"]})
    events, messages = run(ActionHowToPay(), trk)
    assert responses(messages) == ["utter_how_to_pay_others"]
    assert [b["title"] for b in messages[0]["buttons"]] == ["国家医保APP", "微信"]
    assert "支付宝" not in messages[0]["channels"] and messages[0]["ruled_out"] == "支付宝"
    assert events == []  # the slot already holds it (filled from the message)


def test_a_later_how_to_skips_what_was_ruled_out_earlier(fake, tracker, run, responses):
    earlier = [{"event": "slot", "name": "ruled_out_channels", "value": ["wechat"]},
               {"intent": "inform", "text": "我没有微信", "bot": ["utter_how_to_pay_others"]},
               {"event": "slot", "name": "ruled_out_channels", "value": ["app"]}]
    trk = tracker("how_to_pay", text="那看病的时候医保码怎么付款", turns=earlier,
                  slots={"ruled_out_channels": ["app"], "pay_channel": "wechat"})
    events, messages = run(ActionHowToPay(), trk)
    assert ruled_out(trk) == ["app", "wechat"]
    assert responses(messages) == ["utter_how_to_pay_others"]
    assert [b["title"] for b in messages[0]["buttons"]] == ["支付宝"]  # the only one left
    assert SlotSet("ruled_out_channels", ["app", "wechat"]) in events and SlotSet("pay_channel", None) in events
    # choosing a channel again takes it back
    chosen = earlier + [{"event": "slot", "name": "pay_channel", "value": "wechat"}]
    assert ruled_out(tracker("how_to_pay", text="那就微信吧", turns=chosen)) == ["app"]


def test_nothing_left_gets_the_ways_without_a_phone(fake, tracker, run, responses):
    trk = tracker("inform", text="微信支付宝都没有，那个医保APP也没装",
                  entities=_ruled_out("wechat") + _ruled_out("alipay") + _ruled_out("app"))
    assert responses(run(ActionHowToPay(), trk)[1]) == ["utter_channels_none_left"]


def test_the_channel_question_leaves_out_ruled_out_channels(fake, tracker, run, responses):
    trk = tracker("inform", text="我没有微信", entities=_ruled_out("wechat"), active_loop="activation_form")
    _, messages = run(ActionAskPayChannel(), trk)
    assert responses(messages) == ["utter_ask_pay_channel_others"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ['/inform{"pay_channel":"app"}',
                                                              '/inform{"pay_channel":"alipay"}']
    plain = tracker("activate_credential", text="怎么激活", active_loop="activation_form")
    assert responses(run(ActionAskPayChannel(), plain)[1]) == ["utter_ask_pay_channel"]


def test_a_message_torn_between_two_problems_is_diagnosed_not_a_miss(fake, tracker, run, responses):
    from rasa_sdk.events import FollowupAction

    from actions.handoff import ActionFallback

    trk = tracker("nlu_fallback", text="密码输错锁了，参保地也还是老家的")
    assert run(ActionFallback(), trk)[0] == [FollowupAction("action_diagnose")]
    # the diagnosis takes the problems from the words: the first, then the second
    events, messages = run(ActionDiagnose(), trk)
    assert responses(messages) == ["utter_generic_forgot_pin", "utter_also_region_mismatch", "utter_offer_sign_in"]
    assert SlotSet("fix_flow", "pin_reset") in events
    nonsense = tracker("nlu_fallback", text="咕噜咕噜")
    assert responses(run(ActionFallback(), nonsense)[1]) == ["utter_default"]


def test_a_balance_question_with_a_problem_beside_it_gets_both(fake, tracker, run, responses):
    from rasa_sdk.events import FollowupAction

    from actions.diagnosis import ActionShowWallet

    trk = tracker("check_balance", "ok", text="码出不来，还有我卡里还剩多少钱")
    events, messages = run(ActionShowWallet(), trk)
    assert responses(messages) == ["utter_wallet_figures"] and events == [FollowupAction("action_diagnose")]
    _, messages = run(ActionDiagnose(), trk)
    names = responses(messages)
    assert "utter_wallet_figures" not in names and not any(n.startswith("utter_also") for n in names)


def test_a_tie_between_a_problem_and_the_wallet_is_diagnosed(fake, tracker, run, responses):
    from rasa_sdk.events import FollowupAction

    from actions.handoff import ActionFallback

    ranking = {"intent_ranking": [{"name": "nlu_fallback", "confidence": 0.15},
                                  {"name": "system_failure", "confidence": 0.28},
                                  {"name": "medical_wallet", "confidence": 0.27}]}
    trk = tracker("nlu_fallback", text="药房讲他们那边刷不了医保钱包 是我的事吗", latest_extra=ranking)
    assert run(ActionFallback(), trk)[0] == [FollowupAction("action_diagnose")]
    assert responses(run(ActionDiagnose(), trk)[1]) == ["utter_generic_system_failure", "utter_offer_sign_in"]


def test_the_pin_asked_after_not_activated_was_found_is_set_at_activation(fake, tracker, run, responses, person):
    """「那密码咋办」 after the diagnosis said the code is not activated (trial 3 c02): no reset
    ticket and no second diagnosis; the PIN is set at activation."""
    fake.people["unactivated"] = person(profile={"credential": {"status": "not_activated"}})
    trk = tracker("forgot_pin", "unactivated", text="那密码咋办", slots={"diagnosed_cause": "not_activated"})
    events, messages = run(ActionDiagnose(), trk)
    assert responses(messages) == ["utter_pin_set_at_activation"]
    # before anything was diagnosed, the records decide as before
    trk = tracker("forgot_pin", "unactivated", text="支付密码忘了")
    assert "utter_pin_set_at_activation" not in responses(run(ActionDiagnose(), trk)[1])
