"""What a likely scam looks like when someone describes it (or pastes it) to the assistant.

The patterns of the scams the 医保 bureaus warn about: fake "upgrade"/"停用" SMS with a link,
callers posing as staff who want the code, a screenshot of it or a one-time SMS code, fees for
a code that is free, a link from someone else that promises a PIN reset or an unlock. Used by
the NLU guard (the message is answered as a security question) and by the security answer
(the warning comes first).
"""
from __future__ import annotations

import re

_SENSITIVE = ("验证码", "截图", "二维码", "付款码", "医保码", "密码")
_ASKING = ("问我要", "向我要", "跟我要", "找我要", "要我", "让我发", "让我报", "让我给", "让我截",
           "叫我发", "叫我报", "叫我给", "发给他", "发给她", "发给对方", "告诉他", "告诉她", "索要",
           "让我把", "叫我把", "念给", "读给", "报给他", "报给她")
_LURES = ("停用", "冻结", "违规", "升级", "转账", "套现", "返现", "点链接", "点击", "下载")
_CONTACTS = ("电话", "短信", "链接", "陌生", "自称", "冒充", "客服", "工作人员", "好友")
_FEES = ("升级费", "激活费", "手续费", "工本费", "保证金")
# A pasted SMS carries its link rather than the word 短信/链接 (「请于24小时内点击 http://… 升级」).
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:cn|top|com|net|xyz|cc|vip)\b", re.IGNORECASE)
# With a link: the threats and calls to act of those SMS (a link to download the APP is not one).
_URL_LURES = ("停用", "冻结", "违规", "升级", "点击", "逾期", "过期", "失效", "认证", "领取", "补贴")

# 「请回复身份证号及验证码完成续期」: a message that asks for the ID number, an SMS code, the PIN
# or a screenshot to be sent back is a lure whatever it threatens (the official channels never
# ask; the person types a code only into the page that sent it). 输入/填写 stay out: they are
# how a real reset or sign-in goes.
_SECRETS = r"(?:身份证|验证码|校验码|动态码|密码|截图|银行卡|卡号|医保码)"
# A bare 发送/提供 is ordinary (「发送验证码没反应」「要提供身份证吗」), so those need the request
# itself (请/让/要求…); 回复 a secret is what only those SMS ask.
_SEND_BACK = re.compile(r"(?:(?:请|让|叫|要求|要我|要您)(?:您|你|我)?(?:立即|尽快|马上)?"
                        r"(?:发送|提供|告知|上报|报一下|报给|念给|读给|发给?)|回复(?!了)|回传)"
                        r"[^，。,.!！?？]{0,8}?" + _SECRETS + "|" + _SECRETS + r"[^，。,.!！?？]{0,6}?"
                        r"(?:发给(?:他|她|对方|客服|工作人员)|回复给|告诉(?:他|她|对方))")

# 「有人微信发了个链接 说点了就能重置医保密码」: a link from someone else that promises a reset, an
# unlock, an upgrade or a refund. Resets happen in the channels' own settings (or on the page
# this assistant sends), never through a link a stranger forwards.
_LINK = re.compile(r"链接|网址|网页|网站|二维码")
_FROM_OTHERS = re.compile(r"有人|别人|陌生|对方|(?<![其吉])[他她]发|朋友|群里|好友|自称|冒充|客服|短信|电话|"
                          r"发来|发了个?|发过来|转发")
_LINK_PROMISES = re.compile(r"重置|解锁|解冻|升级|认证|续期|激活|补贴|退费|退款|返还|领取|恢复|解封|改密码")
# This assistant's own reset link is not a lure: 「你发的链接打不开」「重置密码的链接在哪」.
_OURS = re.compile(r"你(?:们)?(?:发|给)|助手|刚才(?:那个|的)?链接|上面的?链接")

