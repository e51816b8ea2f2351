"""The web page end to end: the real server (`live_server`) driven by headless Chromium.

Debian's chromium is driven by Playwright; nothing is downloaded at test time. The run
writes a screenshot of each view to docs/ for the README.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
DOCS = Path(__file__).resolve().parents[2] / "docs"
MATCH_TIMEOUT = 120_000
"""Milliseconds a match may take in the page (the first one on a busy 2-core machine is slow)."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

NURSE_RESUME = (
    "Maria Lopez\nREGISTERED NURSE\nmaria.lopez@example.com | 555-0100\n"
    "Summary\nRegistered nurse with 6 years in medical-surgical and intensive care units.\n"
    "Experience\nStaff Nurse, Mercy Hospital (2018-2024)\n"
    "- Performed patient assessment and triage for a 30-bed ICU.\n"
    "- Administered medication and IV therapy; documented care plans in Epic.\n"
    "Certifications: BLS, ACLS\nLicenses: RN license, Massachusetts\n"
    "Education\nBachelor of Science in Nursing (BSN), Boston College\n"
)

SEEN: list[str] = []
"""Every URL any page requested during the session (checked by the last test)."""


def _pdf(path: Path, text: str) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in text.splitlines():
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the session."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing; run `make test`, which installs Debian's chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=MATCH_TIMEOUT)  # a first match on a busy machine takes seconds
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(browser: Any, url: str, width: int = 1280, height: int = 900) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(MATCH_TIMEOUT)
    errors: list[str] = []
    page.on("request", lambda request: SEEN.append(request.url))
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(url + "/")
    page.wait_for_function(
        "!document.getElementById('health').textContent.startsWith('Connecting')"
    )
    page.errors = errors  # type: ignore[attr-defined]
    return context, page


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """The page at 1280x900; fails the test on any uncaught script error."""
    context, page = _open(browser, live_server.url)
    yield page
    errors = page.errors
    context.close()
    assert errors == [], f"script errors in the page: {errors}"


def _focus_by_tab(page: Any, selector: str, limit: int = 25) -> None:
    """Presses Tab until the element at ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement === document.querySelector(s)", selector):
            return
    raise AssertionError(f"{selector} was not reached with {limit} Tab presses")


def _outline(page: Any) -> str:
    return str(page.evaluate("getComputedStyle(document.activeElement).outlineStyle"))


def _screenshot(page: Any, name: str, height: int | None = None) -> None:
    """The viewport, or the page's top ``height`` pixels, to docs/``name``."""
    DOCS.mkdir(exist_ok=True)
    if height is None:
        page.screenshot(path=str(DOCS / name))
        return
    width = page.viewport_size["width"]
    clip = {"x": 0, "y": 0, "width": width, "height": height}
    page.screenshot(path=str(DOCS / name), full_page=True, clip=clip)


