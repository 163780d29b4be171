"""Choices answered by typing: 「2」「第二个」「深圳那个」「是的」 pick a button of the last bot turn.

People (often elderly, often on WeChat where there are no buttons) answer a question with options
by typing the number or the name of an option. Sent to NLU as is, 「2」 reads as goodbye. So every
channel remembers the buttons of its last bot turn per conversation and resolves the next text
against them before Rasa sees it:

- a number: 「2」「２」「选2」「2号」「第2个」「二」「第二个」「第二」「最后一个」;
- the name of exactly one option: 「深圳那个」「选深圳」「支付宝吧」 (a part of its title);
- 「对」「是的」 / 「不用」「不是」 when the buttons are a yes/no pair (payloads /affirm and /deny,
  or titles that say so), for the yes or the no button.
A number past the last option (「第三个」 of two) is answered by the channel itself with the
same buttons, which stay pending. Anything else passes through unchanged and clears nothing.
A choice is used once; the next bot turn replaces the buttons (none: cleared). A channel that
shows a long reply in parts (WeChat) also keeps the parts not shown yet: 「0」「继续」「下一步」
fetch the next one; the buttons count once the last part is shown (they are listed at its end).

Resolution runs on the masked text (a 1–2 digit answer is never masked). `match_choice` is pure,
for the operator shell too; the state sits behind `ChoiceStore`, in memory per process here
(bounded LRU with expiry); several Rasa instances need a shared one (e.g. Redis: a hash per
conversation with EXPIRE, GETDEL to consume).
"""
from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

Button = Dict[str, Any]

DEFAULT_MAX_CONVERSATIONS = 10_000
DEFAULT_TTL_SECONDS = 3600.0

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# Punctuation, quotes and spaces around an answer say nothing about which option it is.
_NOISE = re.compile(r"[\s,.!?~、。，！？；;：:…·'\"“”‘’「」『』()（）\[\]【】<>《》-]+")
_NUMBER = re.compile(
    r"^(?:我)?(?:就)?(?:选|要|点|按|用)?(?:择)?(?:第)?(\d{1,2}|[一二两三四五六七八九十]{1,3})"
    r"(?:个|号|项|条|种|位|点)?(?:选项)?(?:吧|啊|呀|哈|呢|嘛|的|了)*$")
_LAST = re.compile(r"^(?:我)?(?:就)?(?:选|要|点)?最后(?:一个|那个|一项|一条|个)?(?:吧|啊|呀|哈|的)*$")
_PREFIXES = ("我选", "我要", "我用", "就选", "就要", "就用", "选择", "那就", "还是", "我", "就", "选", "要",
             "用", "是", "的")
_SUFFIXES = ("的那个", "那个吧", "那个", "这个", "那项", "那一个", "就行了", "就行", "就好", "好了", "谢谢", "吧", "啊",
             "呀", "哈", "呢", "嘛", "的", "了", "吗")
_YES = frozenset({"对", "对的", "对对", "对对对", "是", "是的", "是滴", "嗯", "嗯嗯", "恩", "好", "好的", "好滴",
                  "行", "可以", "确认", "确定", "没错", "需要", "要", "ok", "okay", "yes", "y", "同意", "对啊",
                  "是啊", "好啊", "可以的", "行的", "好吧", "嗯好", "麻烦了", "要的", "需要的", "确认的"})
_NO = frozenset({"不", "不是", "不对", "不用", "不用了", "不要", "不需要", "算了", "否", "no", "n", "先不",
                 "先不用", "暂时不用", "不了", "不必", "不必了", "不同意"})
_YES_TITLE = re.compile(r"^(?:确认|确定|是|对|好|可以|需要|同意|要|开)")
_NO_TITLE = re.compile(r"^(?:不|先不|暂不|否|算了|取消$)")
_MORE = frozenset({"0", "继续", "下一步", "下一页", "下一部分", "继续看", "接着说", "还有呢", "后面呢", "下一段"})
# 「第三个」 when there were two: said by the channel itself, with the same buttons again (no
# Rasa turn: read as text it was 「帮不上忙」). Like the channels' other own replies, kept here.
OUT_OF_RANGE_REPLY = "只有{count}个选项，请回复1到{count}的数字，或者直接点选："


