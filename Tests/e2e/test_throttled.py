"""A PSA that throttles psalink, as `integration list` and the wizard's home screen show it. The
pause is written into the rate budget as psalink records a 429, so no PSA has to be provoked."""
import json
import sqlite3
import time

from test_integration_settings import unreachable
from test_commands import psalink

# The rate budget key of the integration `unreachable` imports (HaloPSA, its URL, no tenant).
KEY = "halo http://127.0.0.1:9 "


def pause(db, seconds):
    with sqlite3.connect(db) as connection:
        connection.execute(
            "INSERT OR REPLACE INTO rate_budget (key, paused_until, paused_at) VALUES (?, ?, ?)",
            (KEY, time.time() + seconds, time.time()))
    return time.gmtime(time.time() + seconds)


def listed(db):
    result = psalink(db, "integration", "list", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["integrations"]


def test_integration_list_says_null_when_nothing_is_throttled(db, tmp_path):
    unreachable(db, tmp_path)
    [integration] = listed(db)
    assert "throttledUntil" in integration and integration["throttledUntil"] is None
    assert integration["name"] == "Offline Halo" and integration["health"] == "unchecked"
    text = psalink(db, "integration", "list").stdout
    assert "throttled" not in text


def test_integration_list_says_until_when_the_psa_throttles(db, tmp_path):
    unreachable(db, tmp_path)
    unreachable(db, tmp_path, name="Elsewhere")  # the same PSA: paused with it
    until = pause(db, 120)
    integrations = listed(db)
    assert [i["throttledUntil"] for i in integrations] == [time.strftime("%Y-%m-%dT%H:%M:%SZ", until)] * 2
    text = psalink(db, "integration", "list").stdout
    assert "unchecked; throttled by the PSA until " in text
    assert f"{time.strftime('%H:%M:%S', until)} UTC" in text

    pause(db, -1)  # over
    assert [i["throttledUntil"] for i in listed(db)] == [None, None]


def test_home_screen_says_until_when_the_psa_throttles(db, tmp_path, tui):
    unreachable(db, tmp_path)
    t = tui(rows=24, cols=80)
    t.wait_for("Offline Halo")
    assert "throttled" not in t.text
    until = pause(db, 300)
    t.send("r")
    t.wait_for(f"throttled until {time.strftime('%H:%M', until)}")
    row = t.screen.display[t.row_of("Offline Halo")]
    assert "HaloPSA" in row and "(Default)" in row
    assert f"The PSA is throttling psalink until {time.strftime('%H:%M', until)} UTC" in t.text
    t.send("q")
    assert t.wait_exit() == 0
