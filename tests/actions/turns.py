"""An earlier turn of a conversation for the `tracker` fixture: what the person was read as saying
(`intent`, `text`) and the responses the assistant sent."""
from __future__ import annotations

from typing import Any, Dict


def said(*names: str, intent: str = "faq", text: str = "…") -> Dict[str, Any]:
    return {"intent": intent, "bot": list(names), "text": text}
