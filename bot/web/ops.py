"""Operators' pages on the website: the latest analytics report behind the operator token.

Routes (mounted with `app.include_router(ops_router())`):
- `GET  /ops/report`       the latest `python -m bot report` output (`var/report/index.html`)
- `GET  /ops/report.json`  its figures
- `POST /ops/login`        form field `token`; sets an HttpOnly session cookie for /ops
- `POST /ops/logout`
A request without the token (header `Authorization: Bearer <OPS_TOKEN>` or the cookie) gets
401 and a sign-in form, nothing of the report.

The token: `OPS_TOKEN` from the environment (a public demo value, or one shorter than 16
characters, is refused). Unset outside demo mode, the pages are closed (503). Unset in demo
mode: this install's generated secret (`var/secrets.env`; derived from `PII_SEAL_KEY` while
OPS_TOKEN is not one of `bot.settings.SECRET_NAMES`). `python -m bot.web.ops` prints it.
"""
from __future__ import annotations

import hashlib
import hmac
import html
import sys
from pathlib import Path
from typing import Mapping, Optional
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from bot.config import Settings
from bot.settings import KNOWN_DEMO_VALUES, SECRET_NAMES, VAR, SecretError

TOKEN_ENV = "OPS_TOKEN"
REPORT_DIR_ENV = "OPS_REPORT_DIR"
COOKIE = "ops_session"
COOKIE_SECONDS = 8 * 3600
MIN_TOKEN_CHARS = 16
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "Cache-Control": "no-store", "X-Frame-Options": "DENY"}
FORM_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>运营报告 · 登录</title>
<style>body{{font-family:sans-serif;background:#f5f6f8;display:flex;justify-content:center;padding-top:12vh}}
form,div.box{{background:#fff;padding:24px 32px;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.1);max-width:420px}}
input{{width:100%;padding:8px;margin:8px 0 12px;box-sizing:border-box}}button{{padding:8px 20px}}
.err{{color:#c0392b}}.note{{color:#666;font-size:13px}}</style></head><body>{body}</body></html>"""


def ops_token(env: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """The operator token, None when the pages are closed (unset outside demo mode).
    SecretError for a public or too short value."""
    settings = Settings.from_env(env)
    value = settings.ops_token or ""
    if value:
        if value.lower() in KNOWN_DEMO_VALUES or len(value) < MIN_TOKEN_CHARS:
            raise SecretError(f"{TOKEN_ENV} is public or shorter than {MIN_TOKEN_CHARS} characters; "
                              f"set a random one (python -c 'import secrets; print(secrets.token_urlsafe(32))')")
        return value
    if not settings.demo_mode:
        return None
    if TOKEN_ENV in SECRET_NAMES:
        return settings.secret(TOKEN_ENV)
    # Derived, so the seal key itself is never typed into a browser.
    key = settings.secret("PII_SEAL_KEY").encode("utf-8")
    return hmac.new(key, b"ops-report-token", hashlib.sha256).hexdigest()[:40]


def _session_value(token: str) -> str:
    # The cookie holds a value derived from the token, not the token itself.
    return hmac.new(token.encode("utf-8"), b"ops-session", hashlib.sha256).hexdigest()


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def _form(message: str = "", status: int = 401) -> HTMLResponse:
    error = f'<p class="err">{html.escape(message)}</p>' if message else ""
    body = (f'<form method="post" action="/ops/login"><h2>运营报告</h2>{error}'
            '<label>运营令牌（OPS_TOKEN）<input type="password" name="token" autocomplete="current-password" '
            'required autofocus></label><button type="submit">查看报告</button>'
            '<p class="note">令牌由管理员提供；演示模式下运行 <code>python -m bot.web.ops</code> 可查看本机的令牌。</p></form>')
    headers = {**HEADERS, "WWW-Authenticate": 'Bearer realm="ops"'} if status == 401 else HEADERS
    return HTMLResponse(FORM_PAGE.format(body=body), status_code=status, headers=headers)


def _box(title: str, text: str, status: int) -> HTMLResponse:
    body = f'<div class="box"><h2>{html.escape(title)}</h2><p>{text}</p></div>'
    return HTMLResponse(FORM_PAGE.format(body=body), status_code=status, headers=HEADERS)


def ops_router(report_dir: Optional[Path] = None, env: Optional[Mapping[str, str]] = None) -> APIRouter:
    """The /ops routes; the token is read once, here (a public value stops the site's start)."""
    folder = Path(report_dir or Settings.from_env(env).ops_report_dir or VAR / "report")
    token = ops_token(env)
    router = APIRouter(prefix="/ops")

    def allowed(request: Request) -> bool:
        if token is None:
            return False
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and given and _same(given.strip(), token):
            return True
        cookie = request.cookies.get(COOKIE, "")
        return bool(cookie) and _same(cookie, _session_value(token))

    def closed() -> HTMLResponse:
        return _box("运营报告未开放", f"请在网站的环境变量里设置 {TOKEN_ENV}（一个随机的长字符串），然后重启网站。", 503)

    @router.get("/report", response_class=HTMLResponse)
    async def report(request: Request) -> Response:
        if token is None:
            return closed()
        if not allowed(request):
            return _form()
        index = folder / "index.html"
        if not index.is_file():
            return _box("还没有生成报告", "请先运行 <code>python -m bot report</code>，再刷新本页。", 404)
        return FileResponse(index, media_type="text/html; charset=utf-8", headers=HEADERS)

    @router.get("/report.json")
    async def report_json(request: Request) -> Response:
        if token is None:
            return closed()
        if not allowed(request):
            return Response('{"detail":"ops_token_required"}', status_code=401, media_type="application/json",
                            headers={"WWW-Authenticate": 'Bearer realm="ops"', "Cache-Control": "no-store"})
        data = folder / "report.json"
        if not data.is_file():
            return Response('{"detail":"no_report_yet"}', status_code=404, media_type="application/json")
        return FileResponse(data, media_type="application/json", headers={"Cache-Control": "no-store"})

    @router.post("/login")
    async def login(request: Request) -> Response:
        if token is None:
            return closed()
        try:
            fields = parse_qs((await request.body()).decode("utf-8"), max_num_fields=5)
        except (UnicodeDecodeError, ValueError):
            return _form("请求格式不对，请重新输入令牌。", status=400)
        given = (fields.get("token") or [""])[0].strip()
        if not given or not _same(given, token):
            return _form("令牌不对，请重新输入。")
        answer = RedirectResponse("/ops/report", status_code=303, headers={"Cache-Control": "no-store"})
        answer.set_cookie(COOKIE, _session_value(token), max_age=COOKIE_SECONDS, path="/ops",
                          httponly=True, samesite="strict", secure=request.url.scheme == "https")
        return answer

    @router.post("/logout")
    async def logout() -> Response:
        answer = RedirectResponse("/ops/report", status_code=303)
        answer.delete_cookie(COOKIE, path="/ops")
        return answer

    return router


if __name__ == "__main__":  # `python -m bot.web.ops`: this install's operator token
    from bot.settings import base_env

    try:  # demo mode unless said otherwise, as `make run` starts the site
        env = base_env()
        env.setdefault("WALLET_DEMO_MODE", "true")
        shown = ops_token(env)
    except SecretError as error:
        sys.exit(str(error))
    print(shown if shown else f"{TOKEN_ENV} is not set and demo mode is off: /ops/report is closed")
