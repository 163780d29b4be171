"""The website's own routes (no browser): page, loader, sign-in proxy, failure answers."""
from __future__ import annotations

import re

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.web.app import create_app
from bot.web.config import WebSettings


@pytest.fixture
def site(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.web_url, timeout=10) as client:
        yield client


def test_page_is_utf8_chinese_with_one_tag_embed_and_a_strict_policy(site, stack):
    page = site.get("/")
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert '<meta charset="utf-8">' in page.text and "匿名访问" in page.text
    tag = re.search(r'<script src="/embed.js"[^>]*>', page.text, re.S).group(0)
    assert f'data-socket-url="{stack.rasa_url}"' in tag
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and f"connect-src 'self' {stack.rasa_url}" in policy
    assert "<script>" not in page.text  # no inline script: the policy would block it anyway
    assert site.get("/embed.js").headers["content-type"].startswith("text/javascript")


def test_sign_in_goes_through_the_site_without_the_service_key(site, stack):
    personas = site.get("/api/personas").json()
    assert personas["demo"] is True
    assert {"id": "sun_pin_locked", "name": "孙敏"}.items() <= next(
        p for p in personas["personas"] if p["id"] == "sun_pin_locked").items()
    session = site.post("/signin", json={"persona": "sun_pin_locked"})
    assert session.status_code == 200 and session.json()["name"] == "孙敏"
    profile = httpx.get(f"{stack.wallet_url}/api/v1/me/profile",
                        headers={"X-Service-Key": stack.env["WALLET_SERVICE_KEY"],
                                 "X-User-Token": session.json()["token"]}, timeout=10)
    assert profile.json()["id"] == "sun_pin_locked"
    assert site.post("/signin", json={"persona": "nobody_here"}).status_code == 404
    assert site.post("/signin", json={"persona": 3}).status_code == 422
    assert site.post("/signin", content=b"{not json").status_code == 400


def test_wallet_down_answers_cleanly():
    down = TestClient(create_app(WebSettings(wallet_url="http://127.0.0.1:9", wallet_timeout=1)))
    assert down.get("/api/personas").status_code == 502
    assert down.post("/signin", json={"persona": "zhang_ok"}).json() == {"detail": "wallet_unavailable"}
    assert down.get("/").status_code == 200  # anonymous chat still works without the wallet


def test_widget_bundle_patch_is_exact_or_refused():
    from bot.web.bundle import FONT_IMPORT, FONT_IMPORTS_EXPECTED, IS_INITIALIZED, BundleError, patch

    old, new = IS_INITIALIZED
    source = (FONT_IMPORT + ".rw-x{font-family:Inter,sans-serif}") * FONT_IMPORTS_EXPECTED + old
    patched = patch(source)
    assert "fonts.googleapis.com" not in patched and new in patched and old not in patched
    # Another widget version (a font import more or less, another isInitialized) is not patched
    # blindly: the site says so instead of serving a half-fixed widget.
    for changed in (source.replace(FONT_IMPORT, "", 1), source.replace(old, "")):
        with pytest.raises(BundleError):
            patch(changed)
