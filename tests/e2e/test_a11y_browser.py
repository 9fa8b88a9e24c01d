"""Accessibility, measured (issue 13, point 3), in Debian's Chromium on the real app.

axe-core (bundled by axe-playwright-python, so no network) runs on every page, on the demo
story and on an empty journal, at desktop and phone width: no serious or critical violation.
Beside it, what axe cannot settle: captions and the words inside charts (SVG text) are measured
against their background for 4.5:1; keyboard focus on links, buttons and tabs is a solid ring
of 3:1 or more; and a mood is saved from the Log page with at most 12 presses of Tab.
Screenshots (desktop 1280 × 900, phone 390 × 844, focus rings) go to artifacts/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from dashboard import PROJECT_DIR

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# The pages as the sidebar lists them (Welcome is hidden there; it is checked on a first visit).
PAGES = ("Today", "Log", "No contact", "Patterns", "Cycles", "Mood", "Guidance", "Snapshot", "Data")
# Tabs drawn on the page at once, each shown in turn for axe (a hidden tab is not checked).
TABS = {"Log": ("Mood", "Contact", "Urge", "Milestone"), "Data": None}
BAD = ("serious", "critical")
# A cold server (first import of Altair and DuckDB's queries) can take a while to draw.
FIRST_DRAW_MS = 30_000
MAX_TABS = 12
SHOTS = PROJECT_DIR / "artifacts" / "screenshots"


def slug(title: str) -> str:
    return re.sub(r"\W+", "_", title.strip().lower())


# -- axe ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def violations(axe: Any, page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    results = axe.run(page)
    return [v for v in results.response["violations"] if v["impact"] in BAD]


def report(found: dict[str, list[dict[str, Any]]]) -> str:
    """Per place: each violation, its rule's help and the elements it was found on."""
    lines = []
    for place, bad in found.items():
        for v in bad:
            lines.append(f"{place}: {v['id']} ({v['impact']}) — {v['help']} [{len(v['nodes'])}]")
            for node in v["nodes"][:5]:
                checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
                why = "; ".join(c["message"] for c in checks)
                lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
                lines.append(f"      {why[:300]}")
    return "\n".join(lines)


def summary(found: dict[str, list[dict[str, Any]]]) -> str:
    """'place: 0' or 'place: 3 (color-contrast 3)' per place, for the log of the run."""
    parts = []
    for place, bad in found.items():
        counts = ", ".join(f"{v['id']} {len(v['nodes'])}" for v in bad)
        parts.append(f"{place}: {len(bad)}" + (f" ({counts})" if counts else ""))
    return "\n".join(parts)


def visit(page: Any, base_url: str, path: str, wait_idle: Any, assert_no_error: Any) -> None:
    """Load a page by its address and wait until it is drawn (a first draw may be slow)."""
    from playwright.sync_api import expect

    page.goto(f"{base_url}/{path}")
    heading = page.get_by_test_id("stMain").get_by_role("heading").first
    expect(heading).to_be_visible(timeout=FIRST_DRAW_MS)
    wait_idle(page)
    assert_no_error(page)


def sidebar_pages(page: Any) -> dict[str, str]:
    """The sidebar's pages as {title: path}, in their order."""
    links = page.get_by_test_id("stSidebarNav").get_by_role("link")
    pages = {}
    for link in links.all():
        title = link.inner_text().strip().splitlines()[-1].strip()
        href = link.get_attribute("href") or ""
        pages[title] = re.sub(r"^https?://[^/]+/?", "", href)
    return pages


def each_state(
    page: Any, title: str, after_run: Any, wait_idle: Any, prepare: bool = False
) -> Iterator[str]:
    """Show each state of a page worth checking in turn; yields a name for each."""
    yield title
    tabs = TABS.get(title, ())
    names = tabs if tabs else []
    if tabs is None:
        main = page.get_by_test_id("stMain")
        names = [t.strip() for t in main.get_by_role("tab").all_inner_texts()]
    for name in names[1:]:
        tab = page.get_by_test_id("stMain").get_by_role("tab", name=name, exact=True)
        after_run(page, tab.click)
        yield f"{title} › {name}"
    if prepare and title == "Snapshot":
        button = page.get_by_role("button", name="Prepare the snapshot")
        after_run(page, button.click)
        from playwright.sync_api import expect

        expect(page.get_by_role("heading", name="Preview")).to_be_visible()
        wait_idle(page)
        yield "Snapshot › prepared"


