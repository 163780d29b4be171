"""Channels the person ruled out (「我不会用支付宝」「我没有微信」) stay out of every later answer.

The NLU tags such a channel `ruled_out_channel` (bot/nlu/guard.py), which fills the slot
`ruled_out_channels` for that message. What the conversation has ruled out so far is the union
of every value the slot took in this session, less a channel the person chose again later (a
button, 「那就用支付宝吧」); the actions that answer write that union back to the slot.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import PAY_CHANNEL_LABELS, domain_text, pay_channel_code

SLOT = "ruled_out_channels"
ENTITY = "ruled_out_channel"
CHANNELS = ("app", "alipay", "wechat")  # the order of the buttons everywhere


def ruled_out_now(tracker: Tracker) -> List[str]:
    """Channels the message being answered rules out."""
    return [code for code in tracker.get_latest_entity_values(ENTITY) if code in CHANNELS]


def ruled_out(tracker: Tracker) -> List[str]:
    """Channels ruled out in this session and not chosen again since, in CHANNELS order."""
    out: set = set()
    for event in tracker.events:
        if event.get("event") == "session_started":
            out = set()
        elif event.get("event") == "slot" and event.get("name") == SLOT:
            out |= {code for code in event.get("value") or [] if code in CHANNELS}
        elif event.get("event") == "slot" and event.get("name") == "pay_channel" and event.get("value"):
            out.discard(pay_channel_code(event.get("value")))
    out |= set(ruled_out_now(tracker))
    return [code for code in CHANNELS if code in out]


def remember(tracker: Tracker, force: bool = False) -> List[EventType]:
    """The slot set to all channels ruled out so far (when that changes it, or `force`), and a
    remembered `pay_channel` dropped when it is one of them (forms would otherwise reuse it)."""
    excluded = ruled_out(tracker)
    events: List[EventType] = []
    if force or excluded != sorted(tracker.get_slot(SLOT) or [], key=CHANNELS.index):
        events.append(SlotSet(SLOT, excluded or None))
    if pay_channel_code(tracker.get_slot("pay_channel")) in excluded:
        events.append(SlotSet("pay_channel", None))
    return events


def _names(codes: List[str]) -> str:
    return "、".join(PAY_CHANNEL_LABELS[code] for code in codes)


def _buttons(codes: List[str], intent: str) -> List[Dict[str, str]]:
    return [{"title": PAY_CHANNEL_LABELS[code], "payload": '/%s{"pay_channel":"%s"}' % (intent, code)}
            for code in codes]


_CHANNEL_WORDS = (("支付宝", "alipay"), ("微信", "wechat"), ("国家医保", "app"), ("医保app", "app"),
                  ("医保APP", "app"))


def named_channels(tracker: Tracker) -> List[str]:
    """The channels the message names (the entities, else the words), each once."""
    found: List[str] = []
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") in ("pay_channel", "auth_channel", "ruled_out_channel"):
            code = pay_channel_code(entity.get("value"))
            if code and code not in found:
                found.append(code)
    if not found:
        text = tracker.latest_message.get("text") or ""
        for word, code in _CHANNEL_WORDS:
            if word in text and code not in found:
                found.append(code)
    return found


def say_other_channels(dispatcher: CollectingDispatcher, domain: Dict[Text, Any],
                       excluded: List[str]) -> None:
    """How to pay without the channels ruled out: the others with their buttons, and the ways
    without a phone; with none left, only those."""
    left = [code for code in CHANNELS if code not in excluded]
    if not left:
        dispatcher.utter_message(response="utter_channels_none_left")
        return
    channels = "、".join(domain_text(domain, f"utter_label_channel_{code}") for code in left)
    dispatcher.utter_message(response="utter_how_to_pay_others", ruled_out=_names(excluded),
                             channels=channels, buttons=_buttons(left, "how_to_pay"))


# Responses that name every channel's way to reset the PIN (trial round 15: a channel ruled out
# came back in them) -> the intro said before the paths of the channels left.
PIN_PATH_LISTS = {"utter_pin_paths_all": "utter_pin_paths_left",
                  "utter_generic_forgot_pin": "utter_generic_forgot_pin_left"}


def say_for_channels_left(dispatcher: CollectingDispatcher, tracker: Tracker, name: str) -> None:
    """Send `name`; a response listing every channel's PIN-reset path names only those not ruled
    out (the office alone when none is left)."""
    excluded = ruled_out(tracker) if name in PIN_PATH_LISTS else []
    left = [code for code in CHANNELS if code not in excluded]
    if not excluded:
        dispatcher.utter_message(response=name)
    elif not left:
        dispatcher.utter_message(response="utter_pin_paths_none")
    else:
        dispatcher.utter_message(response=PIN_PATH_LISTS[name], ruled_out=_names(excluded), channels=_names(left))
        for code in left:
            dispatcher.utter_message(response=f"utter_pin_path_{code}")


class ActionAskPayChannel(Action):
    """The channel question of the activation and PIN-reset fixes, without ruled-out channels."""

    def name(self) -> Text:
        return "action_ask_pay_channel"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        excluded = ruled_out(tracker)
        left = [code for code in CHANNELS if code not in excluded]
        if not excluded:
            dispatcher.utter_message(response="utter_ask_pay_channel")
        elif left:
            dispatcher.utter_message(response="utter_ask_pay_channel_others", ruled_out=_names(excluded),
                                     buttons=_buttons(left, "inform"))
        else:
            dispatcher.utter_message(response="utter_channels_none_left")
        return []
