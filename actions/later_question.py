"""Two questions in one message, the later one naming its topic outright.

「单笔限额多少？异地就医要备案吗」 is read by the classifier as one intent (the limits), and the
备案 words then looked like a second *problem* (a region to switch). Here the message is cut at
its last question break: the action answers the text before it as if it had been sent alone, and
the later question gets its own answer after that (actions.recent's specific answers).
"""
from __future__ import annotations

import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import PROBLEM_INTENTS, said_since
from actions.recent import IS_QUESTION, compact, last_answer, specific_question
from actions.second_problem import problems_named

# A question mark, or a word that starts another question (「……，还有……」「另外……」).
# A comma too (「医保码在哪里打开，能在外省用吗」): only a later part with an answer of its own is cut off.
# (「医保还有效吗」「扫码还有啥用」 are no 「还有」: round 30 cut them into 「效吗」「啥用」)
_ANOTHER = (r"(?:还有就是|还有(?!效|啥|什么|没有|多少|用|钱|余额)|另外|顺便问一下|顺便问下|顺便|再问一下|再问下|"
            r"还想问一下|还想问)")
QUESTION_BREAK = re.compile(r"[?？，,]+[\s，,。]*" + _ANOTHER + r"?[，,：:\s]*|[，,。\s]*" + _ANOTHER + r"[，,：:\s]*")

# The other part must ask something for its own answer to be due (「……多少钱」 too).
ASKS = re.compile(IS_QUESTION.pattern + r"|多少|几|哪|[?？]")
# ...and more than 「啥情况」「这是啥意思」, which asks about the part before it (round 30: a pasted
# 「您的备案已过期」 answered, then 「啥情况」 got the general region text).
BARE = re.compile(r"(那|这|这个|这是|是)?(啥|什么|怎么|咋)(情况|意思|回事|个情况)?(啊|呀|呢|嘛)?|"
                  r"(那|那我)?(咋办|怎么办|咋整)(啊|呀|呢)?")
# Text pasted from a screen is one message, whatever punctuation it carries inside its quotes.
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|『[^』]*』")

Run = Callable[[CollectingDispatcher, Tracker, Dict[Text, Any]], Awaitable[List[EventType]]]


def split_later_question(tracker: Tracker) -> Optional[Tuple[str, List[str], bool]]:
    """(the text of the other question, the answer to the one that names its topic, whether that
    one came first), or None when no part of the message names a topic of its own.

    「单笔限额多少？异地就医要备案吗」: the later part names it (the action answers the first);
    「下个月去上海住院 要不要先备案？还有一次最多能付多少」: the first part does (its answer comes
    first, then the action answers the later question)."""
    text = tracker.latest_message.get("text") or ""
    quoted = [m.span() for m in QUOTED.finditer(text)]
    breaks = [m for m in QUESTION_BREAK.finditer(text) if compact(text[m.end():]) and compact(text[:m.start()])
              and not BARE.fullmatch(compact(text[m.end():]))
              and not any(start < m.start() < end for start, end in quoted)]
    if not breaks:
        return None
    cut = breaks[-1]
    head, later = text[:cut.start()], text[cut.end():]
    said = last_answer(tracker)
    answer = specific_question(compact(later), said, tracker)
    if answer and specific_question(compact(head), said, tracker) != answer:
        return head + ("？" if "?" in cut.group(0) or "？" in cut.group(0) else ""), answer, False
    for cut in breaks:  # the first part may end at any break (「…打工，异地就医备案怎么弄？还有…」)
        head, rest = text[:cut.start()], text[cut.end():]
        first = specific_question(compact(head), said, tracker)
        if first and ASKS.search(rest) and not specific_question(compact(rest), said, tracker):
            return rest, first, True
    return None  # one question told twice, or no part names a topic of its own


def said_this_turn(tracker: Tracker) -> Set[str]:
    """Responses other actions already sent in answer to the message being handled."""
    return said_since(tracker, "user")


def with_text(tracker: Tracker, text: str) -> Tracker:
    """A copy of the tracker in which the message being answered is `text`. A problem read from
    the whole message that only the later question named (「医保码咋激活啊？还有异地看病要不要先备案」
    read as region_mismatch) gives way to the problem the first question names."""
    part = tracker.copy()
    part.latest_message["text"] = text
    intent = (part.latest_message.get("intent") or {}).get("name")
    named = problems_named(text)
    if intent in PROBLEM_INTENTS and named and intent not in named:
        part.latest_message["intent"] = {**part.latest_message["intent"], "name": named[0]}
    for event in reversed(part.events):
        if event.get("event") == "user":
            event["text"] = text
            break
    return part


async def answer_both(run: Run, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: Dict[Text, Any]) -> List[EventType]:
    """Run the action on the first question, then answer the later one (once per turn)."""
    # (imported here: actions.round24 reads actions.common, which this module's callers import first)
    from actions.round24 import round24_story

    story = round24_story(tracker.latest_message.get("text") or "", tracker)
    split = None if story else split_later_question(tracker)
    if split is None:  # 「入院要交5000押金 押金能用医保码的钱交吗」 is one question (round 24: the limits too)
        return await run(dispatcher, tracker, domain)
    other, answer, first = split
    if first:
        sent = said_this_turn(tracker)
        for name in answer:
            if name not in sent:
                dispatcher.utter_message(response=name)
        return await run(dispatcher, with_text(tracker, other), domain)
    events = await run(dispatcher, with_text(tracker, other), domain)
    if any(event.get("event") == "followup" for event in events):
        return events  # the action it hands over to answers the later question after its own
    sent = {message.get("response") for message in dispatcher.messages} | said_this_turn(tracker)
    for name in answer:
        if name not in sent:
            dispatcher.utter_message(response=name)
    return events
