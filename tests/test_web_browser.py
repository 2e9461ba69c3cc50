"""The web page end to end: uvicorn on 127.0.0.1, driven by Debian's Chromium through Playwright.

Chromium comes from the system (tools/ensure-chromium.sh installs it); Playwright's own
browser download is never used. Without /usr/bin/chromium these tests fail and say what to
run, unless POLICY_CHECK_SKIP_BROWSER=1 asks to skip them.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from policy_check.web import create_app
from policy_check.web.server import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSULT = "My manager Dave is a useless idiot"

pytestmark = pytest.mark.skipif(
    os.environ.get("POLICY_CHECK_SKIP_BROWSER") == "1", reason="POLICY_CHECK_SKIP_BROWSER=1 skips the browser tests"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(checker) -> Iterator[str]:
    """The app under uvicorn, configured as `policy-check serve` runs it, in a background thread."""
    port = _free_port()
    server = make_server(create_app(checker), "127.0.0.1", port)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start", pytrace=False)
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Chromium, or the reason there is none (reported by each test as a failure, not a skip)."""
    if not CHROMIUM.exists():
        yield (
            f"{CHROMIUM} is missing, so the web page cannot be tested in a browser. "
            "Run tools/ensure-chromium.sh as root to install Debian's chromium "
            "(or set POLICY_CHECK_SKIP_BROWSER=1 to skip these tests)."
        )
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Page:
    """A Playwright page plus what it did that a test may want to rule out."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

        def on_dialog(dialog) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)

    def check(self, text: str, platform: str | None = None) -> None:
        self.page.get_by_label("Your draft post").fill(text)
        if platform:
            self.page.get_by_label("Where will you post it?").select_option(platform)
        self.page.get_by_role("button", name="Check my post").click()
        self.page.wait_for_selector("#results .verdict")

    def assert_well_behaved(self) -> None:
        """No script errors or CSP violations, no dialogs, and no request left this machine."""
        assert self.console_errors == []
        assert self.dialogs == []
        origin = urlparse(self.base_url).netloc
        assert all(urlparse(url).netloc == origin for url in self.requests), self.requests


@pytest.fixture
def open_page(browser, base_url) -> Iterator[Callable[..., Page]]:
    contexts = []

    def open_(width: int = 1280, height: int = 900) -> Page:
        if isinstance(browser, str):
            pytest.fail(browser, pytrace=False)
        context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
        contexts.append(context)
        page = Page(context.new_page(), base_url)
        page.page.goto(base_url + "/")
        return page

    yield open_
    for context in contexts:
        context.close()


def marked_words(page) -> list[str]:
    return page.locator("#results .post-text mark").all_text_contents()


def is_marked(page, words: str) -> bool:
    """Whether `words` sit inside one <mark> (touching flagged words share a mark)."""
    return any(words in mark for mark in marked_words(page))


def test_an_insult_is_cited_with_the_clause_and_the_words_marked(open_page):
    p = open_page()
    results = p.page.locator("#results")
    assert results.get_attribute("aria-live") == "polite"
    p.check(INSULT, platform="x")

    verdict = p.page.locator("#results .verdict")
    assert verdict.get_attribute("data-verdict") == "breach"
    assert "Breach" in verdict.inner_text() or "BREACH" in verdict.inner_text()
    assert "do not post" in verdict.inner_text().lower()

    finding = p.page.locator("#results .finding").filter(has_text="Respect for colleagues").first
    assert "Clause 6.1" in finding.inner_text()
    assert is_marked(p.page, "useless idiot")
    assert "Why:" in finding.inner_text() and "What to do instead:" in finding.inner_text()
    link = finding.get_by_role("link", name="Read clause 6.1 in full")
    assert link.get_attribute("href").startswith("/clauses/")
    p.assert_well_behaved()


def test_the_check_works_from_the_keyboard_alone(open_page):
    p = open_page()
    page = p.page
    page.get_by_label("Your draft post").focus()
    page.keyboard.type(INSULT)
    # Tab through the form to the button, as a keyboard user would.
    for _ in range(25):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "check-button":
            break
    else:
        pytest.fail("the Check button cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results .verdict")
    assert is_marked(page, "useless idiot")
    assert "Clause 6.1: Respect for colleagues" in page.locator("#results").inner_text()

    # The clause link is next in the tab order after the button.
    for _ in range(10):
        page.keyboard.press("Tab")
        if "Read clause" in page.evaluate("document.activeElement.textContent || ''"):
            break
    else:
        pytest.fail("the clause link cannot be reached with Tab")
    p.assert_well_behaved()


def test_ctrl_enter_checks_from_the_text_box(open_page):
    p = open_page()
    box = p.page.get_by_label("Your draft post")
    box.fill(INSULT)
    box.press("Control+Enter")
    p.page.wait_for_selector("#results .verdict")
    assert is_marked(p.page, "useless idiot")


def test_markup_in_a_post_is_shown_as_text(open_page):
    p = open_page()
    hostile = 'Look <img src=x onerror="document.title=\'pwned\';alert(1)"> <b>bold</b> ' + INSULT
    p.check(hostile)
    shown = p.page.locator("#results .post-text")
    assert '<img src=x onerror="document.title' in shown.inner_text()
    assert "<b>bold</b>" in shown.inner_text()
    assert p.page.locator("#results img").count() == 0
    assert p.page.locator("#results b").count() == 0
    assert p.page.title() != "pwned"
    p.assert_well_behaved()


def test_marks_are_placed_by_code_point_after_an_emoji(open_page, checker):
    # Spans count code points; JavaScript strings count UTF-16 units, and each emoji is two.
    text = "🙂🙂 " + INSULT
    p = open_page()
    p.check(text)
    spans = [s.text for f in checker.check({"text": text}).findings for s in f.spans]
    marks = marked_words(p.page)
    assert is_marked(p.page, "useless idiot")
    for mark in marks:
        assert any(mark.startswith(s) for s in spans) and any(mark.endswith(s) for s in spans), (mark, spans)


def test_an_empty_draft_asks_for_text_without_checking(open_page):
    p = open_page()
    p.page.get_by_role("button", name="Check my post").click()
    error = p.page.locator("#text-error")
    error.wait_for(state="visible")
    assert "paste" in error.inner_text().lower()
    assert p.page.evaluate("document.activeElement.id") == "text"
    assert p.page.get_by_label("Your draft post").get_attribute("aria-invalid") == "true"
    assert not any(url.endswith("/api/check") for url in p.requests)


def test_a_clear_post_says_so_in_words(open_page):
    p = open_page()
    p.check("Lovely evening walk along the seafront with the dog", platform="instagram")
    verdict = p.page.locator("#results .verdict")
    assert verdict.get_attribute("data-verdict") == "clear"
    assert "no problems found" in verdict.inner_text().lower()


def test_changing_the_draft_marks_the_result_out_of_date(open_page):
    p = open_page()
    p.check(INSULT)
    stale = p.page.locator("#stale-note")
    assert stale.is_hidden()
    p.page.get_by_label("Your draft post").press("End")
    p.page.keyboard.type(" really")
    stale.wait_for(state="visible")


def test_the_clause_link_opens_the_full_clause(open_page):
    p = open_page()
    p.check(INSULT)
    with p.page.context.expect_page() as opened:
        p.page.get_by_role("link", name="Read clause 6.1 in full").click()
    clause = opened.value
    clause.wait_for_load_state()
    assert clause.locator("h1").inner_text() == "Clause 6.1: Respect for colleagues"
    assert len(clause.locator(".clause-text").inner_text()) > 100


def test_the_page_fits_a_phone_screen(open_page):
    p = open_page(width=390, height=844)
    p.check(INSULT)
    assert p.page.evaluate("document.documentElement.scrollWidth") <= 390
    box = p.page.get_by_label("Your draft post").bounding_box()
    assert box and box["width"] > 300  # the text box uses the screen, not a desktop-sized sliver
    assert is_marked(p.page, "useless idiot")
    p.assert_well_behaved()