def test_job_seeker_uploads_a_resume_pdf(page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.set_input_files("#resume-file", str(_pdf(tmp_path / "maria-lopez.pdf", NURSE_RESUME)))
    page.select_option("#jobs-top-k", "5")
    page.click("#jobs-submit")
    expect(page.locator("#jobs-submit")).to_be_disabled()
    cards = page.locator("#jobs-results .card")
    expect(cards.first).to_be_visible()
    expect(page.locator("#jobs-submit")).to_be_enabled()
    assert cards.count() == 5
    first = cards.first
    assert first.get_attribute("data-id") == "job-nurse"
    expect(first.locator("h3")).to_have_text("Registered Nurse, ICU")
    expect(first.locator(".meta")).to_contain_text("St. Mary Hospital")
    expect(first.locator(".occupation")).to_contain_text("Registered Nurses")
    meters = page.locator("#jobs-results [role=meter]")
    assert meters.count() == 5
    numbers = page.locator("#jobs-results .fit-num").all_text_contents()
    values = [meters.nth(i).get_attribute("aria-valuenow") for i in range(5)]
    assert numbers == values
    assert all(n.isdigit() and 0 <= int(n) <= 100 for n in numbers)
    assert int(numbers[0]) >= int(numbers[-1])
    assert first.locator(".req-met").count() >= 3
    assert page.locator("#jobs-results .req-missing").count() >= 1

    item = first.locator(".req-met").first
    item.locator("summary").click()
    mark = item.locator(".context mark")
    expect(mark).to_be_visible()
    evidence = mark.text_content() or ""
    context = item.locator(".context").text_content() or ""
    assert evidence.strip()
    assert len(context) > len(evidence)  # the passage is shown within its surroundings
    assert " ".join(evidence.split()) in " ".join(NURSE_RESUME.split())
    _screenshot(page, "screenshot-job-seeker.png", height=1500)  # the form and the best job


def test_recruiter_pastes_a_posting_and_opens_an_explanation(page: Any, live_server: Any) -> None:
    from playwright.sync_api import expect

    posting = live_server.jobs["job-software"][1]
    page.get_by_role("tab", name="Find candidates").click()
    expect(page.locator("#view-candidates")).to_be_visible()
    expect(page.locator("#view-jobs")).to_be_hidden()
    page.fill("#posting-text", posting)
    page.click("#candidates-submit")
    cards = page.locator("#candidates-results .card")
    expect(cards.first).to_be_visible()
    assert cards.count() == len(live_server.resumes)
    assert cards.first.get_attribute("data-id") == "resume-software"
    assert page.locator("#candidates-results [role=meter]").count() == cards.count()

    button = cards.first.get_by_role("button", name="Explain")
    button.click()
    dialog = page.locator("#explain")
    expect(dialog).to_be_visible()
    columns = dialog.locator(".doc-col")
    expect(columns).to_have_count(2)
    expect(columns.nth(0)).to_contain_text("Cloudworks builds APIs")
    expect(columns.nth(1)).to_contain_text("Jonas Weber")
    assert columns.nth(0).locator("mark.hl").count() >= 3  # the posting's requirements
    resume_marks = columns.nth(1).locator("mark.hl-met")
    assert resume_marks.count() >= 1  # the evidence in the resume
    resume_text = live_server.resumes["resume-software"][1]
    for text in resume_marks.all_text_contents():
        assert text in resume_text
    expect(dialog.locator(".req-met").first).to_be_visible()
    left, right = (columns.nth(i).bounding_box() for i in range(2))
    assert left["x"] + left["width"] <= right["x"]  # side by side on a wide screen
    _screenshot(page, "screenshot-recruiter.png")

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    focused = page.evaluate(
        "[document.activeElement.textContent, document.activeElement.closest('.card')?.dataset.id]"
    )
    assert focused == ["Explain", "resume-software"]


def test_recruiter_picks_a_stored_posting(page: Any) -> None:
    from playwright.sync_api import expect

    page.get_by_role("tab", name="Find candidates").click()
    expect(page.locator("#posting-pick option[value='job-nurse']")).to_have_count(1)
    page.select_option("#posting-pick", "job-nurse")
    expect(page.locator("#posting-text-hint")).to_contain_text("not used")
    page.click("#candidates-submit")
    cards = page.locator("#candidates-results .card")
    expect(cards.first).to_be_visible()
    assert cards.first.get_attribute("data-id") == "resume-nurse"
    expect(cards.first.locator("h3")).to_have_text("Registered Nurse")


def test_recruiter_uploads_a_posting_file(page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    posting = tmp_path / "nurse-posting.txt"
    posting.write_text(
        "Registered Nurse - Medical/Surgical\nRequirements:\n- Active RN license\n"
        "- BLS certification\n- 2+ years of hospital nursing experience\n",
        "utf-8",
    )
    page.get_by_role("tab", name="Find candidates").click()
    page.set_input_files("#posting-file", str(posting))
    expect(page.locator("#posting-text-hint")).to_contain_text("file is chosen")
    page.click("#candidates-submit")
    cards = page.locator("#candidates-results .card")
    expect(cards.first).to_be_visible()
    assert cards.first.get_attribute("data-id") == "resume-nurse"


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("cv.pdf", b"%PDF-1.4 garbage", "not a readable PDF"),
        ("cv.docx", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "Windows Executable"),
    ],
)
def test_a_corrupt_file_shows_the_servers_message(
    page: Any, name: str, data: bytes, words: str
) -> None:
    from playwright.sync_api import expect

    page.set_input_files(
        "#resume-file", files=[{"name": name, "mimeType": "application/pdf", "buffer": data}]
    )
    page.click("#jobs-submit")
    alert = page.locator("#jobs-error")
    expect(alert).to_be_visible()
    assert alert.get_attribute("role") == "alert"
    expect(alert).to_contain_text("The file could not be read")
    expect(alert).to_contain_text(name)
    expect(alert).to_contain_text(words)
    expect(page.locator("#jobs-submit")).to_be_enabled()
    assert page.locator("#jobs-results .card").count() == 0

    page.click("#resume-clear")  # the page still works after the error
    page.fill("#resume-text", NURSE_RESUME)
    page.click("#jobs-submit")
    expect(page.locator("#jobs-results .card").first).to_be_visible()
    expect(alert).to_be_hidden()


