"""After a limit: 「分三次付 每次400行不行」 answered from the person's own limits; a re-check while
the APP will not open does not say "go and pay again"; a human offered twice is not offered in
the same words; the PIN-reset fee is not answered with the activation fee alone."""
from __future__ import annotations

from decimal import Decimal

import pytest
from rasa_sdk.events import SlotSet

from actions.common import say
from actions.context import ActionAnswerYes, ActionFollowUp, ActionOutOfScope, ActionStillNotWorking
from actions.diagnosis import ActionCheckStatus, ActionDiagnose
from actions.faq import ActionHowToPay
from actions.limits import asks_to_split, split_plan

LIMIT_TURN = {"intent": "payment_failed", "bot": ["utter_diag_attempt", "utter_diag_over_limit"]}


@pytest.fixture
def people(person, attempt):
    over = {**attempt, "amount": "1200.00", "error_category": "over_limit"}
    return {
        "limit": person(wallet={"single_limit": "500.00", "daily_limit": "1000.00", "used_today": "200.00",
                                "remaining_today": "800.00"}, attempt=over),
        "ok": person(),
    }


@pytest.mark.parametrize("text, each, parts", [
    ("分三次付 每次400行不行", Decimal("400"), 3),
    ("那我分两笔付可以吗", None, 2),
    ("每笔付450 分3次呢", Decimal("450"), 3),
    ("能不能拆开付", None, None),
])
def test_the_plan_is_read_from_the_message(text, each, parts):
    assert split_plan(text) == (each, parts)


def test_a_split_is_a_limit_question_only_where_limits_are_the_subject(tracker):
    after_limit = tracker("how_to_pay", text="分三次付 每次400行不行", turns=[LIMIT_TURN],
                          slots={"diagnosed_cause": "over_limit"})
    assert asks_to_split(after_limit)
    assert asks_to_split(tracker("how_to_pay", text="限额不够 能分两次吗"))
    assert asks_to_split(tracker("payment_limit", text="可以分两笔付吗"))
    # no limit in sight: 「分两次」 is not about paying, and a limit question is no split
    assert not asks_to_split(tracker("how_to_pay", text="我分两次去医院 每次都要出示吗"))
    assert not asks_to_split(tracker("inform", text="分两次"))
    assert not asks_to_split(tracker("follow_up", text="那咋整啊", turns=[LIMIT_TURN],
                                     slots={"diagnosed_cause": "over_limit"}))


@pytest.mark.parametrize("action, intent", [(ActionHowToPay(), "how_to_pay"), (ActionFollowUp(), "follow_up"),
                                            (ActionDiagnose(), "payment_limit"),
                                            (ActionOutOfScope(), "out_of_scope")])
def test_splitting_after_a_limit_is_answered_from_the_persons_limits(fake, tracker, run, responses, domain,
                                                                     action, intent):
    trk = tracker(intent, "limit", text="分三次付 每次400行不行", turns=[LIMIT_TURN],
                  slots={"diagnosed_cause": "over_limit"})
    events, messages = run(action, trk)
    assert responses(messages) == ["utter_split_payment"]
    if isinstance(action, ActionDiagnose):
        assert SlotSet("fix_flow", "info") in events  # the rules end the turn on it
    said = messages[0]
    assert (said["single_limit"], said["daily_limit"], said["remaining_today"]) == ("500.00", "1000.00", "800.00")
    # 400 is within 500 a part; 3 × 400 = 1200 is more than the 800 left today
    assert "每笔400.00元没超过单笔限额500.00元" in said["verdict"]
    assert "加起来1200.00元，超过了今天还能用的800.00元" in said["verdict"]
    assert fake.calls == [("overview", "limit")]  # one read; no diagnosis said again
    assert "utter_diag_over_limit" not in responses(messages)


def test_parts_that_fit_are_said_to_fit_and_a_part_over_the_limit_too(fake, tracker, run, domain):
    fits = tracker("follow_up", "limit", text="分两次 每次300可以不", turns=[LIMIT_TURN],
                   slots={"diagnosed_cause": "over_limit"})
    verdict = run(ActionFollowUp(), fits)[1][0]["verdict"]
    assert "每笔300.00元没超过" in verdict and "加起来600.00元，在今天还能用的800.00元以内" in verdict
    over = tracker("follow_up", "limit", text="每次600 分两次呢", turns=[LIMIT_TURN],
                   slots={"diagnosed_cause": "over_limit"})
    assert "每笔600.00元还是超过了单笔限额500.00元" in run(ActionFollowUp(), over)[1][0]["verdict"]


def test_the_bill_that_went_over_is_divided_when_only_the_parts_are_named(fake, tracker, run):
    # the 1200 that failed: two parts of 600 are each over 500; 「拆开付」: at least three parts
    over = {"diagnosed_cause": "over_limit"}
    two = tracker("follow_up", "limit", text="那能分两笔吗", turns=[LIMIT_TURN], slots=over)
    assert "每笔600.00元还是超过了单笔限额500.00元" in run(ActionFollowUp(), two)[1][0]["verdict"]
    apart = tracker("follow_up", "limit", text="拆开付行吗", turns=[LIMIT_TURN], slots=over)
    verdict = run(ActionFollowUp(), apart)[1][0]["verdict"]
    assert "这笔1200.00元按单笔限额500.00元，至少要分3笔" in verdict
    assert "加起来1200.00元，超过了今天还能用的800.00元" in verdict


