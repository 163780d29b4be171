"""A request to send the last answer again, shared by the NLU guard and the actions (no Rasa import)."""
from __future__ import annotations

import re

# 「再发一遍」「没看清 再说一次」: the last answer again. Not a code, an SMS or a picture sent again,
# and short: 「再说一遍 我的医保卡到底能不能用」 asks something of its own.
RESEND = re.compile(r"(再|重新)(说|发|讲|写)(一|1)?(遍|次|下|回)|重复一?(遍|次|下)|"
                    r"(刚才|上面|前面)的?.{0,4}(刷没|不见|看不到)|(完整|全部)的?(发|说)")
RESEND_OTHER = re.compile(r"验证码|短信|链接|图|照片|码|密码|钱|款|单|票")
RESEND_LENGTH = 12


def asks_to_resend(text: str) -> bool:
    compact = re.sub(r"[\s，,。.！!？?~～、]+", "", text)
    return (len(compact) <= RESEND_LENGTH and bool(RESEND.search(compact))
            and not RESEND_OTHER.search(compact))