def test_keyboard_only(page: Any) -> None:
    from playwright.sync_api import expect

    _focus_by_tab(page, "#resume-text")
    assert _outline(page) != "none"
    page.keyboard.insert_text(NURSE_RESUME)
    _focus_by_tab(page, "#jobs-submit")
    assert _outline(page) != "none"
    page.keyboard.press("Enter")
    expect(page.locator("#jobs-results .card").first).to_be_visible()
    assert page.locator("#jobs-results .card").first.get_attribute("data-id") == "job-nurse"

    _focus_by_tab(page, "#jobs-results .card summary")  # requirements open with the keyboard
    page.keyboard.press("Enter")
    expect(page.locator("#jobs-results .card details[open] mark").first).to_be_visible()

    page.focus("#tab-jobs")  # the tabs switch with the arrow keys
    page.keyboard.press("ArrowRight")
    expect(page.locator("#view-candidates")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "tab-candidates"


def test_readable_on_a_375px_screen(browser: Any, live_server: Any) -> None:
    from playwright.sync_api import expect

    context, page = _open(browser, live_server.url, width=375, height=800)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.fill("#resume-text", NURSE_RESUME)
        page.select_option("#jobs-top-k", "5")
        page.click("#jobs-submit")
        first = page.locator("#jobs-results .card").first
        expect(first).to_be_visible()
        first.locator(".req-met summary").first.click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        box = first.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 375
        first.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -60)")
        _screenshot(page, "screenshot-mobile.png")

        first.get_by_role("button", name="Explain").click()  # stacked, not side by side
        columns = page.locator("#explain .doc-col")
        expect(columns).to_have_count(2)
        left, right = (columns.nth(i).bounding_box() for i in range(2))
        assert right["y"] >= left["y"] + left["height"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert page.errors == []
    finally:
        context.close()


def test_an_api_key_is_asked_for_and_sent(page: Any) -> None:
    from playwright.sync_api import expect

    sent: list[str | None] = []

    def guard(route: Any) -> None:  # the server as if JOBFIT_API_KEY were set
        key = route.request.headers.get("x-api-key")
        sent.append(key)
        if key != "s3cret":
            route.fulfill(
                status=401,
                content_type="application/json",
                body='{"error": {"status": 401, "type": "unauthorized", "message": "missing key"}}',
            )
        else:
            route.continue_()

    page.route("**/v1/match/jobs", guard)
    page.fill("#resume-text", NURSE_RESUME)
    page.click("#jobs-submit")
    expect(page.locator("#jobs-error")).to_contain_text("needs an API key")
    expect(page.locator("#api-key")).to_be_focused()
    page.keyboard.insert_text("s3cret")
    page.keyboard.press("Enter")
    expect(page.locator("#jobs-results .card").first).to_be_visible()
    assert sent == [None, "s3cret"]
    assert page.evaluate("sessionStorage.getItem('jobfit-api-key')") == "s3cret"


def test_a_busy_server_says_when_to_retry(page: Any) -> None:
    from playwright.sync_api import expect

    body = (
        '{"error": {"status": 503, "type": "busy", "message": "the service is busy '
        '(64 requests are waiting for the model); retry in 7 s"}}'
    )
    page.route(
        "**/v1/match/jobs",
        lambda route: route.fulfill(
            status=503, content_type="application/json", headers={"Retry-After": "7"}, body=body
        ),
    )
    page.fill("#resume-text", NURSE_RESUME)
    page.click("#jobs-submit")
    expect(page.locator("#jobs-error")).to_contain_text("retry in 7 s")
    page.unroute("**/v1/match/jobs")
    page.route("**/v1/match/jobs", lambda route: route.abort("connectionrefused"))
    page.click("#jobs-submit")
    expect(page.locator("#jobs-error")).to_contain_text("cannot be reached")


def test_no_request_leaves_the_server(page: Any, live_server: Any) -> None:
    """Run last: every URL the page asked for in this session is the server's own."""
    from playwright.sync_api import expect

    page.fill("#resume-text", NURSE_RESUME)
    page.click("#jobs-submit")
    expect(page.locator("#jobs-results .card").first).to_be_visible()
    assert SEEN
    assert [u for u in SEEN if not u.startswith(live_server.url + "/")] == []