def test_splitting_without_a_sign_in_gets_the_general_rule(fake, tracker, run, responses, domain):
    trk = tracker("how_to_pay", text="限额不够的话 分两次付行吗")
    assert responses(run(ActionHowToPay(), trk)[1]) == ["utter_split_payment_general"]
    text = domain["responses"]["utter_split_payment_general"][0]["text"]
    assert "收费窗口" in text and "各地" in text  # the cashier decides; no invented figures


def test_a_recheck_while_the_app_will_not_open_does_not_say_go_and_pay(fake, tracker, run, responses):
    trk = tracker("still_not_working", "ok", text="还是打不开啊", slots={"diagnosed_cause": "phone_app"},
                  turns=[{"intent": "app_problem", "bot": ["utter_app_troubleshoot", "utter_app_troubleshoot_after"]}])
    assert responses(run(ActionStillNotWorking(), trk)[1]) == [
        "utter_still_not_working", "utter_status_exact", "utter_status_all_good_phone",
        "utter_app_next_step", "utter_offer_human"]
    # the step was already given: not again
    again = tracker("still_not_working", "ok", text="还是闪退", slots={"diagnosed_cause": "phone_app"},
                    turns=[{"intent": "app_problem", "bot": ["utter_app_next_step"]}, {"intent": "deny", "bot": []}])
    assert "utter_app_next_step" not in responses(run(ActionStillNotWorking(), again)[1])
    # it failed again with all records fine: where else it can be, not "go and pay again"
    again = tracker("still_not_working", "ok", text="我换了个地方又试了 还是不行", turns=[{"intent": "network_error"}])
    assert "utter_status_all_good_still_failing" in responses(run(ActionStillNotWorking(), again)[1])
    # 「现在可以了吗」 after a fix, all fine: go and pay
    fixed = tracker("check_status", "ok", text="现在可以了吗", turns=[{"intent": "payment_failed"}])
    assert responses(run(ActionCheckStatus(), fixed)[1])[-1] == "utter_status_all_good"


def test_a_human_offered_again_is_said_in_other_words(fake, tracker, run, responses):
    earlier = [{"intent": "info_mismatch", "bot": ["utter_diag_info_mismatch", "utter_offer_human"]},
               {"intent": "deny", "bot": ["utter_anything_else"]}]
    trk = tracker("still_not_working", "ok", text="还是不行", turns=earlier)
    assert responses(run(ActionStillNotWorking(), trk)[1])[-1] == "utter_offer_human_again"
    # 「那咋整啊」 twice after an offer: the ways on once, then only the offer, reworded
    twice = tracker("follow_up", text="那咋整啊",
                    turns=[{"intent": "info_mismatch", "bot": ["utter_diag_info_mismatch", "utter_offer_human"]},
                           {"intent": "follow_up", "bot": ["utter_follow_up_human_offered"]}])
    assert responses(run(ActionFollowUp(), twice)[1]) == ["utter_offer_human_again"]
    # and yes to the reworded offer is a yes
    yes = tracker("affirm", text="好吧", turns=[{"intent": "follow_up", "bot": ["utter_offer_human_again"]}])
    assert responses(run(ActionAnswerYes(), yes)[1]) == ["utter_handoff_ticket_anonymous"]


def test_say_without_a_tracker_sends_the_names_as_they_are():
    class Dispatcher:
        def __init__(self):
            self.sent = []

        def utter_message(self, response):
            self.sent.append(response)

    dispatcher = Dispatcher()
    say(dispatcher, ["utter_offer_human", "utter_offer_human"])
    assert dispatcher.sent == ["utter_offer_human", "utter_offer_human"]


def test_the_fee_answer_covers_the_pin_reset_too(domain):
    text = domain["responses"]["utter_faq/is_free"][0]["text"]
    assert "激活" in text and "重置" in text and "12393" in text


def test_the_same_hint_inside_a_form_is_not_given_twice_in_a_row(fake, tracker, run, responses):
    from actions.faq import ActionAnswerDigression

    first = tracker("follow_up", "locked", text="那咋整啊", active_loop="pin_reset_form",
                    turns=[{"intent": "forgot_pin", "bot": ["utter_diag_pin_locked", "utter_ask_pay_channel"]}])
    assert responses(run(ActionAnswerDigression(), first)[1]) == ["utter_in_form_hint"]
    again = tracker("follow_up", "locked", text="那咋整啊", active_loop="pin_reset_form",
                    turns=[{"intent": "forgot_pin", "bot": ["utter_diag_pin_locked", "utter_ask_pay_channel"]},
                           {"intent": "follow_up", "bot": ["utter_in_form_hint", "utter_ask_pay_channel"]}])
    assert responses(run(ActionAnswerDigression(), again)[1]) == ["utter_in_form_hint_again"]


def test_a_recheck_with_the_name_still_differing_does_not_say_all_is_well(fake, tracker, run, responses, person,
                                                                          use_wallet):
    from tests.actions.conftest import FakeWalletClient

    use_wallet(FakeWalletClient({"renamed": person(profile={"credential": {
        "status": "active", "activated_channels": ["alipay"], "police_record_name_matches": False}})}))
    trk = tracker("still_not_working", "renamed", text="还是不行", turns=[{"intent": "info_mismatch"}])
    _, messages = run(ActionStillNotWorking(), trk)
    assert "utter_status_all_good" not in responses(messages)
    blocked = next(m for m in messages if m.get("response") == "utter_status_still_blocked")
    assert "公安户籍信息还不一致" in blocked["blockers"]