def check_demo_pages(
    demo_url: str,
    browser: Any,
    viewport: dict[str, int],
    label: str,
    axe: Any,
    helpers: dict[str, Any],
) -> dict[str, list[dict[str, Any]]]:
    """axe on every page of the demo story (and each of its tabs) at this size."""
    page = helpers["new_page"](browser, viewport)
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        visit(page, demo_url, "", helpers["wait_idle"], helpers["assert_no_error"])
        pages = sidebar_pages(page)
        assert list(pages) == list(PAGES), pages
        for title, path in pages.items():
            visit(page, demo_url, path, helpers["wait_idle"], helpers["assert_no_error"])
            helpers["shoot"](page, f"a11y-{label}-{slug(title)}", full_page=False)
            states = each_state(
                page, title, helpers["after_run"], helpers["wait_idle"], prepare=True
            )
            for state in states:
                found[f"{label} {state}"] = violations(axe, page)
            helpers["assert_no_error"](page)
    finally:
        page.context.close()
    return found


@pytest.mark.parametrize(("viewport", "label"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_axe_finds_nothing_serious_on_the_demo_story(
    demo_url: str,
    browser: Any,
    axe: Any,
    helpers: dict[str, Any],
    viewport: dict[str, int],
    label: str,
) -> None:
    """Every page (each tab, and the prepared snapshot) of the demo story, at both sizes."""
    found = check_demo_pages(demo_url, browser, viewport, label, axe, helpers)
    print(summary(found))
    assert not any(found.values()), report(found)


def test_axe_finds_nothing_serious_on_an_empty_journal(
    empty_url: str, browser: Any, axe: Any, helpers: dict[str, Any]
) -> None:
    """A first visit's welcome, then every page with nothing logged yet."""
    from playwright.sync_api import expect

    page = helpers["new_page"](browser, DESKTOP)
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        page.goto(empty_url)
        welcome = page.get_by_role("heading", name="Welcome to Tideline")
        expect(welcome).to_be_visible(timeout=FIRST_DRAW_MS)
        helpers["wait_idle"](page)
        helpers["shoot"](page, "a11y-empty-welcome", full_page=False)
        found["empty Welcome"] = violations(axe, page)
        page.get_by_role("button", name="Start my own journal").click()
        expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
        helpers["wait_idle"](page)
        assert list(sidebar_pages(page)) == list(PAGES)
        for title in PAGES:
            helpers["go_to"](page, title)
            for state in each_state(page, title, helpers["after_run"], helpers["wait_idle"]):
                found[f"empty {state}"] = violations(axe, page)
    finally:
        page.context.close()
    print(summary(found))
    assert not any(found.values()), report(found)


# -- contrast axe leaves open ------------------------------------------------------------------
# The contrast of every caption (page and sidebar) and of every word drawn inside a chart (SVG
# text), against the colour under it. axe reports these as "incomplete": the sidebar is
# overlapped by its resize handle, and chart text lies over drawn marks.
CONTRAST_JS = """() => {
    const parse = s => {
        const m = /rgba?\\(([^)]+)\\)/.exec(s || '');
        if (!m) return null;
        const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const hex = s => {
        const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((s || '').trim());
        if (!m) return parse(s);
        const h = m[1].length === 3 ? [...m[1]].map(c => c + c).join('') : m[1];
        return [0, 2, 4].map(i => parseInt(h.slice(i, i + 2), 16)).concat([1]);
    };
    const over = (fg, bg) => [0, 1, 2].map(i => fg[i] * fg[3] + bg[i] * (1 - fg[3])).concat([1]);
    const lum = c => {
        const f = v => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const ratio = (a, b) => {
        const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
    };
    const under = el => {
        const layers = [];
        for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
            const c = parse(getComputedStyle(e).backgroundColor);
            if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
        }
        return layers.reverse().reduce((bg, c) => over(c, bg), [255, 255, 255, 1]);
    };
    const opacity = el => {
        let o = 1;
        for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
            o *= Number(getComputedStyle(e).opacity);
        }
        return o;
    };
    const visible = el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const needed = el => {
        const style = getComputedStyle(el);
        const size = parseFloat(style.fontSize);
        const bold = Number(style.fontWeight) >= 700;
        return size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    };
    const failures = [];
    const check = (el, fg, kind) => {
        const text = (el.textContent || '').trim();
        if (!text || !fg || !visible(el)) return;
        const alpha = fg[3] * opacity(el);
        if (alpha === 0) return;
        const bg = under(el);
        const r = ratio(over([fg[0], fg[1], fg[2], alpha], bg), bg);
        if (r < needed(el)) failures.push(`${kind} ${r.toFixed(2)}:1 "${text.slice(0, 60)}"`);
    };
    document.querySelectorAll('[data-testid=stCaptionContainer] *').forEach(el => {
        if (el.children.length === 0) check(el, parse(getComputedStyle(el).color), 'caption');
    });
    document.querySelectorAll('[data-testid=stVegaLiteChart] svg text').forEach(el => {
        const fill = el.getAttribute('fill') || getComputedStyle(el).fill;
        const fg = hex(fill);
        const alpha = Number(el.getAttribute('fill-opacity') ?? 1)
            * Number(el.getAttribute('opacity') ?? 1);
        if (fg) check(el, [fg[0], fg[1], fg[2], fg[3] * alpha], 'chart text');
    });
    return failures;
}"""


def test_captions_and_chart_words_reach_4_5_to_1(
    demo_url: str, browser: Any, helpers: dict[str, Any]
) -> None:
    """Every caption and every word in a chart, on every page of the demo story."""
    page = helpers["new_page"](browser, DESKTOP)
    failures: dict[str, list[str]] = {}
    try:
        for title, path in {"Today": "", **{t: slug(t) for t in PAGES[1:]}}.items():
            visit(page, demo_url, path, helpers["wait_idle"], helpers["assert_no_error"])
            failures[title] = page.evaluate(CONTRAST_JS)
        checked = page.evaluate(
            "document.querySelectorAll('[data-testid=stCaptionContainer]').length"
        )
    finally:
        page.context.close()
    assert checked > 0  # the Data page, last, has captions: the selector still finds them
    bad = {t: f for t, f in failures.items() if f}
    assert not bad, "\n".join(f"{t}: {'; '.join(f[:8])}" for t, f in bad.items())


# -- keyboard ------------------------------------------------------------------------------------
FOCUSED_JS = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    return {
        tag: e.tagName,
        role: e.getAttribute('role'),
        testid: e.closest('[data-testid]')?.dataset.testid || '',
        name: (e.getAttribute('aria-label') || e.innerText || e.value || '').trim()
            .split('\\n').pop().slice(0, 60),
        outlineStyle: s.outlineStyle,
        outlineWidth: parseFloat(s.outlineWidth) || 0,
        outlineColor: s.outlineColor,
        box: {x: r.x, y: r.y, width: r.width, height: r.height},
    };
}"""


def ring_contrast(page: Any, colour: str) -> float:
    """Contrast of a CSS colour against the page's background (the ring sits on it)."""
    return page.evaluate(
        """(colour) => {
            const parse = s => (/rgba?\\(([^)]+)\\)/.exec(s)[1]).split(/[\\s,\\/]+/).map(Number);
            const lum = c => {
                const f = v => { v /= 255;
                    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
            };
            const app = document.querySelector('[data-testid=stApp]');
            const [a, b] = [lum(parse(colour)), lum(parse(getComputedStyle(app).backgroundColor))]
                .sort((p, q) => q - p);
            return (a + 0.05) / (b + 0.05);
        }""",
        colour,
    )


def test_keyboard_focus_is_clearly_visible(
    demo_url: str, browser: Any, helpers: dict[str, Any]
) -> None:
    """Tabbing through Log: the skip link, page links, buttons and tabs each get a solid ring."""
    page = helpers["new_page"](browser, DESKTOP)
    seen: dict[str, dict[str, Any]] = {}
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        visit(page, demo_url, "log", helpers["wait_idle"], helpers["assert_no_error"])
        kinds = {
            "skip link": lambda f: f["testid"] == "stSkipToContent",
            "page link": lambda f: f["testid"] == "stSidebarNavLink",
            "button": lambda f: f["tag"] == "BUTTON",
            "tab": lambda f: f["role"] == "tab",
        }
        for _ in range(40):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED_JS)
            if focused is None:
                continue
            for kind, test in kinds.items():
                if kind not in seen and test(focused):
                    seen[kind] = focused
                    box = focused["box"]
                    page.screenshot(
                        path=str(SHOTS / f"a11y-focus-{slug(kind)}.png"),
                        clip={
                            "x": max(0, box["x"] - 16),
                            "y": max(0, box["y"] - 16),
                            "width": box["width"] + 32,
                            "height": box["height"] + 32,
                        },
                    )
            if len(seen) == len(kinds):
                break
        assert set(seen) == set(kinds), f"not reached by Tab: {set(kinds) - set(seen)}"
        faint = {}
        for kind, focused in seen.items():
            ring = ring_contrast(page, focused["outlineColor"])
            if focused["outlineStyle"] != "solid" or focused["outlineWidth"] < 2 or ring < 3:
                faint[kind] = (
                    f"{focused['name']!r}: outline {focused['outlineStyle']} "
                    f"{focused['outlineWidth']}px {focused['outlineColor']} ({ring:.2f}:1)"
                )
    finally:
        page.context.close()
    assert not faint, faint


