"""Every response text is chat-sized and shows people nothing internal (issue 10).

Channels split a response into bubbles at blank lines (bot/bubbles.py), so each blank-line
separated paragraph is one bubble and must fit in 150 characters once its slots are filled.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BUBBLE_LIMIT = 150
# WeChat's passive reply carries at most 2048 bytes of text; one response must fit in it alone.
WECHAT_TEXT_BYTES = 2048
# Filled-in lengths of slot values: links are long, a list of blockers is a sentence or two,
# anything else (amounts, names of places, institutions, times) stays short.
SLOT_LENGTHS = {"reset_url": 100, "demo_sms_url": 60, "blockers": 60}
DEFAULT_SLOT_LENGTH = 12

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _texts() -> List[Tuple[str, str]]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return [(f"{name}[{i}]", variation.get("text") or "")
            for name, variations in (domain.get("responses") or {}).items()
            for i, variation in enumerate(variations)]


TEXTS = _texts()
IDS = [name for name, _ in TEXTS]


def _filled(text: str) -> str:
    return _PLACEHOLDER.sub(lambda m: "字" * SLOT_LENGTHS.get(m.group(1), DEFAULT_SLOT_LENGTH), text)


def bubbles(text: str) -> List[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def test_there_are_responses_to_check():
    assert len(TEXTS) > 50


@pytest.mark.parametrize("name,text", TEXTS, ids=IDS)
def test_each_bubble_fits_in_a_chat_message(name: str, text: str):
    too_long = [(len(b), b[:30]) for b in bubbles(_filled(text)) if len(b) > BUBBLE_LIMIT]
    assert not too_long, f"{name}: paragraphs over {BUBBLE_LIMIT} characters (split at a blank line): {too_long}"
    assert len(_filled(text).encode("utf-8")) <= WECHAT_TEXT_BYTES, f"{name} is too long for one WeChat reply"


@pytest.mark.parametrize("name,text", TEXTS, ids=IDS)
def test_no_internal_code_or_name_is_shown(name: str, text: str):
    shown = _PLACEHOLDER.sub("", text)
    # 6-digit administrative region codes (110000 北京市, 440300 深圳市) stay in slots and the audit.
    assert not re.search(r"(?<!\d)\d{4}00(?!\d)|[（(]\d{6}[）)]", shown), f"{name} shows a region code"
    # Error codes (E1002) only where the person's own screen shows them, which no template knows.
    assert not re.search(r"(?<![A-Za-z])[A-Z]{1,3}-?\d{3,}", shown), f"{name} shows an error code"
    # Slot, action or intent names, and braces left over from a broken placeholder.
    assert not re.search(r"[A-Za-z]+_[A-Za-z_]+|[{}]", shown), f"{name} shows an internal name"


def test_placeholders_are_slots_or_values_the_actions_pass():
    """A misspelt placeholder would reach the person as 「{balanse}」."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    known = set(domain.get("slots") or {})
    actions_source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "actions").glob("*.py"))
    for name, text in TEXTS:
        for placeholder in _PLACEHOLDER.findall(text):
            assert placeholder in known or re.search(rf"\b{placeholder}\b", actions_source), \
                f"{name}: {{{placeholder}}} is neither a slot nor passed by an action"


# Wording the issue found unsafe or untrue; none may come back.
UNSAFE = {
    "报上工单号": "12393 cannot see this product's tickets",
    "只发给我": "the words a scammer uses for a code",
    "官方的安全页面": "the reset page is this product's, not an official one",
    "【国家医保服务平台】": "the demo must not carry the national platform's signature",
    "在外地使用需要先办异地就医备案": "personal-account payment at a pharmacy elsewhere may need none",
    "在参保地以外看病，要先办异地就医备案": "the same over-broad rule",
    "每个自然月最多被2个人绑定": "mixes two rules",
    "医保码个人账户": "the account is the 医保个人账户, paid with the 医保码",
    "收银员出了付款码": "the cashier shows a 收款码",
    "超过限额时，是单笔或每日限额不够了": "a circular sentence",
    "分开结算": "splitting a payment to get past a limit is no rule anyone stated",
}


@pytest.mark.parametrize("phrase", UNSAFE, ids=list(UNSAFE))
def test_no_reply_says_what_was_found_unsafe(phrase: str):
    saying = [name for name, text in TEXTS if phrase in text]
    assert not saying, f"{saying} say 「{phrase}」: {UNSAFE[phrase]}"


def test_national_figures_quoted_as_rules_name_who_decides():
    """The wallet's transfer limits come from one city's rules: say they can differ."""
    for name, text in TEXTS:
        if "2000元" in text or "最多绑定5位" in text:
            assert "以当地医保部门规定为准" in text, name


def test_figures_from_the_backend_are_said_to_be_this_persons():
    """Limits shown from the demo backend are the person's own records, not a national rule."""
    responses: Dict[str, str] = dict(TEXTS)
    for name in ("utter_wallet_figures[0]", "utter_diag_over_limit[0]"):
        assert "{single_limit}" in responses[name] and "按您账户的记录" in responses[name], name
