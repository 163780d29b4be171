"""A message in English (other_language): the assistant works in Chinese, with the 12393 hotline,
plus one short English line for the topic the words name, so a specific question gets more
than the same canned text (trial round 6). Keywords, not NLU: the classifier is trained on
Chinese only."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

# First match wins: a stranger asking for the code is about a scam even when it names the PIN.
TOPICS = (
    (re.compile(r"scam|fraud|stranger|someone|somebody|caller|called me|a call|texted|\bsms\b|"
                r"verification code|on the phone|should i (send|give|share|tell)|"
                r"(want|ask|need)\w*( me)?( for)? (my|the|your) (code|qr|pin|password|screenshot)|"
                r"(send|share|give|tell)\w*\b.{0,25}\b(code|pin|password|screenshot)",
                re.IGNORECASE), "utter_english_scam"),
    (re.compile(r"\bpins?\b|password|passcode|passwort", re.IGNORECASE), "utter_english_pin"),
    (re.compile(r"not insured|uninsured|suspend|frozen|freez|terminat|invalid|insur\w* status|status",
                re.IGNORECASE), "utter_english_status"),
    (re.compile(r"activat|enable|turn on|set ?up|register|sign ?up|apply", re.IGNORECASE), "utter_english_activation"),
    (re.compile(r"balance|how much money|money left|personal account", re.IGNORECASE), "utter_english_balance"),
    (re.compile(r"limit|maximum|\bmax\b|too (much|large|big|high)|exceed", re.IGNORECASE), "utter_english_limits"),
    (re.compile(r"region|city|province|another place|other place|moved|travel|out of town|wrong place|"
                r"hometown|elsewhere", re.IGNORECASE), "utter_english_region"),
)


def english_topic(text: str) -> Optional[str]:
    return next((name for pattern, name in TOPICS if pattern.search(text or "")), None)


def english_answer(text: str) -> List[str]:
    """Chinese only and the hotline, then the line for the topic asked about (if any)."""
    topic = english_topic(text)
    return ["utter_english_only", topic] if topic else ["utter_english_only"]


class ActionAnswerEnglish(Action):
    def name(self) -> Text:
        return "action_answer_english"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        for name in english_answer(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(response=name)
        return []
