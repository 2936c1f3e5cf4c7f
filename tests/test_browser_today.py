"""Attack mode on Today in real Chromium, at phone (360 px) and desktop width: every tap is
saved at once and stays where it was (symptoms survive a medication tap, "no aura" is stored,
pain taps do not move the page), and all of it survives a reload.

Each test gets its own empty diary so taps of one test cannot leak into another.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import CHROMIUM, DESKTOP, NO_CHROMIUM, PHONE, browser_session, start_server

pytestmark = pytest.mark.browser

if CHROMIUM is None:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)

SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from browser_session()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db: Path = tmp_path_factory.mktemp("today") / "diary.sqlite"
    yield from start_server(db)


@pytest.fixture(params=sorted(SIZES))
def page(request: pytest.FixtureRequest, browser: Any, server: str) -> Iterator[Any]:
    """A page at one width, with an attack just started; the attack is ended afterwards so
    the next test starts from an empty Today."""
    context = browser.new_context(viewport=SIZES[request.param])
    pg = context.new_page()
    pg.set_default_timeout(8000)
    pg.goto(server + "/")
    pg.get_by_test_id("attack-start").click()
    pg.get_by_test_id("attack-panel").wait_for()
    yield pg
    attack = pg.request.get(server + "/api/v1/today").json()["open_attack"]
    if attack is not None:
        pg.request.patch(server + f"/api/v1/attacks/{attack['id']}", data={"ended": True})
    context.close()


def _open_attack(page: Any, server: str) -> dict[str, Any]:
    attack = page.request.get(server + "/api/v1/today").json()["open_attack"]
    assert attack is not None
    return dict(attack)


def _saved(page: Any) -> None:
    """Wait until htmx has finished the request the last tap started."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.querySelector('.htmx-request')")


def test_symptoms_ticked_survive_a_medication_tap(page: Any, server: str) -> None:
    page.get_by_label("nausea").check()
    page.get_by_label("photophobia").check()
    page.get_by_role("button", name="ibuprofen", exact=True).click()
    _saved(page)
    page.reload()
    assert page.get_by_label("nausea").is_checked()
    assert page.get_by_label("photophobia").is_checked()
    attack = _open_attack(page, server)
    assert {"nausea", "photophobia"} <= set(attack["tags"])
    meds = [
        e
        for e in page.request.get(server + "/api/v1/today").json()["entries"]
        if e["kind"] == "medication"
    ]
    assert [m["name"] for m in meds][-1] == "ibuprofen"


def test_no_aura_is_stored(page: Any, server: str) -> None:
    # Before anything is tapped neither answer is shown as chosen: unknown is not "no".
    assert (
        page.get_by_role("button", name="No aura", exact=True).get_attribute("aria-pressed")
        == "false"
    )
    page.get_by_role("button", name="No aura", exact=True).click()
    _saved(page)
    assert "no aura" in _open_attack(page, server)["tags"]
    page.reload()
    assert (
        page.get_by_role("button", name="No aura", exact=True).get_attribute("aria-pressed")
        == "true"
    )
    page.get_by_role("button", name="Aura", exact=True).click()
    _saved(page)
    tags = _open_attack(page, server)["tags"]
    assert "aura" in tags and "no aura" not in tags


def test_pain_taps_keep_the_scale_in_place(page: Any, server: str) -> None:
    scale = page.get_by_test_id("intensity-5")
    scale.scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY"), scale.bounding_box()["y"]
    for n in (5, 8, 6):
        page.get_by_test_id(f"intensity-{n}").click()
        _saved(page)
        assert page.get_by_test_id(f"intensity-{n}").get_attribute("aria-pressed") == "true"
        after = page.evaluate("window.scrollY"), scale.bounding_box()["y"]
        assert after == pytest.approx(before, abs=2), f"the page moved after tapping {n}"
    assert _open_attack(page, server)["intensity"] == 6
    page.reload()
    assert page.get_by_test_id("intensity-6").get_attribute("aria-pressed") == "true"


def test_usual_medication_with_dose_then_did_it_help(page: Any, server: str) -> None:
    api = page.request
    api.patch(server + "/api/v1/settings", data={"usual_medications": ["rizatriptan 10 mg"]})
    page.reload()
    page.get_by_role("button", name="rizatriptan 10 mg").click()
    _saved(page)
    page.get_by_label("Something else").fill("naproxen 500 mg")
    page.get_by_test_id("med-other-log").click()
    _saved(page)
    meds = {
        e["name"]: e
        for e in api.get(server + "/api/v1/today").json()["entries"]
        if e["kind"] == "medication"
    }
    assert (meds["rizatriptan"]["amount"], meds["rizatriptan"]["unit"]) == (10, "mg")
    assert (meds["naproxen"]["amount"], meds["naproxen"]["unit"]) == (500, "mg")
    assert meds["rizatriptan"]["details"]["drug_class"] == "triptan"
    # A dose taken hours ago is asked about ("did it help at 2 h?") on Today.
    hours = 3 if page.viewport_size["width"] > 500 else 4  # one dose per width
    posted = api.post(
        server + "/api/v1/entries",
        data={
            "kind": "medication",
            "name": "sumatriptan",
            "amount": 50,
            "unit": "mg",
            "start": _hours_ago(page, hours),
            "tags": ["acute"],
        },
    ).json()
    page.reload()
    page.get_by_test_id("rate-pain-free").click()
    page.get_by_text("noted").wait_for()
    dose = api.get(server + f"/api/v1/entries/{posted['id']}").json()
    assert dose["details"]["effect"] == "complete"
    assert dose["details"]["pain_free_2h"] is True
    assert page.get_by_test_id("rate-pain-free").count() == 0
    api.patch(server + "/api/v1/settings", data={"usual_medications": []})


def _hours_ago(page: Any, hours: int) -> str:
    return str(
        page.evaluate(f"new Date(Date.now() - {hours} * 3600e3).toISOString().slice(0, 16) + 'Z'")
    )
