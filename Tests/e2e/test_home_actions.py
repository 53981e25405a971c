"""The wizard's home actions against `psalink sandbox`: set as default, pause and resume, remove
with the name typed (choosing the new default first), and the audit log that records them."""
import json
import sqlite3

from test_commands import add_autotask, add_connectwise, add_halo, psalink, sandbox  # noqa: F401  (the fixture)

ENTER, ESC, DOWN = "\r", "\x1b", "\x1bOB"


def integrations(db):
    listed = psalink(db, "integration", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    return {item["name"]: item for item in json.loads(listed.stdout)["integrations"]}


def paused(db, name):
    with sqlite3.connect(db) as connection:
        row = connection.execute("SELECT paused_at FROM integration WHERE display_name = ?", (name,)).fetchone()
    return row[0] is not None


def select(t, name):
    """Moves the highlight until the details below the list are the integration's."""
    t.send("\x1bOA" * 5)
    t.settle()
    for _ in range(6):
        if any(line.strip().startswith(f"{name} · ") for line in t.text.splitlines()):
            return
        t.send(DOWN)
        t.settle()
    raise AssertionError(t.text)


def test_default_pause_remove_and_audit_log(tui, db, sandbox):  # noqa: F811
    assert add_connectwise(db, sandbox, name="CW").returncode == 0
    assert add_halo(db, sandbox, name="Halo").returncode == 0
    assert add_autotask(db, sandbox, name="AT").returncode == 0
    assert integrations(db)["CW"]["isDefault"]

    t = tui(rows=24, cols=80)
    t.wait_for("PSA Integrations")
    assert "u Queues" in t.text and "q Quit" in t.text

    # Set as default.
    select(t, "Halo")
    t.send("d")
    t.wait_for('"Halo" is now the default PSA system.')
    listed = integrations(db)
    assert listed["Halo"]["isDefault"] and not listed["CW"]["isDefault"] and not listed["AT"]["isDefault"]
    assert t.text.count("(Default)") == 1
    assert "(Default)" in next(line for line in t.text.splitlines() if " Halo " in line)

    # Pause, then resume.
    t.send("p")
    t.wait_for("wait in the outbox")
    assert paused(db, "Halo")
    assert "paused" in next(line for line in t.text.splitlines() if " Halo " in line)
    t.send("p")
    t.wait_for('"Halo" resumed')
    assert not paused(db, "Halo")

    # Remove the default: first the successor, then the name typed exactly.
    t.send("x")
    t.wait_for("New default instead of Halo")
    t.send("AT")
    t.settle()
    t.send(ENTER)
    t.wait_for("Remove Halo")
    t.wait_for("AT becomes the default")
    t.send("halo")
    t.send(ENTER)
    t.wait_for("The name does not match")
    assert "Halo" in integrations(db)
    for _ in range(4):
        t.send("\x7f")
    t.send("Halo")
    t.send(ENTER)
    t.wait_for('"Halo" removed; "AT" is now the default.')
    listed = integrations(db)
    assert sorted(listed) == ["AT", "CW"] and listed["AT"]["isDefault"]

    # Remove a non-default: only the name; Esc keeps it.
    select(t, "CW")
    t.send("x")
    t.wait_for("Remove CW")
    t.send(ESC)
    t.wait_until_gone("Remove CW")
    assert "CW" in integrations(db)

    # The audit log, newest first, with the highlighted entry's values.
    t.send("L")
    t.wait_for("Audit log")
    t.wait_for("integration.remove")
    screen = t.text
    assert "integration.set-default" in screen, screen
    order = [screen.index(action) for action in
             ("integration.remove", "integration.resume", "integration.pause", "integration.set-default")]
    assert order == sorted(order), screen
    assert "New: default=AT" in screen
    t.send(ESC)
    t.wait_for("PSA Integrations")
    t.send("q")
    assert t.wait_exit() == 0
