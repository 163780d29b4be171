"""One table for the guided-fix forms: what submits them, what a question in the middle does,
and what leaving them runs. `python -m bot.rules --write` generates data/rules/forms.yml from
it; `ActionAnswerDigression` answers from the same table, so the two cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Text, Tuple

from actions.common import PROBLEM_INTENTS, domain_text

# Asked in the middle of any form: answered (actions/faq.py ActionAnswerDigression), then the
# form asks its question again. Intent -> the response that answers it, or None when an
# action composes the answer (personal lookups, retrieval FAQ, context).
DIGRESSIONS: Dict[str, object] = {
    "what_is_credential": "utter_what_is_credential",
    "medical_wallet": "utter_medical_wallet",
    "security_info": "utter_security_info",
    "family_binding": "utter_family_binding_rules",
    "bot_challenge": "utter_iamabot",
    "out_of_scope": "utter_out_of_scope",
    "greet": "utter_greet",
    "thank": "utter_you_are_welcome",
    "share_sensitive_data": "utter_never_send_pin",
    "other_language": None,
    "app_problem": "utter_app_troubleshoot",
    "check_balance": None,
    "check_status": None,
    "how_to_pay": None,
    "faq": None,
    "follow_up": None,
    "still_not_working": None,
    "try_later": None,
    "ticket_status": None,
}


@dataclass(frozen=True)
class FormSpec:
    label: str  # what the person is doing, in their words (utter_in_form_hint)
    submit: Tuple[str, ...]
    # what answering the form's questions leads to: 「那我咋办」 in the middle gets this
    next_step: str = ""
    # run after the form is deactivated when the person leaves it (stop, human, new problem)
    on_leave: Tuple[str, ...] = ()
    extra_digressions: Tuple[str, ...] = ()
    # A problem stated in the middle: answered briefly and the form resumes, or (where the
    # form must end first, e.g. the sign-in that the lookup needs) the form ends and the
    # problem is diagnosed.
    problems_leave_form: bool = False


FORMS: Dict[str, FormSpec] = {
    "activation_form": FormSpec(
        "激活医保码", submit=("action_activation_steps",),
        next_step="您选一个渠道（国家医保服务平台APP、微信或支付宝），我就告诉您在那里一步一步怎么激活"),
    "pin_reset_form": FormSpec(
        "重置支付密码", submit=("action_start_pin_reset",),
        next_step="选好渠道、确认开重置单后，我在这里发给您重置页面的链接，您刷脸后自己设新密码，"
                  "密码不用告诉我"),
    "region_switch_form": FormSpec(
        "切换参保地", submit=("action_switch_region",),
        next_step="选出您真正的参保地并确认，医保码就改为显示那里，之后就能正常结算"),
    "revoke_authorization_form": FormSpec(
        "取消授权", submit=("action_revoke_authorization",),
        next_step="选出要取消的渠道并确认，那个渠道就不能再用您的医保码了"),
    "phone_verification_form": FormSpec(
        "手机验证登录", submit=("action_finish_phone_verification",),
        on_leave=("action_finish_phone_verification",), extra_digressions=("verify_phone",),
        problems_leave_form=True,
        next_step="发来绑定的手机号和短信里的6位验证码，确认是您本人后，我就能查您自己的记录"),
}


def digression_intents(form: str) -> Tuple[str, ...]:
    spec = FORMS[form]
    problems = () if spec.problems_leave_form else tuple(PROBLEM_INTENTS)
    return (*DIGRESSIONS, *spec.extra_digressions, *problems)


def form_label(domain: Dict[Text, Any], form: Optional[str]) -> str:
    """What the person is doing in `form`, in their words (utter_in_form_hint and the like)."""
    spec = FORMS.get(form or "")
    return spec.label if spec else domain_text(domain, "utter_label_form_other")


def form_next(domain: Dict[Text, Any], form: Optional[str]) -> str:
    spec = FORMS.get(form or "")
    return spec.next_step if spec and spec.next_step else domain_text(domain, "utter_label_form_next_other")
