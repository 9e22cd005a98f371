"""The report flow in a real browser: report on a phone, accessibility, errors and CSP."""

import re
from collections.abc import Callable
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Page, Response, expect

from gir.accounts.models import User

REPORT_URL = "/meldingen/nieuw/"
MINE_URL = "/meldingen/mijn/"
BLOCKING_IMPACTS = {"serious", "critical"}

Login = Callable[[Page, User], None]
Screenshot = Callable[[Page, str], Path | None]


# The innermost elements that stick out to the right, to say what causes a sideways scroll.
WIDE_ELEMENTS_JS = """width => [...document.body.querySelectorAll('*')]
  .filter(el => el.getBoundingClientRect().right > width + 0.5)
  .filter(el => ![...el.children].some(c => c.getBoundingClientRect().right > width + 0.5))
  .slice(0, 8)
  .map(el => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
    + `${el.className ? '.' + String(el.className).trim().replace(/ +/g, '.') : ''}`
    + ` right=${Math.round(el.getBoundingClientRect().right)}`)"""


def assert_no_horizontal_scroll(page: Page) -> None:
    # After a click the heading can be there before the stylesheet is; measure the styled page.
    page.wait_for_load_state("load")
    width = page.viewport_size["width"] if page.viewport_size else 0
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    if scroll_width > width:
        wide = page.evaluate(WIDE_ELEMENTS_JS, width)
        raise AssertionError(f"{page.url} scrolls sideways: {scroll_width}px wide at {width}px; {wide}")


def fill_core(page: Page, *, description: str = "Een bezoeker schold mij uit aan de balie.") -> None:
    """Fill the required core; the time is prefilled with now."""
    page.select_option("#id_setting", "counter")
    page.fill("#id_description", description)
    page.locator("input[name=behaviour_kinds][value=verbal]").check()


def open_all_details(page: Page) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


def axe_problems(page: Page, *, impacts: set[str] | None = None) -> list[str]:
    """Axe-core violations on the page as readable lines; all impacts when impacts is None."""
    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']]}"
        for v in violations
        if impacts is None or v["impact"] in impacts
    ]


def test_employee_reports_on_phone_and_finds_it_in_my_reports(
    phone_page: Page, employee: User, login: Login
) -> None:
    page = phone_page
    login(page, employee)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name="Melden").click()
    expect(page).to_have_url(re.compile(REPORT_URL))
    expect(page.get_by_role("heading", level=1)).to_have_text("Incident melden")
    assert page.input_value("#id_occurred_at"), "the time should be prefilled with now"
    assert_no_horizontal_scroll(page)

    fill_core(page)
    page.get_by_role("button", name="Melding versturen").click()

    message = page.get_by_role("status")
    expect(message).to_contain_text(re.compile(r"Dank u\. Uw melding M-\d{6} is verstuurd\."))
    reference = re.search(r"M-\d{6}", message.inner_text()).group()  # type: ignore[union-attr]
    assert_no_horizontal_scroll(page)

    menu.get_by_role("link", name="Mijn meldingen").click()
    expect(page).to_have_url(re.compile(MINE_URL))
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_have_count(1)
    expect(row.locator(".status")).to_have_text("Gemeld")
    assert_no_horizontal_scroll(page)


def test_no_serious_axe_violations(
    any_page: Page, employee: User, login: Login, screenshot: Screenshot
) -> None:
    page = any_page
    login(page, employee)
    problems: dict[str, list[str]] = {}

    page.goto(REPORT_URL)
    screenshot(page, "form")
    problems["form"] = axe_problems(page, impacts=BLOCKING_IMPACTS)

    open_all_details(page)
    screenshot(page, "form-open")
    problems["form, all sections open"] = axe_problems(page, impacts=BLOCKING_IMPACTS)

    fill_core(page)
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("status")).to_contain_text("is verstuurd")
    page.goto(MINE_URL)
    expect(page.get_by_role("row")).not_to_have_count(0)
    screenshot(page, "list")
    problems["my reports"] = axe_problems(page, impacts=BLOCKING_IMPACTS)

    found = {where: lines for where, lines in problems.items() if lines}
    assert not found, "\n".join(f"{where}:\n  " + "\n  ".join(lines) for where, lines in found.items())


def test_missing_description_shows_dutch_error_and_keeps_the_rest(
    phone_page: Page, employee: User, login: Login, screenshot: Screenshot
) -> None:
    page = phone_page
    login(page, employee)
    page.goto(REPORT_URL)
    occurred_at = page.input_value("#id_occurred_at")
    fill_core(page, description="")
    page.fill("#id_address_outside", "Markt 1, Heerlen")
    page.get_by_text("Letsel, schade en getuigen").click()
    page.fill("#id_witnesses", "Jan Jansen, 06-12345678")

    page.get_by_role("button", name="Melding versturen").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Beschrijf kort wat er gebeurde.")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_description")
    field = page.locator(".field", has=page.locator("#id_description"))
    expect(field).to_contain_text("Beschrijf kort wat er gebeurde.")
    expect(page.locator("#id_occurred_at")).to_have_value(occurred_at)
    expect(page.locator("#id_setting")).to_have_value("counter")
    expect(page.locator("input[name=behaviour_kinds][value=verbal]")).to_be_checked()
    expect(page.locator("#id_address_outside")).to_have_value("Markt 1, Heerlen")
    expect(page.locator("#id_witnesses")).to_be_visible()  # its folded section opened again
    expect(page.locator("#id_witnesses")).to_have_value("Jan Jansen, 06-12345678")
    screenshot(page, "form-errors")
    assert_no_horizontal_scroll(page)


def test_form_has_csp_header_and_no_csp_violations(desktop_page: Page, employee: User, login: Login) -> None:
    page = desktop_page
    # The init script runs before the page's own scripts and is itself exempt from CSP.
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    console: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console.append(message.text)

    page.on("console", on_console)
    login(page, employee)

    response = page.goto(REPORT_URL)
    assert response is not None and response.ok
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy, f"missing or weak CSP: {policy!r}"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, policy
    expect(page.locator("#id_description")).to_be_visible()
    open_all_details(page)
    page.wait_for_load_state("networkidle")

    csp_console = [text for text in console if "Content Security Policy" in text]
    assert not csp_console, "\n".join(csp_console)
    assert page.evaluate("window.__cspViolations") == []


def test_pages_load_their_stylesheet_and_scripts(phone_page: Page, employee: User, login: Login) -> None:
    page = phone_page
    failed: list[str] = []

    def on_response(response: Response) -> None:
        # 304: the browser revalidated its cached copy, which the server still has.
        if response.request.resource_type in {"stylesheet", "script"} and response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    page.on("response", on_response)
    login(page, employee)
    page.goto(REPORT_URL)
    assert not failed, f"static files missing (does a staticfiles finder find them?): {sorted(set(failed))}"
    rules = page.evaluate("[...document.styleSheets].map(s => s.cssRules.length)")
    assert rules and all(rules), f"empty or missing stylesheets: {rules}"
