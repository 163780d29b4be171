"""Chat-sized bubbles: a long reply becomes several short messages, as people write on a phone.

`split_bubbles` cuts a text longer than the limit at the coarsest boundary that works: blank
lines, then single newlines, then sentence ends (。！？), then clause marks (；，), and only as a
last resort inside a run of text (never inside a link that fits a bubble). Neighbouring pieces are
packed back together while they fit, so nothing becomes needlessly small. Nothing is lost: the
parts joined are the text, up to the whitespace at the cuts.

`bubbles` is what the chat channels show: every blank line stays a bubble boundary (the response
texts in domain.yml use blank lines for that, and Rasa's own channels split there too), and each
paragraph is then split to the limit. No Rasa import here: the operator shell uses it too.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List

BUBBLE_CHARS = 150

_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n\s*")
_URL = re.compile(r"https?://\S+")
# (how to cut, what goes back between packed pieces); punctuation stays with its sentence.
_LEVELS = (
    (_BLANK_LINE, "\n\n"),
    (re.compile(r"\s*\n\s*"), "\n"),
    (re.compile(r"(?<=[。！？])"), ""),
    (re.compile(r"(?<=[；，])"), ""),
)


def split_bubbles(text: str, limit: int = BUBBLE_CHARS) -> List[str]:
    """`text` in parts of at most `limit` characters, in order (one part when it fits)."""
    if limit < 1:
        raise ValueError("limit must be positive")
    text = (text or "").strip()
    if not text:
        return []
    return _split(text, limit, 0)


def _split(text: str, limit: int, level: int) -> List[str]:
    if len(text) <= limit:
        return [text]
    if level == len(_LEVELS):
        return _hard_cut(text, limit)
    pattern, joiner = _LEVELS[level]
    parts: List[str] = []
    current = ""
    for piece in (p.strip() for p in pattern.split(text)):
        if not piece:
            continue
        if len(piece) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.extend(_split(piece, limit, level + 1))
        elif not current:
            current = piece
        elif len(current) + len(joiner) + len(piece) <= limit:
            current += joiner + piece
        else:
            parts.append(current)
            current = piece
    if current:
        parts.append(current)
    return parts


def _hard_cut(text: str, limit: int) -> List[str]:
    """A run without any boundary: cut every `limit` characters, but not inside a link."""
    urls = [m.span() for m in _URL.finditer(text)]
    parts: List[str] = []
    start = 0
    while len(text) - start > limit:
        cut = start + limit
        for url_start, url_end in urls:
            if url_start < cut < url_end:
                # A link is only useful whole: cut before it, or after it when it starts the part.
                cut = url_start if url_start > start else url_end
                break
        parts.append(text[start:cut].strip())
        start = cut
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def bubbles(text: str, limit: int = BUBBLE_CHARS) -> List[str]:
    """The bubbles a chat channel shows for one text: a bubble per paragraph, each to the limit."""
    return [part for paragraph in _BLANK_LINE.split((text or "").strip())
            for part in split_bubbles(paragraph, limit)]


def bubble_messages(messages: Iterable[Dict[str, Any]], limit: int = BUBBLE_CHARS) -> List[Dict[str, Any]]:
    """Bot messages (Rasa's dicts) with each text in bubbles; whatever else a message carries
    (buttons, image, custom payload) stays on its last bubble, so it still comes after the text."""
    out: List[Dict[str, Any]] = []
    for message in messages:
        text = message.get("text")
        parts = bubbles(text, limit) if isinstance(text, str) else []
        if len(parts) <= 1:
            out.append(message)
            continue
        head = {k: v for k, v in message.items() if k == "recipient_id"}
        out.extend({**head, "text": part} for part in parts[:-1])
        out.append({**message, "text": parts[-1]})
    return out
