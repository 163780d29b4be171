"""The wallet's own PIN-reset page, reached through the ticket's secret URL (no service key).

Plain server-rendered forms, no JavaScript. Stable element ids for browser tests:
face-check-btn, pin, pin-confirm, submit-pin, result.
"""
from __future__ import annotations

import html
from typing import Annotated, Optional
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..deps import NowDep, SessionDep
from ..services import ServiceError, pin_reset

router = APIRouter(prefix="/wallet/pin-reset", tags=["pin-reset page"], include_in_schema=False)

MAX_FORM_BYTES = 4096

MESSAGES = {
    "pin_format": "新密码须为 6 位数字，请重新输入。",
    "pin_mismatch": "两次输入的密码不一致，请重新输入。",
    "pin_trivial": "密码过于简单：不能全是相同数字或连续数字（如 111111、123456、654321），请换一个。",
    "face_check_required": "请先完成人脸识别，再设置新密码。",
    "ticket_not_found": "链接无效。请回到对话中重新申请重置支付密码。",
    "ticket_expired": "链接已过期（有效期 30 分钟）。请回到对话中重新申请重置支付密码。",
    "ticket_used": "该链接已使用过，密码已重置。如需再次重置，请回到对话中重新申请。",
    "form_too_large": "提交的内容过长，请重新输入。",
}
ERROR_STATUS = {"not_found": 404, "gone": 410, "conflict": 409, "invalid": 400}

_SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the URL itself is the credential
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
}

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>重置医保支付密码</title>
<style>
body {{ font-family: -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 28rem;
       margin: 2rem auto; padding: 0 1rem; color: #222; }}
h1 {{ font-size: 1.3rem; }} .step {{ color: #666; }}
label {{ display: block; margin: .8rem 0 .3rem; }}
input {{ font-size: 1.2rem; padding: .4rem; width: 10rem; letter-spacing: .3rem; }}
button {{ margin-top: 1rem; font-size: 1rem; padding: .5rem 1.2rem; }}
#result {{ margin-top: 1rem; font-weight: bold; }} .error {{ color: #b00020; }} .ok {{ color: #1b7f3a; }}
</style>
</head>
<body>
<h1>重置医保电子凭证支付密码</h1>
{body}
<p id="result" class="{result_class}" role="status">{result}</p>
<p class="step">如有疑问，请拨打医保服务热线 12393。</p>
</body>
</html>
"""


def _page(body: str, *, result: str = "", ok: bool = False, status_code: int = 200) -> HTMLResponse:
    content = _PAGE.format(
        body=body, result=html.escape(result), result_class="ok" if ok else ("error" if result else "")
    )
    return HTMLResponse(content, status_code=status_code, headers=_SECURITY_HEADERS)


def _face_step(secret: str, message: str = "", status_code: int = 200) -> HTMLResponse:
    action = html.escape(f"/wallet/pin-reset/{secret}/face-check")
    body = f"""<p class="step">第 1 步（共 2 步）：人脸识别</p>
<p>为保护您的账户安全，重置密码前需要确认是本人操作。</p>
<p class="step">（本演示系统中的人脸识别为模拟步骤，点击即通过。）</p>
<form method="post" action="{action}">
<button id="face-check-btn" type="submit">开始人脸识别</button>
</form>"""
    return _page(body, result=message, status_code=status_code)


def _pin_step(secret: str, message: str = "", status_code: int = 200) -> HTMLResponse:
    action = html.escape(f"/wallet/pin-reset/{secret}/pin")
    body = f"""<p class="step">第 2 步（共 2 步）：设置新的 6 位数字支付密码</p>
<p>人脸识别已通过。新密码将用于所有渠道（国家医保服务平台 APP、微信、支付宝）。</p>
<form method="post" action="{action}">
<label for="pin">新密码</label>
<input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="new-password">
<label for="pin-confirm">再次输入新密码</label>
<input id="pin-confirm" name="pin_confirm" type="password" inputmode="numeric" autocomplete="new-password">
<div><button id="submit-pin" type="submit">确认重置</button></div>
</form>"""
    return _page(body, result=message, status_code=status_code)


def _error_page(exc: ServiceError) -> HTMLResponse:
    return _page("", result=MESSAGES.get(exc.detail, "操作失败，请稍后重试。"),
                 status_code=ERROR_STATUS.get(exc.kind, 400))


@router.get("/{secret}", response_class=HTMLResponse)
def show_pin_reset_page(secret: str, session: SessionDep, now: NowDep):
    ticket = pin_reset.find_ticket_by_secret(session, secret)
    if ticket is None:
        return _error_page(ServiceError("not_found", "ticket_not_found"))
    status = pin_reset.effective_ticket_status(ticket, now)
    if status == "expired":
        return _error_page(ServiceError("gone", "ticket_expired"))
    if status == "completed":
        return _error_page(ServiceError("gone", "ticket_used"))
    if status == "pending":
        return _face_step(secret)
    return _pin_step(secret)


@router.post("/{secret}/face-check")
def face_check(secret: str, session: SessionDep, now: NowDep):
    try:
        pin_reset.verify_face_for_ticket(session, secret, now)
    except ServiceError as exc:
        return _error_page(exc)
    # Post/redirect/get: reloading the next page does not re-submit the form.
    return RedirectResponse(f"/wallet/pin-reset/{secret}", status_code=303, headers=_SECURITY_HEADERS)


async def read_pin_form(request: Request) -> Optional[dict]:
    """Parse the urlencoded form by hand (no python-multipart); None if it is too large."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_FORM_BYTES):
        return None
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_FORM_BYTES:
            return None
    fields = parse_qs(raw.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {key: values[0] for key, values in fields.items()}


@router.post("/{secret}/pin")
def submit_pin(
    secret: str,
    form: Annotated[Optional[dict], Depends(read_pin_form)],
    session: SessionDep,
    now: NowDep,
):
    if form is None:
        return _pin_step(secret, MESSAGES["form_too_large"], status_code=413)
    pin = form.get("pin", "").strip()
    confirm = form.get("pin_confirm", "").strip()
    try:
        pin_reset.complete_pin_reset(session, secret, pin, confirm, now)
    except ServiceError as exc:
        if exc.kind == "invalid":
            return _pin_step(secret, MESSAGES[exc.detail], status_code=400)
        if exc.detail == "face_check_required":
            return _face_step(secret, MESSAGES[exc.detail], status_code=409)
        return _error_page(exc)
    body = "<p>新的支付密码已生效，锁定已解除。现在可以回到对话，或在医保码页面使用新密码支付。</p>"
    return _page(body, result="密码重置成功", ok=True)