def _normalise(text: str) -> str:
    """Full-width to half-width, lower case, without punctuation and spaces."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def _number(word: str) -> Optional[int]:
    if word.isdigit():
        return int(word)
    if word == "十":
        return 10
    if "十" in word:  # 十二, 二十, 二十一
        tens, _, units = word.partition("十")
        if len(tens) > 1 or len(units) > 1:
            return None
        return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)
    return _CN_DIGITS.get(word) if len(word) == 1 else None


def _strip_fillers(word: str) -> str:
    changed = True
    while changed and word:
        changed = False
        for prefix in _PREFIXES:
            if word.startswith(prefix) and len(word) > len(prefix):
                word, changed = word[len(prefix):], True
                break
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix):
                word, changed = word[:-len(suffix)], True
                break
    return word


def _intent_of(payload: Any) -> str:
    match = re.match(r"^/([A-Za-z_][\w+]*)", payload) if isinstance(payload, str) else None
    return match.group(1) if match else ""


def _yes_no(buttons: Sequence[Button]) -> Tuple[Optional[int], Optional[int]]:
    """(yes index, no index) when the buttons are exactly one yes and one no, else (None, None)."""
    if len(buttons) != 2:
        return None, None

    def kind(button: Button) -> Optional[str]:
        intent = _intent_of(button.get("payload"))
        if intent in ("affirm", "deny"):
            return "yes" if intent == "affirm" else "no"
        title = _normalise(str(button.get("title") or ""))
        if _NO_TITLE.match(title):
            return "no"
        if _YES_TITLE.match(title):
            return "yes"
        return None

    kinds = [kind(b) for b in buttons]
    if sorted(k or "" for k in kinds) in (["no", "yes"], ["", "no"], ["", "yes"]):
        # One side says what it is; the other is then the opposite (「转人工」 next to 「不用了」).
        yes = kinds.index("yes") if "yes" in kinds else 1 - kinds.index("no")
        return yes, 1 - yes
    return None, None


def _title_core(title: str) -> str:
    """The title without notes in brackets: 「深圳市（实际参保地）」 → 「深圳市」."""
    return _normalise(re.sub(r"[（(][^）)]*[）)]", "", title))


def match_choice(text: str, buttons: Sequence[Button]) -> Optional[int]:
    """The index (0-based) of the button `text` picks, or None when it picks none or is ambiguous."""
    if not buttons or not isinstance(text, str) or len(text) > 40:
        return None
    word = _normalise(text)
    if not word:
        return None
    number = _NUMBER.match(word)
    if number:
        value = _number(number.group(1))
        return value - 1 if value is not None and 1 <= value <= len(buttons) else None
    if _LAST.match(word):
        return len(buttons) - 1
    yes, no = _yes_no(buttons)
    core = _strip_fillers(word)
    if yes is not None and (word in _YES or core in _YES):
        return yes
    if no is not None and (word in _NO or core in _NO):
        return no
    # The name of an option: the answer is (a part of) exactly one title. Two characters at
    # least, unless it is a whole title: a single character names nothing reliably.
    matches = []
    for index, button in enumerate(buttons):
        title = _normalise(str(button.get("title") or ""))
        if not title:
            continue
        if core in (title, _title_core(str(button.get("title")))) or (len(core) >= 2 and core in title):
            matches.append(index)
    return matches[0] if len(matches) == 1 else None


def number_past_the_options(text: str, buttons: Sequence[Button]) -> bool:
    """「第三个」「5」 with fewer options: meant as a choice, but there is no such option."""
    if not buttons or not isinstance(text, str) or len(text) > 40:
        return False
    number = _NUMBER.match(_normalise(text))
    value = _number(number.group(1)) if number else None
    return value is not None and value > len(buttons)


def wants_more(text: str) -> bool:
    """「0」「继续」「下一步」: the next part of a reply shown in parts."""
    return isinstance(text, str) and _strip_fillers(_normalise(text)) in _MORE


@dataclass
class Pending:
    """What the last bot turn of a conversation left to answer."""

    buttons: List[Button] = field(default_factory=list)
    parts: List[str] = field(default_factory=list)  # of a long reply, not shown yet
    expires_at: float = 0.0

    def to_json(self) -> str:
        return json.dumps({"buttons": self.buttons, "parts": self.parts, "expires_at": self.expires_at},
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, data: str) -> "Pending":
        value = json.loads(data)
        return cls(list(value.get("buttons") or []), list(value.get("parts") or []),
                   float(value.get("expires_at") or 0))


@dataclass(frozen=True)
class Resolution:
    """What to do with a user text: hand `text` to Rasa, or show `part` (no Rasa turn)."""

    text: str
    button: Optional[Button] = None   # the button it picked
    number: Optional[int] = None      # its number, 1-based
    part: Optional[str] = None        # the next part of a long reply
    more: bool = False                # further parts after `part`
    consumed: Optional[Pending] = None  # what it used up (put back if the turn is refused)
    options: Optional[List[Button]] = None  # a number past the last option: these, asked again

    @property
    def reply(self) -> Optional[str]:
        """What the channel says itself instead of a Rasa turn (a number with no such option)."""
        return OUT_OF_RANGE_REPLY.format(count=len(self.options)) if self.options else None

    @property
    def chosen(self) -> bool:
        return self.button is not None


class ChoiceStore:
    """Pending choices per conversation key. Async, so a shared store (Redis) can stand in."""

    async def get(self, key: str) -> Optional[Pending]:  # pragma: no cover - interface
        raise NotImplementedError

    async def put(self, key: str, pending: Pending) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    async def pop(self, key: str) -> Optional[Pending]:  # pragma: no cover - interface
        """Remove and return (None when there is none, or it has expired)."""
        raise NotImplementedError


class MemoryChoiceStore(ChoiceStore):
    """In this process: at most `max_entries` conversations (the least recently used leave first)."""

    def __init__(self, max_entries: int = DEFAULT_MAX_CONVERSATIONS,
                 clock: Callable[[], float] = time.time) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be positive")
        self.max_entries = max_entries
        self._clock = clock
        self._entries: "OrderedDict[str, Pending]" = OrderedDict()

    def _live(self, key: str) -> Optional[Pending]:
        pending = self._entries.get(key)
        if pending is not None and pending.expires_at <= self._clock():
            del self._entries[key]
            return None
        return pending

    async def get(self, key: str) -> Optional[Pending]:
        pending = self._live(key)
        if pending is not None:
            self._entries.move_to_end(key)
        return pending

    async def put(self, key: str, pending: Pending) -> None:
        self._entries[key] = pending
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    async def pop(self, key: str) -> Optional[Pending]:
        pending = self._live(key)
        self._entries.pop(key, None)
        return pending

    def __len__(self) -> int:
        return len(self._entries)


class PendingChoices:
    """One channel's memory of the last bot turn's choices, per conversation (sender id)."""

    def __init__(self, namespace: str, store: Optional[ChoiceStore] = None,
                 ttl: float = DEFAULT_TTL_SECONDS, clock: Callable[[], float] = time.time) -> None:
        self.namespace = namespace
        self.store = store if store is not None else MemoryChoiceStore(clock=clock)  # empty is falsy
        self.ttl = ttl
        self._clock = clock

    def _key(self, conversation_id: str) -> str:
        return f"{self.namespace}:{conversation_id}"

    async def record(self, conversation_id: str, buttons: Sequence[Button],
                     parts: Sequence[str] = ()) -> None:
        """A bot turn: its buttons (none: forget the earlier ones) and, for a reply shown in
        parts, the parts not shown yet."""
        # All of them, so that the numbers stay those the channel showed.
        kept = [{"title": b.get("title"), "payload": b.get("payload")} for b in buttons or []
                if isinstance(b, dict)]
        key = self._key(conversation_id)
        if not kept and not parts:
            await self.store.pop(key)
            return
        await self.store.put(key, Pending(kept, list(parts), self._clock() + self.ttl))

    async def resolve(self, conversation_id: str, text: str) -> Resolution:
        """What `text` means given the last bot turn; a choice it makes is used up."""
        unchanged = Resolution(text=text)
        key = self._key(conversation_id)
        pending = await self.store.get(key)
        if pending is None:
            return unchanged
        if pending.parts:
            if not wants_more(text):
                return unchanged
            part, rest = pending.parts[0], pending.parts[1:]
            if rest or pending.buttons:
                # The buttons are listed at the end of the last part: they count from then on.
                await self.store.put(key, Pending(pending.buttons, rest, self._clock() + self.ttl))
            else:
                await self.store.pop(key)
            return Resolution(text=text, part=part, more=bool(rest), consumed=pending)
        index = match_choice(text, pending.buttons)
        if index is None:
            if number_past_the_options(text, pending.buttons):
                return Resolution(text=text, options=list(pending.buttons))  # still pending
            return unchanged
        if await self.store.pop(key) is None:
            return unchanged  # expired or used meanwhile (another message of this conversation)
        button = pending.buttons[index]
        return Resolution(text=str(button.get("payload") or button.get("title") or text),
                          button=button, number=index + 1, consumed=pending)

    async def restore(self, conversation_id: str, resolution: Resolution) -> None:
        """Put back what a refused turn used up, unless a newer bot turn has replaced it."""
        if resolution.consumed is None or not resolution.chosen:
            return
        key = self._key(conversation_id)
        if await self.store.get(key) is None:
            await self.store.put(key, resolution.consumed)
