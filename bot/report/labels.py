"""Chinese names for what the report counts (keys stay the product's own names)."""
from __future__ import annotations

from actions.common import GUESS_LABELS
from actions.diagnosis import CAUSE_LABELS
from actions.flows import FORMS

GUESS = {
    **{intent: f"「{label}」" for intent, label in GUESS_LABELS.items()},
    "payment_failed": "只说付款失败（没猜原因）",
    "cannot_show_code": "只说打不开医保码（没猜原因）",
}
CAUSE = {
    **CAUSE_LABELS,
    "no_failure": "没有失败记录",
    "not_signed_in": "未登录，无法查询",
    "backend_unavailable": "后台暂时不可用",
    "phone_app": "手机或APP故障",
    "unknown": "未查明",
    "none": "尚未诊断",
}
CHANNEL = {"socketio": "网页插件", "wechat": "微信公众号", "rest": "REST 接口",
           "shell": "运营命令行", "cmdline": "命令行", "unknown": "未知渠道"}
HANDOFF_REASON = {"asked": "用户要求转人工", "not_understood": "连续两次没听懂",
                  "accepted_offer": "接受了助手的转人工建议", "other": "其他"}
OUTCOME = {"solved": "自助解决", "handoff": "转人工", "open": "未确认解决"}
FORM = {name: spec.label for name, spec in FORMS.items()}
STEP = {"pay_channel": "选择支付渠道", "pin_reset_confirm": "确认开重置单", "region_code": "选择参保地",
        "region_confirm": "确认切换", "auth_channel": "选择要取消的授权", "revoke_confirm": "确认取消授权",
        "verify_phone": "输入手机号", "verify_code": "输入验证码", "none": "刚开始"}


def name(table: dict, key: object) -> str:
    """The Chinese name, or the key itself for something new (never an error)."""
    return table.get(key, str(key))
