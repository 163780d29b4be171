"""What a likely scam looks like when someone describes it (or pastes it) to the assistant.

The patterns of the scams the 医保 bureaus warn about: fake "upgrade"/"停用" SMS with a link,
callers posing as staff who want the code, a screenshot of it or a one-time SMS code, fees for
a code that is free. Used by the NLU guard (the message is answered as a security question)
and by the security answer (the warning comes first).
"""
from __future__ import annotations

import re

_SENSITIVE = ("验证码", "截图", "二维码", "付款码", "医保码", "密码")
_ASKING = ("问我要", "向我要", "跟我要", "找我要", "要我", "让我发", "让我报", "让我给", "让我截",
           "叫我发", "叫我报", "叫我给", "发给他", "发给她", "发给对方", "告诉他", "告诉她", "索要")
_LURES = ("停用", "冻结", "违规", "升级", "转账", "套现", "返现", "点链接", "点击", "下载")
_CONTACTS = ("电话", "短信", "链接", "陌生", "自称", "冒充", "客服", "工作人员", "好友")
_FEES = ("升级费", "激活费", "手续费", "工本费", "保证金")
# A pasted SMS carries its link rather than the word 短信/链接 (「请于24小时内点击 http://… 升级」).
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:cn|top|com|net|xyz|cc|vip)\b", re.IGNORECASE)
# With a link: the threats and calls to act of those SMS (a link to download the APP is not one).
_URL_LURES = ("停用", "冻结", "违规", "升级", "点击", "逾期", "过期", "失效", "认证", "领取", "补贴")


def looks_like_scam(text: str) -> bool:
    """True when the message describes a likely scam; then the warning comes first."""
    if "骗" in text or any(fee in text for fee in _FEES):
        return True
    if any(s in text for s in _SENSITIVE) and any(a in text for a in _ASKING):
        return True
    if _URL.search(text) and any(lure in text for lure in _URL_LURES):
        return True
    return any(c in text for c in _CONTACTS) and any(lure in text for lure in _LURES)
