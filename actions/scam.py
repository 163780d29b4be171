"""Which warning a described scam gets: shared by the security answer, the digressions and the
channel question of the guided fixes (a scam message naming 微信 is no answer to it)."""
from __future__ import annotations

from typing import List, Optional

from bot.nlu.scam import gave_away, looks_like_scam, reset_link_lure


def scam_answer(text: str) -> Optional[List[str]]:
    """The warning that fits a described scam, or None: a secret already given away gets who
    the caller was and what to do now; a stranger's reset link gets where resets really happen."""
    if gave_away(text):
        return ["utter_scam_called_out", "utter_scam_already"]
    if reset_link_lure(text):
        return ["utter_scam_link"]
    return ["utter_scam_warning"] if looks_like_scam(text) else None
