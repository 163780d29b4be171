"""WeChat voice and other message types against the running stack, with requests signed in the test."""
from __future__ import annotations

import time
import uuid

import pytest

import tests.integration.conftest as wx  # signing and posting helpers

pytestmark = pytest.mark.usefixtures("fresh_personas")


@pytest.fixture
def bound(hook):
    """A bound openid's conversation from the start, and left that way: other tests expect its
    diagnosis not to have been given already."""
    def start(openid: str) -> str:
        started.append(openid)
        wx.post(hook, wx.text_xml(openid, "/restart"))
        return openid
    started: list = []
    yield start
    for openid in started:
        wx.post(hook, wx.text_xml(openid, "/restart"))


def _envelope(openid: str, msg_type: str, fields: str, msg_id: int = None) -> str:
    msg_id = msg_id or wx.random_msg_id()
    return (f"<xml><ToUserName><![CDATA[gh_demo]]></ToUserName>"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
            f"{fields}<MsgId>{msg_id}</MsgId></xml>")


def voice_xml(openid: str, recognition: str = None, msg_id: int = None) -> str:
    fields = "<MediaId><![CDATA[media_voice_1]]></MediaId><Format><![CDATA[amr]]></Format>"
    if recognition is not None:
        fields += f"<Recognition><![CDATA[{recognition}]]></Recognition>"
    return _envelope(openid, "voice", fields, msg_id)


def event_xml(openid: str, event: str, extra: str = "") -> str:
    return (f"<xml><ToUserName><![CDATA[gh_demo]]></ToUserName>"
            f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[{event}]]></Event>{extra}</xml>")


OTHER_TYPES = {
    "image": "<PicUrl><![CDATA[http://example.com/a.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId>",
    "video": "<MediaId><![CDATA[m2]]></MediaId><ThumbMediaId><![CDATA[t2]]></ThumbMediaId>",
    "shortvideo": "<MediaId><![CDATA[m3]]></MediaId><ThumbMediaId><![CDATA[t3]]></ThumbMediaId>",
    "location": ("<Location_X>22.54</Location_X><Location_Y>114.05</Location_Y><Scale>15</Scale>"
                 "<Label><![CDATA[深圳市福田区]]></Label>"),
    "link": ("<Title><![CDATA[医保码]]></Title><Description><![CDATA[说明]]></Description>"
             "<Url><![CDATA[http://example.com/x]]></Url>"),
    "file": ("<Title><![CDATA[截图.pdf]]></Title><Description><![CDATA[]]></Description>"
             "<FileKey><![CDATA[k]]></FileKey><FileMd5><![CDATA[d]]></FileMd5>"
             "<FileTotalLen>1024</FileTotalLen>"),
}


def fresh_openid(prefix: str) -> str:
    return f"wx_{prefix}_" + uuid.uuid4().hex[:6]


def says_what_it_can_read(text: str) -> bool:
    return "文字" in text and "语音" in text and "12393" in text


def test_recognised_voice_from_a_bound_openid_gets_that_persons_diagnosis(hook, stack, bound):
    text = wx.reply_text(wx.post(hook, voice_xml(bound("wx_zhao_balance"), "付款失败了")))
    assert "3.50" in text  # zhao's own balance, as for the typed message
    assert wx.user_texts(stack, "wx_zhao_balance")[-1] == "付款失败了"


def test_voice_answer_picks_a_numbered_choice(hook, bound):
    text = wx.reply_text(wx.post(hook, voice_xml(bound("wx_chen_region"), "付款失败了。")))
    choice = next(line for line in text.splitlines() if "深圳市" in line and line[:1].isdigit())
    # Speech recognition writes a spoken 「第N个」 with a full stop.
    spoken = f"第{choice.split('.')[0]}个。"
    follow = wx.reply_text(wx.post(hook, voice_xml("wx_chen_region", spoken)))
    assert "确认把医保码显示的参保地从长沙市切换为深圳市" in follow


def test_recognised_voice_is_masked_before_it_reaches_the_assistant(hook, stack):
    openid = fresh_openid("voicemask")
    wx.reply_text(wx.post(hook, voice_xml(openid, "我手机号13812345678付不了款")))
    texts = wx.user_texts(stack, openid)
    assert len(texts) == 1 and "13812345678" not in texts[0]


@pytest.mark.parametrize("recognition", [None, "", "  "])
def test_voice_without_recognition_says_how_to_type_and_runs_no_turn(hook, stack, recognition):
    openid = fresh_openid("voicenone")
    text = wx.reply_text(wx.post(hook, voice_xml(openid, recognition)))
    assert "文字" in text and "12393" in text
    assert wx.user_texts(stack, openid) == []


def test_the_same_voice_msgid_retried_is_answered_once(hook, stack):
    openid = fresh_openid("voicedup")
    body = voice_xml(openid, "医保电子凭证是什么", msg_id=wx.random_msg_id())
    first, retry = wx.post(hook, body), wx.post(hook, body)  # each with its own signed URL
    assert wx.reply_text(first) == wx.reply_text(retry)
    assert wx.user_texts(stack, openid) == ["医保电子凭证是什么"]


def test_voice_with_a_bad_signature_is_refused_and_nothing_processed(hook, stack):
    openid = fresh_openid("voiceforged")
    response = wx.post(hook, voice_xml(openid, "付款失败了"), params=wx.signed_params(token="forged"))
    assert response.status_code == 403
    assert wx.user_texts(stack, openid) == []


@pytest.mark.parametrize("msg_type", sorted(OTHER_TYPES))
def test_other_message_types_get_what_the_assistant_can_read(hook, stack, msg_type):
    openid = fresh_openid(msg_type)
    response = wx.post(hook, _envelope(openid, msg_type, OTHER_TYPES[msg_type]))
    assert says_what_it_can_read(wx.reply_text(response))
    assert wx.user_texts(stack, openid) == []


@pytest.mark.parametrize("xml", [
    _envelope("{openid}", "miniprogrampage", "<Title><![CDATA[x]]></Title>"),
    _envelope("{openid}", "something_new", ""),
    event_xml("{openid}", "CLICK", "<EventKey><![CDATA[MENU_HELP]]></EventKey>"),
    event_xml("{openid}", "some_future_event"),
], ids=["miniprogrampage", "unknown_type", "menu_click", "unknown_event"])
def test_unknown_types_and_events_get_a_reply_not_an_error(hook, stack, xml):
    openid = fresh_openid("unknown")
    assert says_what_it_can_read(wx.reply_text(wx.post(hook, xml.replace("{openid}", openid))))
    assert wx.user_texts(stack, openid) == []


@pytest.mark.parametrize("event", ["unsubscribe", "LOCATION", "VIEW", "TEMPLATESENDJOBFINISH"])
def test_events_nobody_waits_for_are_acknowledged_silently(hook, stack, event):
    openid = fresh_openid("silent")
    response = wx.post(hook, event_xml(openid, event))
    assert response.status_code == 200 and response.text == "success"
    assert wx.user_texts(stack, openid) == []


def test_following_by_qr_code_gets_the_welcome(hook):
    body = event_xml(fresh_openid("qrfan"), "subscribe",
                     "<EventKey><![CDATA[qrscene_123]]></EventKey><Ticket><![CDATA[t]]></Ticket>")
    assert "医保支付助手" in wx.reply_text(wx.post(hook, body))
