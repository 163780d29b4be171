"""An answer already given this session is pointed to, not sent again word for word
(actions/repeats.py, applied to every custom action by bot/action_server.py)."""
from __future__ import annotations

from typing import Any, Dict, List

import yaml

from actions.repeats import (
    AGAIN_HUMAN,
    NEXT_STEP,
    RESENT,
    SAID_BEFORE,
    SLOT,
    resend,
    reword_repeats,
    same_question_answers,
    shortenable,
)
from bot.nlu.resend import asks_to_resend
from bot.settings import ROOT

RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
LONG = "utter_app_old_phone"  # four steps for an old phone
OTHER_LONG = "utter_resident_not_wasted"


def user(text: str) -> Dict[str, Any]:
    return {"event": "user", "text": text}


def bot(name: str) -> Dict[str, Any]:
    return {"event": "bot", "text": "…", "metadata": {"utter_action": name}}


def sent(name: str, **extra: Any) -> Dict[str, Any]:
    message = {"text": None, "buttons": [], "elements": [], "custom": {}, "template": name, "response": name,
               "image": None, "attachment": None}
    message.update(extra)
    return message


def names(messages: List[Dict[str, Any]]) -> List[str]:
    return [m["response"] for m in messages]


def test_the_domain_has_long_fixed_answers_to_point_to():
    assert shortenable(LONG, RESPONSES) and shortenable(OTHER_LONG, RESPONSES)
    # Questions, offers, short lines and answers with variables are always sent as they are.
    assert not shortenable("utter_offer_human", RESPONSES)
    assert not shortenable("utter_region_not_in_records", RESPONSES)  # {region}
    assert not shortenable("utter_said_before", RESPONSES)
    assert not any(shortenable(name, RESPONSES) for name in RESPONSES if name.startswith("utter_ask_"))


def test_an_answer_asked_for_again_becomes_a_pointer_and_a_question():
    for again in ("怎么还是这个 我手机太旧了到底能不能用", "你说的没用啊", "手机太旧了 能用医保码吗？？"):
        events = [user("手机太旧了能用医保码吗"), bot(LONG), user(again)]
        messages, added = reword_repeats(events, {}, [sent(LONG)], RESPONSES)
        assert names(messages) == [SAID_BEFORE, NEXT_STEP], again
        assert added == [{"event": "slot", "timestamp": None, "name": SLOT, "value": [LONG]}]


def test_a_new_question_answered_by_the_same_text_keeps_it():
    # 「社康中心是啥」 after the answer that explains it: the part asked is in that answer.
    events = [user("手机太旧了能用医保码吗"), bot(LONG), user("那微信小程序叫啥")]
    assert reword_repeats(events, {}, [sent(LONG)], RESPONSES) == ([sent(LONG)], [])
    # A push-back reaches back two answers, not further.
    old = [user("手机太旧了能用医保码吗"), bot(LONG), user("居民医保是不是白交"), bot(OTHER_LONG),
           user("那钱去哪了"), bot("utter_offer_human"), user("你说的没用")]
    assert reword_repeats(old, {}, [sent(LONG)], RESPONSES) == ([sent(LONG)], [])


def test_only_the_repeated_part_of_a_reply_is_left_out():
    events = [user("手机太旧了能用医保码吗"), bot(LONG), user("居民医保交了钱是不是白交 手机旧的还是不行")]
    messages, added = reword_repeats(events, {}, [sent(OTHER_LONG), sent(LONG), sent("utter_offer_human")],
                                     RESPONSES)
    # The new answer stays; the offer already asks something, so no extra question.
    assert names(messages) == [OTHER_LONG, SAID_BEFORE, "utter_offer_human"]
    assert added[0]["value"] == [LONG]


def test_nothing_changes_for_a_first_answer_a_new_session_or_the_same_turn():
    first = [user("手机太旧了能用医保码吗")]
    assert reword_repeats(first, {}, [sent(LONG)], RESPONSES) == ([sent(LONG)], [])
    new_session = [user("手机太旧了"), bot(LONG), {"event": "session_started"}, user("手机太旧了")]
    assert reword_repeats(new_session, {}, [sent(LONG)], RESPONSES)[0] == [sent(LONG)]
    same_turn = [user("手机太旧了"), bot(LONG)]
    assert reword_repeats(same_turn, {}, [sent(LONG)], RESPONSES)[0] == [sent(LONG)]


def test_answers_with_their_own_values_or_buttons_are_sent_again():
    events = [user("手机太旧了"), bot(LONG), user("手机太旧了")]
    with_values = sent(LONG, region="深圳")
    with_buttons = sent(LONG, buttons=[{"title": "转人工", "payload": "/request_human"}])
    assert reword_repeats(events, {}, [with_values], RESPONSES)[0] == [with_values]
    assert reword_repeats(events, {}, [with_buttons], RESPONSES)[0] == [with_buttons]


def test_a_second_pointer_in_a_session_offers_a_person():
    events = [user("手机太旧了"), bot(LONG), user("还是不行"), bot(SAID_BEFORE), bot(NEXT_STEP),
              user("居民医保是不是白交"), bot(OTHER_LONG), user("到底是不是白交")]
    messages, _ = reword_repeats(events, {}, [sent(OTHER_LONG)], RESPONSES)
    assert names(messages) == [SAID_BEFORE, AGAIN_HUMAN]


def test_asked_to_send_it_again_it_comes_in_full():
    for text in ("再发一遍", "没看清 再说一次", "刚才那段刷没了", "能完整发一下吗", "重复一遍"):
        assert asks_to_resend(text), text
    # An SMS code, a link or a picture sent again, or a question of its own, is something else.
    for text in ("验证码再发一次", "链接再发一下", "再说一遍 我的医保卡到底能不能用", "我再来一次试试"):
        assert not asks_to_resend(text), text
    pointer = [user("手机太旧了"), bot(LONG), user("手机旧咋办"), bot(SAID_BEFORE), bot(NEXT_STEP),
               user("再发一遍")]
    messages, added = resend(pointer, {SLOT: [LONG]}, RESPONSES)
    assert names(messages) == [RESENT, LONG] and added[0]["value"] is None
    # The pointer's own turn is never shortened again.
    assert reword_repeats(pointer, {SLOT: [LONG]}, messages, RESPONSES) == (messages, [])
    # No pointer before it: the last reply as it was sent, texts and buttons.
    offer = {"event": "bot", "text": "需要我帮您转人工客服吗？", "metadata": {"utter_action": "utter_offer_human"},
             "data": {"buttons": [{"title": "转人工", "payload": "/request_human"}]}}
    plain = [user("手机太旧了"), {**bot(LONG), "text": "有可能。"}, offer, user("再说一遍")]
    messages, added = resend(plain, {}, RESPONSES)
    assert [m["text"] for m in messages[1:]] == ["有可能。", "需要我帮您转人工客服吗？"] and added == []
    assert messages[2]["buttons"][0]["payload"] == "/request_human"
    assert resend([user("再发一遍")], {}, RESPONSES) == ([], [])


def test_the_same_question_again_finds_the_earlier_answers_in_order():
    events = [user("居民医保交的钱是不是白交了"), bot(OTHER_LONG), bot("utter_offer_human"),
              user("居民医保交的钱是不是白交了")]
    assert same_question_answers(events) == [OTHER_LONG]  # the offer is made by whoever answers now
    assert same_question_answers([user("居民医保交的钱是不是白交了"), bot("utter_out_of_scope"),
                                  user("居民医保交的钱是不是白交了")]) == []
    assert same_question_answers([user("居民医保交的钱是不是白交了"), bot(OTHER_LONG), user("那住院呢")]) == []
