"""「我昨天在药店刷了医保码 怎么好像扣了两次钱」: a double charge feared. Signed in, the person's
own payment records say whether two equal payments were taken at one place close together
(trial round 17: with no failed payment in them, the network checklist was the answer);
otherwise where to look, and why one settlement can show as several lines."""
from __future__ import annotations

from datetime import timedelta
from typing import Any, Dict, List, Optional, Sequence, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.aspects import topics_of
from actions.common import ask_wallet, beijing_time, parse_time, user_token, wallet_client
from actions.recent import last_answer
from bot.nlu.topics import fears_double_charge

# Equal payments at one place this close together are one payment taken twice, not two visits.
DUPLICATE_WINDOW = timedelta(minutes=30)
RECENT = 20  # payment attempts read: more than a few days of an ordinary person's use
LISTED = 3  # the newest payments named when none is doubled


def double_charge_due(tracker: Tracker) -> bool:
    """A double charge feared, not right after a timeout (whose own line says why it cannot be)."""
    return (fears_double_charge(tracker.latest_message.get("text") or "")
            and "network" not in topics_of(last_answer(tracker)))


def duplicate_pair(attempts: Sequence[Dict[str, Any]]) -> Optional[Tuple[Dict[str, Any], Dict[str, Any]]]:
    """The newest two successful payments with the same place and amount within the window."""
    paid = sorted(((parse_time(a.get("occurred_at")), a) for a in attempts if a.get("result") == "success"),
                  key=lambda pair: pair[0].timestamp() if pair[0] else 0.0, reverse=True)
    for (newer_at, newer), (older_at, older) in zip(paid, paid[1:]):
        if (newer_at and older_at and newer_at - older_at <= DUPLICATE_WINDOW
                and newer.get("institution") == older.get("institution")
                and str(newer.get("amount")) == str(older.get("amount"))):
            return older, newer
    return None


def payments_text(attempts: Sequence[Dict[str, Any]]) -> str:
    paid = [a for a in attempts if a.get("result") == "success"][:LISTED]
    return "；".join(f"{beijing_time(a.get('occurred_at'))} {a.get('institution')} {a.get('amount')}元" for a in paid)


async def answer_double_charge(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    token = user_token(tracker)
    if not token:
        dispatcher.utter_message(response="utter_double_charge_general")
        return [SlotSet("fix_flow", "info")]
    attempts = await ask_wallet(dispatcher, lambda: wallet_client().payment_attempts(token, RECENT))
    if attempts is None:
        return []
    pair = duplicate_pair(attempts)
    if pair:
        first, second = pair
        dispatcher.utter_message(response="utter_double_charge_found", institution=first.get("institution"),
                                 amount=first.get("amount"), first_time=beijing_time(first.get("occurred_at")),
                                 second_time=beijing_time(second.get("occurred_at")))
    elif payments_text(attempts):
        dispatcher.utter_message(response="utter_double_charge_none", payments=payments_text(attempts))
    else:
        dispatcher.utter_message(response="utter_double_charge_no_payments")
    return [SlotSet("fix_flow", "info")]
