"""Trial round 29's leftovers and round 30's zeros (docs/dialogue-trials.md).

A message with a masked number in it (bot.privacy) is warned about first; what else it asks is
answered after the warning (「设密码123456说不符合规则」, round 29: only the warning, the question lost)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import say
from actions.round28 import named_in_whole

WARNING = "utter_never_send_pin"


def sensitive_answer(tracker: Tracker) -> List[str]:
    """The warning, then the topic the rest of the message names (the masked text still says
    「密码[密码已隐藏]不符合规则」)."""
    return [WARNING, *(name for name in named_in_whole(tracker) or [] if name != WARNING)]


class ActionWarnSensitive(Action):
    def name(self) -> Text:
        return "action_warn_sensitive"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        say(dispatcher, sensitive_answer(tracker), tracker)
        return []
