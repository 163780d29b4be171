"""An answer already given in this conversation is referred to, not sent again word for word.

Trial rounds 26–27: a person who asks the same thing again, or pushes back, got the same long text
again (graders: "the same answer word for word"). Every custom action's replies pass through
`reword_repeats` (bot/action_server.py): a substantial fixed answer sent in an earlier turn of the
session, when the person asks nearly the same question again or pushes back on one of the last two
answers, becomes one line pointing to it, with the offer to send it again (「再发一遍」) and a question
about where the person is stuck — or, the second time, a person. Asked to send it again, it is sent
in full. Answers with variables (records, amounts, regions), buttons or questions are never
shortened: they are not the same text, or they ask for something. A follow-up that only gets the same
answer again (「社康中心是啥」 after the answer that explains it) keeps it: the part asked is in it.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple

from bot.nlu.resend import RESEND

# A fixed answer shorter than this is cheaper to repeat than to point to.
MIN_CHARS = 60
# Never shortened: questions and offers that must be answerable, and the lines of this module.
NEVER = re.compile(r"^utter_(ask_|said_before|offer_human|default|greet|goodbye|ok_|confirm|iamabot|"
                   r"handoff|ticket|restart|english)")  # English: the pointer is in Chinese
# 「怎么还是这个」「你说了等于没说」「到底行不行」: the last answers did not help.
PUSHBACK = re.compile(r"还是(不行|不懂|没用|不明白|这个|这些|一样)|到底|怎么又|又是这|又发|等于没说|没用|不对|"
                      r"我问的是|答非所问|一样的|重复|没听懂|看不懂|车轱辘|复制")
PUSHBACK_TURNS = 2
# Nearly the same words as an earlier question (character-bigram Jaccard).
SAME_QUESTION = 0.5
# A reply that already asks something (a form's question, a person offered) needs no question added.
ASKS = re.compile(r"^utter_ask|offer_human")
SAID_BEFORE = "utter_said_before"
NEXT_STEP = "utter_said_before_next"
AGAIN_HUMAN = "utter_said_before_again"
RESENT = "utter_said_before_resend"
SLOT = "said_before_names"
PLAIN_KEYS = frozenset({"text", "buttons", "elements", "custom", "template", "response", "image", "attachment"})


def _name(message: Dict[str, Any]) -> Optional[str]:
    return message.get("response") or message.get("template")


def _plain(message: Dict[str, Any]) -> bool:
    """Sent by name alone: no text of its own, no buttons, no template variables."""
    return (not message.get("text") and not message.get("buttons") and not message.get("custom")
            and not message.get("elements") and not message.get("image") and not message.get("attachment")
            and all(key in PLAIN_KEYS or value in (None, "", [], {}) for key, value in message.items()))


def shortenable(name: str, responses: Dict[str, Any]) -> bool:
    """A long fixed answer: every variant has text of MIN_CHARS or more, no variable, no button."""
    variants = responses.get(name) or []
    if NEVER.match(name) or not variants:
        return False
    return all(isinstance(v, dict) and len(v.get("text") or "") >= MIN_CHARS and "{" not in (v.get("text") or "")
               and not v.get("buttons") and not v.get("custom") for v in variants)


def earlier_turns(events: Iterable[Dict[str, Any]]) -> Tuple[Optional[str], List[str], List[Tuple[str, List[str]]]]:
    """(the latest user text, its turn's responses so far, the earlier turns of this session newest
    first as (user text, responses))."""
    text: Optional[str] = None
    current: List[str] = []
    turns: List[Tuple[str, List[str]]] = []
    for event in reversed(list(events)):
        kind = event.get("event")
        if kind == "session_started":
            break
        if kind == "user":
            if text is None:
                text = event.get("text") or ""
            else:
                turns[-1] = (event.get("text") or "", turns[-1][1])
            turns.append(("", []))
        elif kind == "bot" and (name := (event.get("metadata") or {}).get("utter_action")):
            if text is None:
                current.append(name)
            elif turns:
                turns[-1][1].insert(0, name)  # read backwards: keep the order they were sent in
    # The first entry holds the answers to the latest message's predecessor; the last is open.
    return text, current, [turn for turn in turns[:-1] if turn[0] or turn[1]] if turns else []


def bigrams(text: str) -> Set[str]:
    compact = re.sub(r"[\W_]+", "", text.lower())
    return {compact[i:i + 2] for i in range(len(compact) - 1)}


def asked_again(text: str, before: str) -> bool:
    """The same question in nearly the same words (character bigrams, Jaccard)."""
    now, then = bigrams(text), bigrams(before)
    return bool(now and then) and len(now & then) / len(now | then) >= SAME_QUESTION


def repeated_answers(text: str, turns: List[Tuple[str, List[str]]]) -> Set[str]:
    """Answers of earlier turns the person is asking for again: the same question, or a push-back
    on one of the last two answers."""
    pushes_back = bool(PUSHBACK.search(re.sub(r"\s+", "", text)))
    found: Set[str] = set()
    for index, (before, names) in enumerate(turns):
        if asked_again(text, before) or (pushes_back and index < PUSHBACK_TURNS):
            found.update(names)
    return found


def same_question_answers(events: List[Dict[str, Any]]) -> List[str]:
    """The answers given to nearly the same question earlier this session (a cue that answered it
    once may not fire twice, and 「帮不上忙」 to a question answered a minute ago is untrue)."""
    text, _, turns = earlier_turns(events)
    for before, names in turns if text else []:
        answers = [name for name in names if not NEVER.match(name) and name != "utter_out_of_scope"]
        if answers and asked_again(text, before):
            return answers
    return []


def reword_repeats(events: List[Dict[str, Any]], slots: Dict[str, Any], messages: List[Dict[str, Any]],
                   responses: Dict[str, Any]) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """The messages to send instead of `messages`, and the events to add (the slot of what was left out)."""
    text, current, turns = earlier_turns(events)
    if text is None:
        return messages, []
    pending = slots.get(SLOT) or []
    if RESEND.search(re.sub(r"\s+", "", text)) or RESENT in current or any(_name(m) == RESENT for m in messages):
        return messages, []  # asked for in full (action_follow_up sends it: `resend`)
    again = repeated_answers(text, turns)
    kept: List[Dict[str, Any]] = []
    left_out: List[str] = []
    for message in messages:
        name = _name(message)
        if name and name in again and _plain(message) and shortenable(name, responses):
            if not left_out:
                kept.append(_message(SAID_BEFORE))
            left_out.append(name)
            continue
        kept.append(message)
    if not left_out:
        return messages, ([_slot(None)] if pending else [])
    sent = {_name(m) for m in kept} | set(current)
    asks = any(m.get("buttons") for m in kept) or any(n and ASKS.search(n) for n in sent)
    if not asks:
        # A second pointer in one session: words have not helped twice, so a person.
        pointed = any(SAID_BEFORE in names for _, names in turns)
        kept.append(_message(AGAIN_HUMAN if pointed else NEXT_STEP))
    return kept, [_slot(left_out)]


def resend(events: List[Dict[str, Any]], slots: Dict[str, Any],
           responses: Dict[str, Any]) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """「再发一遍」: the answers a pointer stood for, by name, or else the whole last reply as it was
    sent (its texts and buttons); nothing when there was no reply yet."""
    last = _last_turn_events(events)
    pending = [name for name in slots.get(SLOT) or [] if name in responses]
    if pending and any((e.get("metadata") or {}).get("utter_action") == SAID_BEFORE for e in last):
        return [_message(RESENT)] + [_message(name) for name in pending], [_slot(None)]
    again = [e for e in last if e.get("text")
             and not ((e.get("metadata") or {}).get("utter_action") or "").startswith(SAID_BEFORE)]
    if not again:
        return [], []
    copies = [{**_message(None), "text": e["text"], "buttons": (e.get("data") or {}).get("buttons") or []}
              for e in again]
    return [_message(RESENT), *copies], ([_slot(None)] if pending else [])


def _last_turn_events(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The bot events of the turn before the latest user message, in order."""
    found: List[Dict[str, Any]] = []
    seen_user = False
    for event in reversed(events):
        kind = event.get("event")
        if kind == "session_started":
            break
        if kind == "user":
            if seen_user:
                break
            seen_user = True
        elif seen_user and kind == "bot":
            found.append(event)
    return found[::-1]


def _message(name: Optional[str]) -> Dict[str, Any]:
    return {"text": None, "buttons": [], "elements": [], "custom": {}, "template": name, "response": name,
            "image": None, "attachment": None}


def _slot(value: Optional[List[str]]) -> Dict[str, Any]:
    return {"event": "slot", "timestamp": None, "name": SLOT, "value": value}
