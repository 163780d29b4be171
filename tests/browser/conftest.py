"""A real browser for the website-widget tests: Debian's Chromium driven by Playwright.

`playwright install` cannot download browsers here, so the system Chromium is used
(`apt-get install -y chromium`; .ci/run installs it). Without /usr/bin/chromium the browser tests
are skipped with that reason; a missing widget bundle (npm) is a failure, not a skip.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Iterator, List

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser(stack) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: install it with `apt-get install -y chromium` (.ci/run does)")
    bundle = httpx.get(f"{stack.web_url}/widget.js", timeout=10)
    assert bundle.status_code == 200, (
        "the widget bundle is not installed; run `make setup` (npm ci --prefix bot/web): " + bundle.text)
    from playwright.sync_api import expect, sync_playwright

    # Bot messages show after the widget's typing delay (up to 3 s each), several per turn.
    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()


@pytest.fixture
def dialogs() -> List[str]:
    """Messages of any alert/confirm/prompt a page opened (injected script would show up here)."""
    return []


@pytest.fixture
def page(context, dialogs):
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return page


@pytest.fixture
def shot(artifacts_dir: Path, request) -> Callable:
    """shot(page, "step") saves test-artifacts/screenshots/<test>-<nn>-<step>.png."""
    folder = artifacts_dir / "screenshots"
    folder.mkdir(exist_ok=True)
    test = re.sub(r"[^\w-]+", "_", request.node.name)
    counter = iter(range(1, 100))

    def save(page, step: str) -> Path:
        path = folder / f"{test}-{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=False)
        return path

    return save
