"""Kinds of message the classifier reads as something else, recognised by their wording.

- Trying first: 「我去药店再试试，还是不行再找你」「要是还是不行再来问你」 name 「不行」 only as a
  condition for later; nothing has failed yet (read as still_not_working, or as yes to a human).
- Done: 「弄好了 谢谢」「激活好了哈」 after a fix say the step is done (check_status, as the training
  data labels 「弄好了」 alone), which the thanks make look like the end of the conversation.
- Asking about the human ticket: 「那工单多久有人联系我」「我那个工单咋样了」 ask about the ticket
  already open (read as request_human, inform, out_of_scope...), not for a new one.
"""
from __future__ import annotations

import re

_CLAUSES = re.compile(r"[，,。.!！?？；;:：\s、~～…]+")
# 「行不行」 asks whether something is allowed; it says nothing failed.
_ALLOWED_Q = re.compile(r"行不行|可不可以|能不能")
_FAILED = r"(?:不行|没用|不管用|不好使|没反应|失败|付不了|刷不了|扫不了|用不了|打不开|出不来)"
# 「要是/如果/万一…不行」「再不行」: a condition, not a report.
_IF_FAILS = re.compile(r"(?:要是|如果|假如|假使|万一|若是|倘若|实在)[^，,。！？!?]{0,8}?" + _FAILED
                       + r"|再" + _FAILED)
# 「不行再找你」「不行的话再来问你」「不行我再来」: what the person will do then.
_THEN_COME_BACK = re.compile(
    _FAILED + r"(?:的话)?(?:我|咱)?(?:就)?再(?:来|回来|去)?(?:找|问|联系|跟|和|说|来|转)")
_FAILURE = re.compile(_FAILED + r"|还是不|还不|没成功|没付上")
_QUESTION = re.compile(r"怎么|咋|吗|嘛|呢|多少|什么|啥|哪|为啥|为什么|\?|？|[能会可行要].{0,8}不$")


def tries_first(text: str) -> bool:
    """True when the message only says the person will try (again) and come back if it fails:
    at least one conditional 「不行」 and no clause reporting a failure or asking something."""
    clauses = [c for c in _CLAUSES.split(_ALLOWED_Q.sub("", text or "")) if c]
    conditional = [c for c in clauses if _IF_FAILS.search(c) or _THEN_COME_BACK.search(c)]
    if not conditional:
        return False
    rest = [c for c in clauses if c not in conditional]
    return not any(_FAILURE.search(c) or _QUESTION.search(c) for c in rest)


_TICKET = re.compile(r"工单")
_STAFF = re.compile(r"客服|人工|工作人员|有人")
_CONTACT = re.compile(r"联系我|联系上|回电|回我|打电话|打给我|来电|回复我|找我|回消息")
_WHEN = re.compile(r"多久|多长时间|什么时候|啥时候|几时|几天|还没|怎么还|咋还|一直没|到现在")
# 「再开一个工单」「帮我转人工」「不用开工单」: asking for one (or not), not about the one open.
_NEW_OR_NOT = re.compile(r"开个|开一个|开张|再开|重开|帮我开|给我开|提交|新建|建一个"
                         r"|帮我转|给我转|我要转|要人工|转人工吧|不用|不要|别")


def asks_about_ticket(text: str) -> bool:
    """True for a question about the human ticket: its number, progress or the call back."""
    text = text or ""
    if _NEW_OR_NOT.search(text):
        return False
    if _TICKET.search(text):
        return True
    return bool(_STAFF.search(text) and _CONTACT.search(text) and _WHEN.search(text))


# 「弄好了」「激活好了」「搞定了」「重置完了」 (training data: check_status), not a failure after it.
_DONE = re.compile(r"(?:弄|搞|激活|改|设|设置|切换|切|办|装|更新|重置|绑)(?:好|完)(?:了|啦|喽|咯|嘞)|搞定(?:了|啦)?|"
                   r"激活成功|已经激活|重置成功")
# 「谢谢 我去弄好了再来」: done later, not now.
_LATER = re.compile(r"去弄|去办|去改|再来|等会|待会|一会|回头|明天")
DONE_LENGTH = 14  # characters: a longer message says more than that


# 「我搜了我的医保凭证 弄好了 也刷了脸」: a longer report of what was done, with no question in it.
DONE_REPORT_LENGTH = 24
_BUT_STILL = re.compile(r"还是|又|却|但是|可是|结果")


def says_done(text: str) -> bool:
    short = re.sub(r"\W", "", text or "")
    fits = len(short) <= DONE_LENGTH or (len(short) <= DONE_REPORT_LENGTH and not _BUT_STILL.search(short))
    if _QUESTION.search(short) and not short.endswith(("了吗", "了么", "好了没")):
        return False  # 「激活好了 但是怎么付款呢」 asks something else (「改好了吗」 asks for the check)
    return (0 < len(short) and fits and bool(_DONE.search(short)) and not _FAILURE.search(short)
            and not _LATER.search(short))
