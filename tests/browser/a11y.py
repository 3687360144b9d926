"""Checks that need the test's own script in the page: axe-core, focus styles, page widths.
They run in a JS-enabled context (fixture `js_context`); the site itself sends no script."""

from tests.conftest import missing

SERIOUS = ("serious", "critical")


def axe_source() -> str:
    """axe-core as bundled by axe-playwright-python (only its JS file is used)."""
    try:
        from importlib.resources import files

        return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        missing("axe-playwright-python not installed (pip install -r requirements-dev.txt)")


def axe_violations(page, impacts=SERIOUS) -> list[str]:
    """axe-core's violations of `impacts` on the page as loaded, one line each."""
    page.add_script_tag(content=axe_source())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}) {v['help']}: "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in impacts
    ]


SIDEWAYS = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    if (e.parentElement.closest('[role=region].scroll')) return false;
    const spills = e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible';
    return e.getBoundingClientRect().right > root.clientWidth + 1 || spills;
  }).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
  return {scroll: root.scrollWidth, client: root.clientWidth, wide: wide.slice(-5)};
}"""


def sideways(page) -> dict | None:
    """None if the page fits its width; else its widths and the innermost elements that stick
    out or overflow (wide tables scroll inside their own labelled region, which is allowed)."""
    found = page.evaluate(SIDEWAYS)
    return None if found["scroll"] <= found["client"] else found


FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e), box = e.getBoundingClientRect();
  const label = e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].innerText)
    || e.innerText || e.value || e.getAttribute('href') || '';
  return {
    tag: e.tagName.toLowerCase(), label: label.trim().slice(0, 80),
    key: [e.tagName, e.id, e.name, e.value, e.getAttribute('href'), label].join('|'),
    ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
    shown: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0,
  };
}"""


def focused(page) -> dict | None:
    """What has keyboard focus (None: the document itself), whether a focus ring is drawn
    round it and whether it is on screen."""
    return page.evaluate(FOCUS)


def press(page, key: str) -> dict | None:
    """Press a key; wherever focus lands, it must be seen."""
    page.keyboard.press(key)
    stop = focused(page)
    assert stop is None or (stop["ring"] and stop["shown"]), f"focus not visible: {stop}"
    return stop


def walk(page, limit: int = 150) -> list[dict]:
    """Tab from where focus is round the whole page: every stop shows its focus, and focus
    leaves the page and comes back (no trap). Shift+Tab then returns to the last stop."""
    stops: list[dict] = []
    for _ in range(limit):
        stop = press(page, "Tab")
        if stops and (stop is None or stop["key"] == stops[0]["key"]):
            break  # out of the page, or round to the start
        if stop is not None:
            stops.append(stop)
    else:
        raise AssertionError(f"focus trapped among {[s['label'] for s in stops[-5:]]}")
    # Out of the page, focus may be in the browser's own controls: one more press to come back.
    back = press(page, "Shift+Tab") or press(page, "Shift+Tab")
    assert stops and back and back["key"] == stops[-1]["key"], (back, stops)
    return stops


def tab_to(page, target, key: str = "Tab", limit: int = 150) -> None:
    """Press Tab (or Shift+Tab) until `target`, a locator, has focus."""
    for _ in range(limit):
        if target.evaluate("e => e === document.activeElement"):
            return
        press(page, key)
    raise AssertionError(f"{key} never reached {target}")


CONTROLS = {"button", "link", "combobox", "listbox", "radio", "checkbox", "textbox", "searchbox",
            "spinbutton", "slider", "switch", "progressbar", "group", "region"}  # fmt: skip


def accessibility_tree(context, page) -> list[dict]:
    """Chromium's own accessibility tree (what a screen reader is given), through the DevTools
    protocol: the controls, each as {role, name, description}."""
    page.wait_for_load_state()
    session = context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    return [
        {key: (node.get(key) or {}).get("value", "") for key in ("role", "name", "description")}
        for node in nodes
        if not node.get("ignored") and (node.get("role") or {}).get("value") in CONTROLS
    ]
