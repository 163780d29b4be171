"""Two questions in one message where the later one names its topic (「单笔限额多少？异地就医要备案吗」):
the first is answered as if sent alone, the later one after it — not read as a second problem."""
from __future__ import annotations

import pytest

from actions.diagnosis import ActionDiagnose, ActionShowWallet
from actions.faq import ActionHowToPay
from actions.later_question import split_later_question

OVER_LIMIT_TOLD = [{"intent": "payment_limit", "text": "我付1200块钱付不了", "bot": ["utter_diag_over_limit"]}]


def test_a_limit_question_and_a_beian_question_get_both_answers(fake, tracker, run, responses):
    events, messages = run(ActionDiagnose(), tracker("payment_limit", "ok", text="单笔限额多少？异地就医要备案吗",
                                                     turns=OVER_LIMIT_TOLD))
    names = responses(messages)
    assert names[0] == "utter_wallet_figures"  # the figures asked first, from the records
    assert names[-2:] == ["utter_beian_needed", "utter_beian_where"]
    assert "utter_already_diagnosed" not in names
    assert not any(m.get("buttons") for m in messages)  # no region switch offered for a 备案 question


@pytest.mark.parametrize("text", ["异地就医要备案吗", "去外地看病用不用备案啊", "我去北京住院需不需要先备案"])
def test_whether_beian_is_needed_is_answered_on_its_own(fake, tracker, run, responses, text):
    names = responses(run(ActionDiagnose(), tracker("region_mismatch", text=text))[1])
    assert names[:2] == ["utter_beian_needed", "utter_beian_where"]


def test_how_to_pay_and_beian(fake, tracker, run, responses):
    names = responses(run(ActionHowToPay(), tracker("how_to_pay", text="医保码怎么付钱？还有去外地看病要备案吗"))[1])
    assert names == ["utter_how_to_pay_generic", "utter_beian_needed", "utter_beian_where"]


def test_balance_and_beian(fake, tracker, run, responses):
    trk = tracker("check_balance", "ok", text="我余额还有多少 另外异地就医要不要备案")
    names = responses(run(ActionShowWallet(), trk)[1])
    assert names == ["utter_wallet_figures", "utter_beian_needed", "utter_beian_where"]


@pytest.mark.parametrize("text", [
    "备案在哪弄？",                      # one question
    "异地就医要备案吗？要备案吗",          # the same question twice
    "单笔限额多少？能不能用微信付",        # the later part names nothing of its own
    "我在外地？能用吗",
])
def test_no_later_question_is_split_off(tracker, text):
    assert split_later_question(tracker("payment_limit", text=text)) is None


def test_the_beian_answer_is_true_to_the_rules(domain):
    text = domain["responses"]["utter_beian_needed"][0]["text"]
    assert "参保地以外" in text and "一般要先办异地就医备案" in text and "以参保地医保部门规定为准" in text


def test_a_problem_only_the_later_question_named_gives_way_to_the_first(fake, tracker, run, responses):
    # read as region_mismatch from the 备案 words; the first question is about activating
    text = "医保码咋激活啊？还有异地看病要不要先备案"
    new = fake.people["ok"]
    new["profile"]["credential"] = {"status": "not_activated", "activated_channels": []}
    events, messages = run(ActionDiagnose(), tracker("region_mismatch", "ok", text=text))
    names = responses(messages)
    assert names[-2:] == ["utter_beian_needed", "utter_beian_where"]
    assert "utter_region_switch_offer" not in names and not any("参保地" in (m.get("text") or "") for m in messages)
    assert {"event": "slot", "timestamp": None, "name": "fix_flow", "value": "activation"} in events


def test_two_questions_inside_a_fix(fake, tracker, run, responses):
    from actions.faq import ActionAnswerDigression

    trk = tracker("payment_limit", "ok", text="单笔限额多少？异地就医要备案吗", active_loop="activation_form",
                  turns=OVER_LIMIT_TOLD)
    names = responses(run(ActionAnswerDigression(), trk)[1])
    assert names == ["utter_wallet_figures", "utter_beian_needed", "utter_beian_where"]  # the figures, not later


def test_raising_the_limit_after_the_diagnosis_and_a_push_back(fake, tracker, run, responses):
    from actions.handoff import ActionFallback

    slots = {"diagnosed_cause": "over_limit"}
    # asked two turns after the diagnosis, inside another fix: still about the limit just found
    trk = tracker("out_of_scope", "ok", text="能不能调高", slots=slots, active_loop="activation_form",
                  turns=[*OVER_LIMIT_TOLD, {"intent": "region_mismatch", "bot": ["utter_beian_where"]}])
    from actions.faq import ActionAnswerDigression

    assert responses(run(ActionAnswerDigression(), trk)[1]) == ["utter_limit_who_sets"]
    pushed = tracker("nlu_fallback", "ok", text="我问的是能不能调高 你没回答啊", slots=slots,
                     turns=[*OVER_LIMIT_TOLD, {"intent": "out_of_scope", "bot": ["utter_limit_who_sets"]}])
    assert responses(run(ActionFallback(), pushed)[1]) == ["utter_limit_raise_direct", "utter_offer_human"]


def test_the_direct_answer_says_no_first(domain):
    text = domain["responses"]["utter_limit_raise_direct"][0]["text"]
    assert text.startswith("直接回答：我这边调不了") and "12393" in text and "以当地医保部门规定为准" in text


def test_a_comma_may_end_the_first_question(fake, tracker, run, responses):
    names = responses(run(ActionHowToPay(), tracker("how_to_pay", text="医保码在哪里打开，能在外省用吗"))[1])
    assert names == ["utter_how_to_pay_generic", "utter_code_elsewhere"]


def test_the_question_that_names_its_topic_may_come_first(fake, tracker, run, responses):
    text = "下个月去上海住院 要不要先备案？还有我这个码一次最多能付多少钱"
    names = responses(run(ActionDiagnose(), tracker("payment_limit", "ok", text=text))[1])
    assert names == ["utter_beian_needed", "utter_beian_where", "utter_wallet_figures"]  # in the order asked
