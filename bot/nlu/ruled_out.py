"""Channels a person rules out: 「我不会用支付宝」「我没微信」「手机里没装那个国家医保APP」.

Such a message names a channel, so the entity ruler tags it as the `pay_channel` the person
wants, the opposite of what they said. `ruled_out_channels` finds the channels named together
with a "don't have / can't use" phrase right before or after them, so that the NLU guard can
tag them as `ruled_out_channel` instead (bot/nlu/guard.py ChannelRuleOutGuard).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import List, Pattern, Tuple

from bot.nlu.channels import read_pay_channels

# Words people use for a channel beside the entity ruler's aliases (「那个国家医保」 is the APP).
# A bare "app" is the 国家医保APP here (「我没有那个app」); 支付宝app/微信app are longer, so matched first.
_EXTRA_ALIASES = {"国家医保": "app", "医保app": "app", "医保服务平台app": "app", "支付宝app": "alipay",
                  "微信app": "wechat", "app": "app"}
# Before the channel: 「没装那个」「不会用」「没」. After a verb, 那个/这个/啥 may come first; no
# space or comma between: in 「app没装 微信里也找不到」 the 没装 belongs to the app, not to 微信.
_BEFORE = re.compile(
    r"(不会用|不会弄|不会操作|不懂|没有|没装|没下载|没下|没安装|没注册|没开通|不用|不想用|不玩|"
    r"用不来|用不惯|不习惯用|卸载了|卸了|删了|没)(那个|这个|啥|什么|个)?$")
# After it: strong phrases stand alone; weak ones (没有, 不会, 不用…) only at the end of a clause,
# so that 「微信没有医保码」「支付宝不会扣钱吧」 are not a channel ruled out.
# 「那个医保app我手机里没有」「app早就卸了」: who, where and how long may come between.
_WHO = r"(我|俺|我们|他|她|老人)?(手机里|手机上|手机)?"
_HOW = r"(也|都|根本|从来|压根|还|早就|早|一直)?"
_AFTER_STRONG = re.compile(
    r"^\s*" + _WHO + _HOW + r"(不会用|不会弄|不会操作|不会玩|(?:不太|不大|不怎么)会(?:用|弄|操作)|用不来|用不惯|玩不转|"
    r"搞不懂|没装|没下载|没下|没安装|没注册|没开通|卸了|删了|卸载了|装不上|装不了|下载不了|下不下来|下不了)")
_AFTER_WEAK = re.compile(
    r"^\s*" + _WHO + _HOW + r"(不会|(?:不太|不大|不怎么)会|不懂|没有|没|不用)"
    r"(了|啊|呀|哦|呢|吧|啦|的)*(?=$|[\s，,。.！!？?；;、…~])")
# Channels in one breath share the verb: 「微信和支付宝都没有」「没有微信跟支付宝」.
_JOINER = re.compile(r"^\s*(和|跟|与|、|或者|或|以及|还有)\s*$")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


@lru_cache(maxsize=1)
def _alias_pattern() -> Tuple[Pattern[str], dict]:
    aliases = {_norm(alias): channel for alias, channel in read_pay_channels().items()}
    aliases.update(_EXTRA_ALIASES)
    names = sorted(aliases, key=len, reverse=True)  # longest first: 国家医保APP before 国家医保
    # Latin aliases (wx, vx, app…) only as whole words, never inside another Latin word.
    parts = [rf"(?<![a-z]){re.escape(n)}(?![a-z])" if n.isascii() else re.escape(n) for n in names]
    return re.compile("|".join(parts)), aliases


def ruled_out_channels(text: str) -> List[Tuple[str, int, int]]:
    """(channel code, start, end) of each channel the text says the person cannot or does not
    use, in order; positions index `text` as given (NFKC keeps their length for these words)."""
    norm = _norm(text)
    if len(norm) != len(text):
        norm = text.lower()
    pattern, aliases = _alias_pattern()
    found = [(aliases[m.group(0)], m.start(), m.end()) for m in pattern.finditer(norm)]
    verdicts = []
    for _, start, end in found:
        before = norm[max(0, start - 8):start]
        after = norm[end:end + 12]
        verdicts.append(bool(_BEFORE.search(before) or _AFTER_STRONG.match(after) or _AFTER_WEAK.match(after)))
    # spread a verdict along channels joined by 和/跟/、: 「没有微信和支付宝」「微信跟支付宝都不会用」
    for i in range(len(found) - 1):
        joined = _JOINER.match(norm[found[i][2]:found[i + 1][1]])
        if joined and (verdicts[i] or verdicts[i + 1]):
            verdicts[i] = verdicts[i + 1] = True
    for i in range(len(found) - 2, -1, -1):  # right to left for 「A、B和C都没有」
        if _JOINER.match(norm[found[i][2]:found[i + 1][1]]) and verdicts[i + 1]:
            verdicts[i] = True
    return [item for item, out in zip(found, verdicts) if out]
