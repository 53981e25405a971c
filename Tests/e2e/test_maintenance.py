"""Maintenance windows: `psalink maintenance add/list/remove` with their JSON, the refusals of
bad input with their exit statuses (nothing saved), and the wizard's Maintenance screen at 80x24
adding, listing (overlaps) and removing windows."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from test_commands import add_halo, psalink, sandbox  # noqa: F401  (the fixture)

ENTER, ESC, DOWN, TAB, CTRL_S = "\r", "\x1b", "\x1bOB", "\t", "\x13"


def windows(db):
    listed = psalink(db, "maintenance", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)["windows"]


def saturday(weeks_ahead):
    """A Saturday some weeks from now (UTC), so that windows stay ahead whenever the test runs."""
    today = datetime.now(timezone.utc).date()
    return today + timedelta(days=(5 - today.weekday()) % 7 + 7 * weeks_ahead)


def import_accounts(db, tmp_path):
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("id,name,tenantId\n"
                        "acc-1,Contoso,6f1c2a3b-1111-4a5b-8c9d-0e1f2a3b4c5d\n"
                        "acc-2,Fabrikam,6f1c2a3b-2222-4a5b-8c9d-0e1f2a3b4c5d\n")
    imported = psalink(db, "accounts", "import", str(accounts))
    assert imported.returncode == 0, imported.stderr


def test_add_list_and_remove_from_the_command_line(db, tmp_path, sandbox):  # noqa: F811
    assert add_halo(db, sandbox, name="Contoso Halo").returncode == 0
    import_accounts(db, tmp_path)

    weekly = psalink(db, "maintenance", "add", "--all", "--weekly", "sat 22:00-sun 4:00", "--tz", "Europe/London",
                     "--reason", "patch night", "--json")
    assert weekly.returncode == 0, weekly.stderr
    added = json.loads(weekly.stdout)["window"]
    assert added["scope"] == "all" and added["schedule"] == "weekly"
    assert added["weekly"] == "Sat 22:00-Sun 04:00" and added["timeZone"] == "Europe/London"
    assert added["reason"] == "patch night" and added["nextFrom"] is not None

    # --integration matches the name regardless of case; a one-off window on a Saturday night.
    night = saturday(2)
    sunday = night + timedelta(days=1)
    once = psalink(db, "maintenance", "add", "--integration", "contoso halo", "--from", f"{night}T23:00:00+01:00",
                   "--until", f"{sunday}T03:00:00Z", "--reason", "Halo upgrade")
    assert once.returncode == 0, once.stderr
    assert "Added maintenance window #2." in once.stdout
    assert all(len(line) <= 80 for line in once.stdout.splitlines())

    account = psalink(db, "maintenance", "add", "--account", "acc-1", "--weekly", "Sun 22:00-Mon 02:00",
                      "--reason", "tenant migration")
    assert account.returncode == 0, account.stderr

    listed = {w["id"]: w for w in windows(db)}
    assert listed[2]["scope"] == "integration" and listed[2]["integration"] == "Contoso Halo"
    assert listed[2]["from"] == f"{night}T22:00:00Z" and listed[2]["until"] == f"{sunday}T03:00:00Z"
    assert listed[3]["accountId"] == "acc-1" and listed[3]["accountName"] == "Contoso"
    assert listed[3]["timeZone"] == "UTC"
    # Saturday night's window (22:00-04:00 London, GMT or BST) and the upgrade share its small hours.
    assert listed[1]["overlaps"] == [2] and listed[2]["overlaps"] == [1]
    # Sunday 22:00 to Monday 02:00 meets neither.
    assert listed[3]["overlaps"] == []

    text = psalink(db, "maintenance", "list")
    assert text.returncode == 0, text.stderr
    assert all(len(line) <= 80 for line in text.stdout.splitlines())
    assert "#1  all integrations and accounts" in text.stdout
    assert "weekly Sat 22:00-Sun 04:00 Europe/London" in text.stdout
    assert 'integration "Contoso Halo"' in text.stdout
    assert "account acc-1 (Contoso)" in text.stdout
    assert "overlaps #1" in text.stdout and "reason: Halo upgrade" in text.stdout

    removed = psalink(db, "maintenance", "remove", "2")
    assert removed.returncode == 0, removed.stderr
    assert "Removed maintenance window #2" in removed.stdout
    assert sorted(w["id"] for w in windows(db)) == [1, 3]
    again = psalink(db, "maintenance", "remove", "2")
    assert again.returncode == 1 and "no maintenance window #2" in again.stderr

    audit = psalink(db, "audit", "--json")
    if audit.returncode == 0:
        assert "maintenance.add" in audit.stdout and "maintenance.remove" in audit.stdout


@pytest.mark.parametrize("args, status, named", [
    (["--all", "--weekly", "Sat 22:00-Sun 04:00", "--tz", "Mars/Base"], 1, "--tz"),
    (["--all", "--weekly", "Sat 22:00-Sun 04:00", "--tz", "Mars/Base"], 1, "is not an IANA time zone"),
    (["--all", "--from", "2026-12-12T23:00:00Z", "--until", "2026-12-12T22:00:00Z"], 1, "--until"),
    (["--all", "--from", "2026-12-12T23:00:00Z", "--until", "2026-12-12T23:00:00Z"], 1, "--until"),
    (["--all", "--weekly", "Sat 22-Sun 4"], 1, "--weekly"),
    (["--all", "--weekly", "Sat 22:00-Sat 22:00"], 1, "--weekly"),
    (["--all", "--weekly", "Caturday 22:00-Sun 04:00"], 1, "Sat 22:00-Sun 04:00"),
    (["--all", "--from", "2026-12-12T23:00:00", "--until", "2026-12-13T01:00:00Z"], 1, "--from"),
    (["--all", "--from", "2026-12-12T23:00:00Z", "--until", "tomorrow"], 1, "--until"),
    (["--all", "--weekly", "Sat 22:00-Sun 04:00", "--reason", "  "], 1, "--reason"),
    (["--account", "acc-9", "--weekly", "Sat 22:00-Sun 04:00"], 1, "--account"),
    (["--integration", "Nope", "--weekly", "Sat 22:00-Sun 04:00"], 1, "--integration"),
    (["--weekly", "Sat 22:00-Sun 04:00"], 2, "--all"),
    (["--all", "--account", "acc-1", "--weekly", "Sat 22:00-Sun 04:00"], 2, "only one"),
    (["--all"], 2, "--weekly"),
    (["--all", "--from", "2026-12-12T23:00:00Z", "--weekly", "Sat 22:00-Sun 04:00"], 2, "not both"),
    (["--all", "--from", "2026-12-12T23:00:00Z"], 2, "--until"),
    (["--all", "--from", "2026-12-12T23:00:00Z", "--until", "2026-12-13T01:00:00Z", "--tz", "UTC"], 2, "--tz"),
])
def test_bad_input_names_the_field_and_saves_nothing(db, args, status, named):
    if "--reason" not in args:
        args = args + ["--reason", "r"]
    result = psalink(db, "maintenance", "add", *args)
    assert result.returncode == status, (result.stdout, result.stderr)
    assert named in result.stderr
    assert windows(db) == []


def test_remove_needs_an_id(db):
    result = psalink(db, "maintenance", "remove", "soon")
    assert result.returncode == 2 and "not a window id" in result.stderr


def test_the_wizard_lists_adds_and_removes_windows(tui, db, tmp_path):
    import_accounts(db, tmp_path)
    night = saturday(3)
    assert psalink(db, "maintenance", "add", "--account", "acc-2", "--from", f"{night}T20:00:00Z", "--until",
                   f"{night + timedelta(days=1)}T02:00:00Z", "--reason", "Fabrikam move").returncode == 0

    t = tui(rows=24, cols=80)
    t.wait_for("PSA Integrations")
    t.send("m")
    t.wait_for("Maintenance windows")
    t.wait_for("Fabrikam")
    assert f"next {night.strftime('%m-%d')} 20:00" in t.text
    assert "a Add" in t.text and "d Remove" in t.text and "Esc Back" in t.text

    # Add: covers all, weekly; a zone that does not exist is shown under its field, nothing saved.
    t.send("a")
    t.wait_for("Maintenance windows · Add")
    t.send(TAB)  # When
    t.send(DOWN)
    t.settle()
    t.send(DOWN + ENTER)
    t.wait_for("Weekly")
    t.send(TAB)
    t.send("Sat 22:00-Sun 04:00")
    t.send(TAB)
    t.send("Mars/Base")
    t.send(TAB)
    t.send("patch night")
    t.send(CTRL_S)
    t.wait_for("is not an IANA time zone")
    assert len(windows(db)) == 1

    # The focus is on the first field with a problem: clear the zone, type a real one.
    t.send("\x7f" * 12)
    t.send("Europe/London")
    t.send(CTRL_S)
    t.wait_for("Maintenance window #2 added.")
    assert "Sat 22:00-Sun 04:00" in t.text
    listed = {w["id"]: w for w in windows(db)}
    assert listed[2]["weekly"] == "Sat 22:00-Sun 04:00" and listed[2]["timeZone"] == "Europe/London"
    assert listed[2]["reason"] == "patch night" and listed[2]["scope"] == "all"
    # Saturday 22:00 in London (21:00 or 22:00 UTC) is inside the Fabrikam window.
    assert 1 in listed[2]["overlaps"]

    # Remove the highlighted (first) window: n keeps it, y removes it.
    t.send("\x1bOA" * 3)
    t.send("d")
    t.wait_for("Remove maintenance window #1")
    t.send("n")
    t.wait_until_gone("Remove maintenance window #1")
    assert len(windows(db)) == 2
    t.send("d")
    t.wait_for("Remove maintenance window #1")
    t.send("y")
    t.wait_for("Maintenance window #1 removed.")
    assert [w["id"] for w in windows(db)] == [2]

    t.send(ESC)
    t.wait_for("PSA Integrations")


def test_a_wider_home_screen_names_the_key(tui, db):
    # At 80 columns the home bar has no room for it after Quit; ? lists it there.
    t = tui(rows=30, cols=120)
    t.wait_for("PSA Integrations")
    t.wait_for("m Maintenance")
    t.send("m")
    t.wait_for("No maintenance windows: a adds one")
    t.send("?")
    t.wait_for("Remove the highlighted window (asks first)")
