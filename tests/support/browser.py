"""Debian's Chromium driven by Playwright (never a downloaded browser), axe-core for
accessibility, and a phone-sized viewport for the pages' small-screen layout."""

import contextlib
from collections.abc import AsyncIterator

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, Page, ViewportSize, async_playwright

CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium keeps trying to reach hosts this machine cannot.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = ViewportSize(width=390, height=844)


@contextlib.asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            await browser.close()


async def accessibility_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page, by rule id."""
    result = await Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    )
    return [violation["id"] for violation in result.response["violations"]]


@contextlib.asynccontextmanager
async def on_a_phone(page: Page) -> AsyncIterator[Page]:
    """The page laid out on a 390×844 phone screen, then put back to its own size."""
    before = page.viewport_size
    await page.set_viewport_size(PHONE)
    try:
        yield page
    finally:
        if before is not None:
            await page.set_viewport_size(before)


async def assert_fits_the_screen(page: Page) -> None:
    """The page is no wider than the browser's screen: nothing to scroll sideways."""
    wide, screen = await page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert wide <= screen, f"{page.url} is {wide} px wide on a {screen} px screen"


async def assert_no_sideways_scroll(page: Page) -> None:
    """On a 390 px phone the page is no wider than the screen."""
    async with on_a_phone(page):
        await assert_fits_the_screen(page)


async def assert_usable(page: Page) -> None:
    """The page passes axe's checks and fits the screen, at the browser's own width and on a
    phone."""
    assert await accessibility_violations(page) == [], page.url
    await assert_fits_the_screen(page)
    await assert_no_sideways_scroll(page)
    async with on_a_phone(page):
        assert await accessibility_violations(page) == [], f"{page.url} on a phone"
