"""Application factory of the wallet backend (stand-in for the national platform)."""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import Dict, Optional

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.health import WALLET
from bot.health import healthz as service_health

from .config import WalletSettings
from .db import SessionFactories, create_db_engine, create_session_factories
from .deps import require_service_key
from .models import Base
from .routes import (
    authorizations,
    demo,
    family,
    overview,
    payment_attempts,
    persons,
    phone_verification,
    pin_reset,
    pin_reset_page,
    profile,
    regions,
    support_tickets,
    wallet,
    wechat,
)
from .seed import seed_personas
from .services import ServiceError
from .timeutil import Clock, as_utc, system_clock

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
MAX_BODY_BYTES = 64 * 1024
SERVICE_ERROR_STATUS = {"not_found": 404, "conflict": 409, "gone": 410, "invalid": 422, "rejected": 400,
                        "rate_limited": 429}


class BodySizeLimit:
    """Refuse declared bodies over the limit before anything parses them."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for name, value in scope.get("headers", []):
                if name == b"content-length":
                    if not value.isdigit() or int(value) > self.max_bytes:
                        response = JSONResponse({"detail": "request_too_large"}, status_code=413)
                        await response(scope, receive, send)
                        return
        await self.app(scope, receive, send)


def init_database(sessions: SessionFactories, settings: WalletSettings, clock: Clock) -> None:
    """Create the schema and the demo personas if absent (idempotent)."""
    Base.metadata.create_all(sessions.engine)
    with sessions.write() as session:
        created = seed_personas(session, now=as_utc(clock()), settings=settings)
    if created:
        logger.info("seeded %d demo personas", len(created))


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def _service_error(_request: Request, exc: ServiceError) -> JSONResponse:
        headers = {"Retry-After": str(exc.extra["retry_after"])} if "retry_after" in exc.extra else None
        return JSONResponse({"detail": exc.detail, **exc.extra},
                            status_code=SERVICE_ERROR_STATUS.get(exc.kind, 400), headers=headers)

    @app.exception_handler(OperationalError)
    async def _database_unavailable(_request: Request, exc: OperationalError) -> JSONResponse:
        logger.error("database unavailable: %s", exc)
        return JSONResponse({"detail": "database_unavailable"}, status_code=503, headers={"Retry-After": "2"})

    @app.exception_handler(IntegrityError)
    async def _conflict(_request: Request, exc: IntegrityError) -> JSONResponse:
        # Writes are serialised per person, so this means a race we did not foresee: say "retry".
        logger.error("integrity error: %s", exc)
        return JSONResponse({"detail": "conflict_retry"}, status_code=409)

    @app.exception_handler(Exception)
    async def _last_resort(_request: Request, exc: Exception) -> JSONResponse:
        # Last resort only: every known failure has its own status. Never leak a traceback.
        logger.exception("unhandled error", exc_info=exc)
        return JSONResponse({"detail": "internal_error"}, status_code=500)


def _api_router(settings: WalletSettings) -> APIRouter:
    api = APIRouter(prefix=API_PREFIX)
    keyed = APIRouter(dependencies=[Depends(require_service_key)])
    for module in (wechat, phone_verification, profile, wallet, overview, payment_attempts, regions, pin_reset,
                   authorizations, family, support_tickets, persons):
        keyed.include_router(module.router)
    if settings.demo_mode:
        api.include_router(demo.public_router)
        keyed.include_router(demo.keyed_router)
    api.include_router(keyed)
    return api


def create_app(settings: Optional[WalletSettings] = None, *, clock: Optional[Clock] = None) -> FastAPI:
    """Build the app; creates the schema and seeds personas immediately.

    `clock` returns the current aware datetime; tests inject one to move time.
    """
    settings = settings or WalletSettings.from_env()
    clock = clock or system_clock
    sessions = create_session_factories(create_db_engine(settings.database_url))
    init_database(sessions, settings, clock)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        sessions.dispose()

    app = FastAPI(
        title="医保钱包 wallet backend (demo platform)",
        version="1.0.0",
        description="Stand-in for the national medical-insurance platform. See docs/wallet-api.md.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.clock = clock
    app.state.sessions = sessions
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    _install_error_handlers(app)

    @app.get("/healthz", tags=["health"])
    def healthz() -> Dict[str, str]:
        # Names this service and instance: the process runner waits for exactly this one.
        return service_health(WALLET)

    app.include_router(_api_router(settings))
    app.include_router(pin_reset_page.router)
    return app