# 「我已经点进去了 还输了身份证号和医保密码」「验证码回给他了」: the secret is already given away.
# Typing it is not enough (「输了三次密码被锁了」「输了身份证，到人脸那一步」): it went to someone
# else, or into the page of a link.
_GIVEN = r"(?:身份证|验证码|校验码|动态码|密码|银行卡|卡号)"
_OTHER = r"(?:他|她|对方|人家|骗子|那人|那个人|客服)"
# 「给他激活」 is for him, not to him: a bare 给 counts only as 给了他 / 给他了.
_GAVE_TO = re.compile(r"(?:告诉|念给|读给|回给|回复给|发给|报给|交给)了?" + _OTHER
                      + "|给了" + _OTHER + "|给" + _OTHER + "了")
# 「让我把验证码报给他」 is what the caller asked for, not what was done — unless the person says
# they did (「…念给他 我就念了」).
_ASKED_TO = re.compile(r"(?:让|叫|要求|要我|要您|请)[^，。,.!！?？\s]{0,12}$")
_DONE = re.compile(r"已经|照做|照着做|都给|我就(?:念|报|读|给|发|说|告诉|回)|我(?:念|报|读|给|发|说|回)了|"
                   r"刚(?:念|报|给|发|回)")
_TYPED = re.compile(r"输了|输入了|填了|填写了|填进去|提交了")
# 「我妈已经点了 输了手机号和验证码 还让拍身份证正反面 她也拍了」 (trial round 30: a phone sign-in started)
_ID_PHOTO_SENT = re.compile(r"(?:让|要|叫)[^。!！?？]{0,4}拍了?身份证[^。!！?？]{0,12}(?:也)?(?:拍了|发了|传了|上传了)")
# A bank card's number typed in or handed over (its PIN typed at a till by mistake is no such thing).
_BANK_CARD = re.compile(r"(填|写|给|告诉|发)(了|过|进去).{0,6}(银行卡号|卡号)|"
                        r"(银行卡号|卡号).{0,8}(也|都)?(填|写|给|告诉|发)(了|过|进去)")
_LINK_PAGE = re.compile(r"链接|网页|网站|网址|点进|点开|页面里|短信里")


def asks_for_secrets(text: str) -> bool:
    """The message (a pasted SMS, a caller's words) asks for an ID number, a code, the PIN or a
    screenshot to be sent back."""
    return bool(_SEND_BACK.search(text))


def link_lure(text: str) -> bool:
    """Someone else's link that promises a PIN reset, an unlock, an upgrade..."""
    return bool(_LINK.search(text) and _FROM_OTHERS.search(text) and _LINK_PROMISES.search(text)
                and not _OURS.search(text))


def reset_link_lure(text: str) -> bool:
    """A stranger's link that promises to reset or unlock the PIN: answered with where resets
    really happen (other lures get the general warning)."""
    return link_lure(text) and bool(re.search(r"密码|重置|解锁", text))


def gave_away(text: str) -> bool:
    """The person already gave a secret to someone else (or typed it into a link's page)."""
    if _ID_PHOTO_SENT.search(text):
        return True
    if not re.search(_GIVEN, text):
        return False
    given = [m for m in _GAVE_TO.finditer(text)]
    if any(not _ASKED_TO.search(text[:m.start()]) for m in given) or (given and _DONE.search(text)):
        return True
    # 「还填了银行卡号和验证码」 after the link (trial round 22: the sign-in asked for the number):
    # no flow of ours asks for a bank card, so typing one in is giving it away.
    return bool(_TYPED.search(text) and _LINK_PAGE.search(text)) or bank_card_given(text)


def bank_card_given(text: str) -> bool:
    return bool(_BANK_CARD.search(text))


