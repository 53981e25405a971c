"""The wizard's Ticket queues screen against `psalink sandbox`: a queue is added choosing the
ConnectWise board and its statuses from the PSA's lists, checked with `psalink queue list --json`,
refused under a duplicate name, then removed."""
import json

from test_commands import add_connectwise, add_halo, psalink, sandbox  # noqa: F401  (the fixture)

ENTER, ESC, DOWN, TAB = "\r", "\x1b", "\x1bOB", "\t"


def queues(db):
    listed = psalink(db, "queue", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)["queues"]


def choose(t, text):
    """Opens the focused dropdown, searches it and takes the first match."""
    t.send(ENTER)
    t.settle()
    t.send(text)
    t.settle()
    t.send(ENTER)
    t.settle()


def test_add_and_remove_a_queue_through_the_screen(tui, db, sandbox):  # noqa: F811
    assert add_connectwise(db, sandbox, name="CW").returncode == 0
    assert add_halo(db, sandbox, name="Halo").returncode == 0
    assert psalink(db, "queue", "add", "Halo", "--queue-name", "Taken").returncode == 0

    t = tui(rows=24, cols=80)
    t.wait_for("PSA Integrations")
    t.send("u")
    t.wait_for("Ticket queues")
    t.wait_for("Taken")
    assert "Halo" in t.text

    t.send("a")
    t.wait_for("Ticket queues · Add")
    t.wait_for("Choices from ConnectWise PSA", timeout=20)
    t.send("Alerts")
    t.send(TAB)  # the integration: CW, the default, is proposed
    t.send(TAB)  # the board
    t.send(ENTER)
    t.wait_for("Monitoring")
    t.send("Monitoring")
    t.settle()
    t.send(ENTER)
    t.wait_for("Choices from ConnectWise PSA", timeout=20)
    t.send(DOWN)  # ticket type
    t.send(DOWN)  # open status
    choose(t, "New")
    t.send(DOWN)
    choose(t, "Closed")
    t.send(DOWN)
    choose(t, "Cancelled")
    t.send("\x13")  # Ctrl-S
    t.wait_for('Ticket queue "Alerts" added.')
    listed = {q["name"]: q for q in queues(db)}
    assert listed["Alerts"]["integration"] == "CW"
    assert listed["Alerts"]["settings"] == {
        "board": "2", "open-status": "30", "resolved-status": "32", "cancelled-status": "33"}, listed

    # A name taken in another integration: the store's refusal, nothing saved.
    t.send("a")
    t.wait_for("Ticket queues · Add")
    t.send("TAKEN")
    t.send("\x13")
    t.wait_for("already exists")
    t.send(ESC)
    t.wait_until_gone("Ticket queues · Add")
    assert sorted(q["name"] for q in queues(db)) == ["Alerts", "Taken"]

    # Remove Alerts (the first row): the confirmation, then gone.
    t.send("\x1bOA" * 5)
    t.send("\x1b[3~")
    t.wait_for("Remove the ticket queue \"Alerts\"")
    t.send("y")
    t.wait_for('Ticket queue "Alerts" removed.')
    assert [q["name"] for q in queues(db)] == ["Taken"]

    t.send(ESC)
    t.wait_for("PSA Integrations")
    t.send("L")
    t.wait_for("queue.remove")
    assert "queue.add" in t.text
