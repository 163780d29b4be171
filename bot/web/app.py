"""The demo site: sign in as a demo persona (or stay anonymous) and chat through the widget.

Routes:
- `GET /`             the demo page (Chinese), which embeds the widget with the one-tag loader
- `GET /embed.js`     the loader other sites use: `<script src=".../embed.js" data-socket-url=...>`
- `GET /widget.js`    rasa-webchat's UMD bundle, served from node_modules (never committed)
- `GET /api/personas` the wallet's demo personas, fetched server-side
- `POST /signin`      `{"persona": id}` → `{token, name, expires_at}` from the wallet's demo sign-in;
                      the browser never holds the wallet's service key (these two routes need none)
- `GET /healthz`       `{status, service, instance}` (bot/health.py)
- `GET /ops/report`    the latest analytics report, operator token only (bot/web/ops.py)
"""
from __future__ import annotations

import contextlib
import html
import json
import logging
import re
from typing import Dict, Optional
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from bot.health import WEBSITE
from bot.health import healthz as service_health
from bot.wallet_api import WalletApiSettings, WalletClient, WalletError, WalletNotFound, WalletUnavailable

from .config import STATIC_DIR, WIDGET_BUNDLE, WebSettings
from .ops import ops_router

logger = logging.getLogger(__name__)

PERSONA_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
PHONE = re.compile(r"^1[3-9][0-9]{9}$")
MAX_BODY_BYTES = 4 * 1024


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(settings: WebSettings) -> str:
    """Scripts only from this site, sockets only to Rasa; no inline script, no outside fonts.

    The served widget has no outside font any more (bot/web/bundle.py); `style-src` and
    `font-src 'self'` keep it that way.
    """
    rasa = _origin(settings.rasa_url)
    socket = rasa.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
    return ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; "
            f"connect-src 'self' {rasa} {socket}; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")


def create_app(settings: Optional[WebSettings] = None) -> FastAPI:
    settings = settings or WebSettings.from_env()
    # The public demo routes only: the site never holds the wallet's service key.
    wallet = WalletClient(WalletApiSettings(wallet_url=settings.wallet_url, service_key=None,
                                            timeout_seconds=settings.wallet_timeout))

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        await wallet.aclose()  # its pooled connections, on the loop that opened them

    app = FastAPI(title="医保支付助手 website", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan)
    app.state.settings = settings
    csp = content_security_policy(settings)
    page_template = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    sms_template = (STATIC_DIR / "sms.html").read_text(encoding="utf-8")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        declared = request.headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
            return JSONResponse({"detail": "request_too_large"}, status_code=413)
        result = await call_next(request)
        result.headers.setdefault("X-Content-Type-Options", "nosniff")
        result.headers.setdefault("Referrer-Policy", "no-referrer")
        return result

    @app.get("/healthz")
    async def healthz() -> Dict[str, str]:
        return service_health(WEBSITE)  # service and instance: the process runner checks both

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/", response_class=HTMLResponse)
    async def index() -> HTMLResponse:
        page = page_template.replace("{{socket_url}}", html.escape(settings.rasa_url, quote=True))
        return HTMLResponse(page, headers={"Content-Security-Policy": csp, "Cache-Control": "no-store"})

    @app.api_route("/embed.js", methods=["GET", "HEAD"])
    async def embed_js() -> FileResponse:
        return FileResponse(STATIC_DIR / "embed.js", media_type="text/javascript; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    @app.api_route("/widget.js", methods=["GET", "HEAD"])
    async def widget_js() -> Response:
        if not WIDGET_BUNDLE.is_file():
            return PlainTextResponse(
                "rasa-webchat is not installed: run `make setup` (npm ci --prefix bot/web)\n",
                status_code=503)
        return FileResponse(WIDGET_BUNDLE, media_type="text/javascript; charset=utf-8",
                            headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/api/personas")
    async def personas() -> JSONResponse:
        try:
            listed = await wallet.demo_personas()
        except WalletNotFound:  # demo mode off: anonymous visitors only
            return JSONResponse({"personas": [], "demo": False})
        except WalletError as error:
            return _upstream_error(error)
        return JSONResponse({"demo": True, "personas": [
            {"id": p["id"], "name": p["name"], "situation": p.get("situation", ""), "phone": p.get("phone", "")}
            for p in listed]})

    @app.get("/sms", response_class=HTMLResponse)
    async def sms_page() -> HTMLResponse:
        return HTMLResponse(sms_template, headers={"Content-Security-Policy": csp, "Cache-Control": "no-store"})

    @app.get("/api/sms")
    async def sms(phone: str = "") -> JSONResponse:
        """The demo phone's inbox (codes for the phone sign-in in the chat); demo mode only."""
        if not PHONE.match(phone):
            return JSONResponse({"detail": "phone_required"}, status_code=422)
        try:
            inbox = await wallet.demo_sms(phone)
        except WalletNotFound:
            return JSONResponse({"detail": "demo_off"}, status_code=404)
        except WalletError as error:
            return _upstream_error(error)
        return JSONResponse(inbox, headers={"Cache-Control": "no-store"})

    @app.post("/signin")
    async def signin(request: Request) -> JSONResponse:
        try:
            body = json.loads(await request.body() or b"null")
        except ValueError:
            return JSONResponse({"detail": "invalid_json"}, status_code=400)
        persona = body.get("persona") if isinstance(body, dict) else None
        if not isinstance(persona, str) or not PERSONA_ID.match(persona):
            return JSONResponse({"detail": "persona_required"}, status_code=422)
        try:
            session = await wallet.demo_session(persona)
        except WalletNotFound as missing:
            detail = missing.detail if missing.detail == "persona_not_found" else "demo_sign_in_off"
            return JSONResponse({"detail": detail}, status_code=404)
        except WalletError as error:
            return _upstream_error(error)
        return JSONResponse({key: session.get(key) for key in ("token", "expires_at", "person_id", "name")},
                            headers={"Cache-Control": "no-store"})

    # Operators' report (python -m bot report) behind OPS_TOKEN; a public value stops the start.
    app.include_router(ops_router())
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def _upstream_error(error: WalletError) -> JSONResponse:
    logger.warning("wallet backend call failed: %s", error)
    detail = "wallet_unavailable" if isinstance(error, WalletUnavailable) else "wallet_error"
    return JSONResponse({"detail": detail}, status_code=502)
