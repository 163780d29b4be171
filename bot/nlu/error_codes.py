"""Normalise the text of an ``error_code`` entity ("错误码 1101", "infcode -1", "E1001")."""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

_MAX_LEN = 64
# the code ends the entity text: a letter prefix + digits ("E1001"), else optional minus + digits
_LETTER_CODE = re.compile(r"(?<![A-Za-z])([A-Za-z]{1,4}[-_]?[0-9]{1,8})$")
_NUMBER_CODE = re.compile(r"(?<![0-9])(-?[0-9]{1,8})$")


def normalise_error_code(text: Optional[str]) -> Optional[str]:
    """Return the code itself ("1101", "-1", "E1001") from the entity text, else ``None``."""
    if not isinstance(text, str) or not text or len(text) > _MAX_LEN:
        return None
    text = unicodedata.normalize("NFKC", text).strip()
    match = _LETTER_CODE.search(text)
    if match:
        return match.group(1).upper()
    match = _NUMBER_CODE.search(text)
    return match.group(1) if match else None
