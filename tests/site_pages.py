"""Every page a person can reach, on the seeded demo diary with an experiment under way.

Shared by the accessibility test and ``benchmarks/screenshots.py`` so both visit the same
pages: the main navigation (read from the page, so a new page is covered once linked) plus the
pages reached from it (a day, an entry, a trigger's days, an experiment's plan, result and
report, the report with dates left empty).
"""

from __future__ import annotations

from datetime import date
from typing import Any

#: Pages not in the main navigation, reached from a page that is.
EXTRA = (
    "/triggers/days?factor=red+wine&kind=drink&lag=1",
    "/gut?weeks=26",
    "/report?from=&to=&name=&patient_id=&birth_date=&paper=a4",
    "/experiments/new?factor=coffee&kind=drink",
    "/entries/new",
)


def start_experiment(request: Any, server: str, today: date) -> str:
    """Plan an experiment that starts today (an experiment cannot start in the past) and
    answer today's check through the app's own API; returns its id."""
    r = request.post(server + "/api/v1/experiments", data={
        "factor": "coffee", "period": "7d", "blocks": 2, "washout": "0d",
        "start": today.isoformat(), "dose": "two cups before noon", "avoid": "no coffee"})  # fmt: skip
    assert r.ok, r.text()
    exp_id = str(r.json()["id"])
    r = request.post(server + "/api/v1/experiments/check",
                     data={"followed": True, "day": today.isoformat()})  # fmt: skip
    assert r.ok, r.text()
    return exp_id


def site_pages(context: Any, server: str) -> list[str]:
    """Paths of every page (see the module docstring), in navigation order; starts an
    experiment first if none is under way, so its pages exist."""
    pg = context.new_page()
    pg.goto(server + "/")
    nav = pg.eval_on_selector_all("nav.main a", "links => links.map(a => a.getAttribute('href'))")
    listed = pg.request.get(server + "/api/v1/experiments").json()
    if listed:
        exp_id = str(listed[0]["id"])
    else:
        today = date.fromisoformat(
            pg.evaluate("new Date().toLocaleDateString('sv-SE', {timeZone: 'Europe/Berlin'})")
        )
        exp_id = start_experiment(pg.request, server, today)
    pg.goto(server + "/calendar")
    day = pg.locator("a[data-day]").last.get_attribute("href")
    pg.goto(server + "/diary")
    entry = pg.locator("a[href^='/entries/']:not([href='/entries/new'])").first.get_attribute(
        "href"
    )
    pg.close()
    experiment = f"/experiments/{exp_id}"
    return [*nav, *EXTRA, day, entry, experiment, experiment + "/result",
            experiment + "/report"]  # fmt: skip