def test_a_mood_saved_by_keyboard_in_at_most_12_tabs(
    fresh_url: str, browser: Any, helpers: dict[str, Any]
) -> None:
    """Log page: Tab to "Skip to main content" and Enter, Tab to the mood, two right arrows
    (5 -> 7), Tab to "Save mood" and Enter. Every Tab is counted; the mood is saved as a 7."""
    from playwright.sync_api import expect

    page = helpers["new_page"](browser, DESKTOP)
    try:
        page.goto(fresh_url)
        start = page.get_by_role("button", name="Start my own journal")
        expect(start).to_be_visible(timeout=FIRST_DRAW_MS)
        start.click()
        expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
        helpers["wait_idle"](page)
        visit(page, fresh_url, "log", helpers["wait_idle"], helpers["assert_no_error"])

        stops: list[str] = []
        tabs = 0
        mood_set = False

        def press_tab() -> dict[str, Any]:
            nonlocal tabs
            page.keyboard.press("Tab")
            tabs += 1
            focused = page.evaluate(FOCUSED_JS) or {"testid": "", "name": "(page)", "tag": ""}
            stops.append(f"{tabs}: {focused['name'] or focused['testid']}")
            return focused

        # Well past 12, so that a failure says how many it takes and what is in the way.
        while tabs < 40:
            focused = press_tab()
            if focused["testid"] == "stSkipToContent":
                page.keyboard.press("Enter")
            elif focused["name"] == "How are you feeling?" and not mood_set:
                page.keyboard.press("ArrowRight")
                page.keyboard.press("ArrowRight")
                mood_set = True
            elif focused["tag"] == "BUTTON" and focused["name"] == "Save mood":
                break
        assert mood_set and stops[-1].endswith("Save mood"), stops
        helpers["after_run"](page, lambda: page.keyboard.press("Enter"))
        # Saved, and said so (a message on the page or a toast).
        expect(page.get_by_text(re.compile(r"^Saved")).first).to_be_visible()
        # The entry is there, with the mood the arrows chose.
        recent = page.get_by_test_id("stMain").get_by_text("Recent mood entries (1)")
        helpers["after_run"](page, recent.click)
        picker = page.get_by_role("combobox", name="Pick a mood entry to change or delete")
        expect(picker).to_have_value(re.compile(r"· mood 7/10$"))
        print(f"{tabs} presses of Tab: " + ", ".join(stops))
    finally:
        page.context.close()
    assert tabs <= MAX_TABS, f"{tabs} presses of Tab (at most {MAX_TABS}): " + ", ".join(stops)