# 「…尚未申领！不验证自动取消」「认证失效将暂停使用」: a threat that the credential or a benefit is
# voided unless the person verifies or claims something. The official channels never cancel
# anything because a message went unanswered; a person's own worried question (「…会被冻结吗」)
# is not such a threat.
_THREAT = re.compile(r"(?:不|未|没有?|尚未|逾期未?)(?:验证|认证|核验|申领|领取|确认|更新)[^，。,.!！?？]{0,12}?"
                     r"(?:将|会|就|即)?(?:被)?(?:自动)?(?:作废|取消|注销|失效|停用|暂停|冻结|清零|过期)|"
                     r"(?:认证|验证|核验)(?:已|将)?(?:失效|过期|到期)[^。.!！?？]{0,10}?"
                     r"(?:将|会)(?:被)?(?:暂停|停用|冻结|注销|作废|取消)|"
                     # 「短信你也没验证，今天是最后一天」: the deadline is the threat
                     r"(?:验证|认证|申领|领取)[^。!！?？]{0,20}?最后一天|最后一天[^。!！?？]{0,20}?(?:验证|认证|申领|领取)|"
                     # 「说不配合就冻结我的卡」: a caller's threat (trial round 13)
                     r"(?:不配合|不照做|不按[^，。]{0,4}(?:做|办)|不听)[^，。,.!！?？]{0,6}?(?:就|会|将)(?:被)?"
                     r"(?:冻结|停用|注销|封|暂停|作废|取消|起诉|拘留|坐牢)")
_WORRIED = re.compile(r"[吗么嘛?？]|会不会|是不是|怎么办")

# 「用医保卡换现金」「收医保卡余额一般几折」: turning the card's money into cash (a 几折 offer, someone
# buying cards) is illegal 套现, and the card lent for it is at risk. Paying cash instead
# (「医保付不了，换现金就可以」) is not that: the card's money must be what becomes cash.
_CASH_OUT = re.compile(r"(?:医保卡|社保卡|医保码|个账|个人账户|余额|卡里的?钱|医保)[^，。,.!！?？]{0,10}?"
                       r"(?:换成?现金|兑换?成?现金|变现|套现|几折)|套现|回收医保|收(?:购)?(?:医保卡|社保卡)")

# 「扫码关注 就能免费领鸡蛋」: a small gift for scanning a code or registering, the lure used on old
# people to collect their ID, face and 医保 authorisation.
_GIFT = re.compile(r"(?:送|领|发|赠)[^，。,.!！?？]{0,4}?(?:鸡蛋|礼品|礼物|小礼品|大米|米|油|纸巾|脸盆|毛巾|购物卡)")
_GIFT_ACTION = re.compile(r"扫|关注|登记|拍|二维码|授权|刷脸")


def threatens_cancellation(text: str) -> bool:
    return bool(_THREAT.search(text) and not _WORRIED.search(text))


def looks_like_scam(text: str) -> bool:
    """True when the message describes a likely scam; then the warning comes first."""
    if "骗" in text or any(fee in text for fee in _FEES):
        return True
    if threatens_cancellation(text) or _CASH_OUT.search(text) or (_GIFT.search(text) and _GIFT_ACTION.search(text)):
        return True
    if any(s in text for s in _SENSITIVE) and any(a in text for a in _ASKING):
        return True
    if _URL.search(text) and any(lure in text for lure in _URL_LURES):
        return True
    if asks_for_secrets(text) or link_lure(text) or gave_away(text):
        return True
    return any(c in text for c in _CONTACTS) and any(lure in text for lure in _LURES)


# 「我卡里的钱会不会没了」「钱会不会被转走」: the worry after a scam or a theft, answered directly
# (where to look, what protects the money) rather than with how the platform works.
_MONEY = re.compile(r"钱|余额|个人账户|个账|账户里|卡里")
_LOST = re.compile(r"(?:会不会|会|是不是|有没有|能不能)(?:被别?人?|让人)?"
                   r"(?:没了|没有了|转走|刷走|盗走|取走|偷走|划走|扣光|扣走|少了|被盗|被刷|丢)|"
                   r"安全(?:吗|不|么|吧)|保得住|保住")
MONEY_QUESTION = 24  # characters


def fears_losing_money(text: str) -> bool:
    short = re.sub(r"\W", "", text)
    return 0 < len(short) <= MONEY_QUESTION and bool(_MONEY.search(short) and _LOST.search(short))
