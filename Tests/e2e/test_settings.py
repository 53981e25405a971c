"""`psalink settings show|set` against `psalink sandbox`, for each of the three systems."""
import json
import sqlite3

import pytest

from test_commands import ADDERS, psalink, sandbox  # noqa: F401  (sandbox is a fixture)

# Valid settings given by name (in mixed case), with the ids the sandbox has for them.
VALID = {
    "connectwise": {
        "board": ("service desk", "1", "Service Desk"),
        "ticket-type": ("Incident", "4", "Incident"),
        "open-status": ("new", "16", "New"),
        "resolved-status": ("Closed", "22", "Closed"),
        "cancelled-status": ("CANCELLED", "23", "Cancelled"),
        "priority.default": ("Priority 3 - Normal Response", "4", "Priority 3 - Normal Response"),
        "priority.critical": ("priority 1 - emergency response", "15", "Priority 1 - Emergency Response"),
        "reopen-window": ("24H", "24h", "24 hours"),
    },
    "autotask": {
        "queue": ("Monitoring Alert", "29683354", "Monitoring Alert"),
        "ticket-type": ("alert", "5", "Alert"),
        "open-status": ("New", "1", "New"),
        "resolved-status": ("Complete", "5", "Complete"),
        "cancelled-status": ("5", "5", "Complete"),
        "priority.default": ("medium", "2", "Medium"),
        "priority.critical": ("Critical", "4", "Critical"),
        "reopen-window": ("7d", "7d", "7 days"),
    },
    "halo": {
        "ticket-type": ("incident", "1", "Incident"),
        "open-status": ("New", "1", "New"),
        "resolved-status": ("resolved", "8", "Resolved"),
        "cancelled-status": ("Cancelled", "22", "Cancelled"),
        "priority.default": ("Medium", "3", "Medium"),
        "priority.critical": ("critical", "1", "Critical"),
        "category": ("alerts>monitoring", "Alerts>Monitoring", "Alerts>Monitoring"),
        "impact": ("Single User", "3", "Single User"),
        "reopen-window": ("30m", "30m", "30 minutes"),
    },
}

# A status of each system that does not close a ticket.
OPEN_STATUS = {"connectwise": "In Progress", "autotask": "Waiting Customer", "halo": "In Progress"}
# The board or ticket type that statuses and priorities depend on, where there is one.
PARENT = {"connectwise": "board=Service Desk", "autotask": None, "halo": "ticket-type=Incident"}
# A key that belongs to another system.
FOREIGN_KEY = {"connectwise": "queue=Monitoring Alert", "autotask": "urgency=Low", "halo": "board=1"}

SYSTEMS = ["halo", "connectwise", "autotask"]


def added(db, sandbox, system):
    result = ADDERS[system](db, sandbox)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["integration"]["name"]


def shown(db, name):
    result = psalink(db, "settings", "show", name, "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["integration"] == name
    return {entry["key"]: entry for entry in document["settings"]}


def with_parent(system, *pairs):
    return ([PARENT[system]] if PARENT[system] else []) + list(pairs)


@pytest.mark.parametrize("system", SYSTEMS)
def test_settings_set_by_name_are_stored_as_ids_and_shown(db, sandbox, system):
    name = added(db, sandbox, system)
    pairs = [f"{key}={typed}" for key, (typed, _, _) in VALID[system].items()]

    result = psalink(db, "settings", "set", name, *pairs, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["integration"] == name

    settings = shown(db, name)
    for key, (_, stored, psa_name) in VALID[system].items():
        assert settings[key] == {"key": key, "value": stored, "name": psa_name, "status": "ok"}
    assert settings["priority.low"] == {"key": "priority.low", "value": None, "name": None, "status": "unset"}
    assert "board" in settings if system == "connectwise" else "board" not in settings
    assert "queue" in settings if system == "autotask" else "queue" not in settings
    assert ("category" in settings) == (system in ("halo", "autotask"))

    human = psalink(db, "settings", "show", name)
    assert human.returncode == 0, human.stderr
    typed, stored, psa_name = VALID[system]["open-status"]
    assert psa_name in human.stdout and f"id {stored}" in human.stdout


@pytest.mark.parametrize("system", SYSTEMS)
def test_unset_required_settings_are_flagged(db, sandbox, system):
    name = added(db, sandbox, system)
    settings = shown(db, name)
    assert settings["open-status"]["status"] == "unset-required"
    assert settings["reopen-window"]["status"] == "unset"


@pytest.mark.parametrize("system", SYSTEMS)
def test_non_closing_resolved_status_is_refused_and_nothing_saved(db, sandbox, system):
    name = added(db, sandbox, system)
    result = psalink(db, "settings", "set", name,
                     *with_parent(system, "reopen-window=1h", f"resolved-status={OPEN_STATUS[system]}"))
    assert result.returncode == 1
    assert "resolved-status" in result.stderr and "does not close" in result.stderr
    assert all(entry["value"] is None for entry in shown(db, name).values())


@pytest.mark.parametrize("system", SYSTEMS)
def test_closing_open_status_is_refused(db, sandbox, system):
    name = added(db, sandbox, system)
    closing = VALID[system]["resolved-status"][0]
    result = psalink(db, "settings", "set", name, *with_parent(system, f"open-status={closing}"))
    assert result.returncode == 1
    assert "open-status" in result.stderr


@pytest.mark.parametrize("system", SYSTEMS)
def test_key_of_another_system_is_refused(db, sandbox, system):
    name = added(db, sandbox, system)
    result = psalink(db, "settings", "set", name, "reopen-window=1h", FOREIGN_KEY[system])
    assert result.returncode == 1
    assert FOREIGN_KEY[system].split("=")[0] + ":" in result.stderr
    assert shown(db, name)["reopen-window"]["value"] is None


@pytest.mark.parametrize("system", SYSTEMS)
def test_unknown_value_names_the_key_lists_valid_names_and_saves_nothing(db, sandbox, system):
    name = added(db, sandbox, system)
    result = psalink(db, "settings", "set", name, *with_parent(system, "priority.high=No Such Priority"))
    assert result.returncode == 1
    assert "priority.high" in result.stderr and "No Such Priority" in result.stderr
    assert VALID[system]["priority.critical"][2] in result.stderr
    assert all(entry["value"] is None for entry in shown(db, name).values())


def test_statuses_follow_the_board_and_old_ones_are_flagged(db, sandbox):
    name = added(db, sandbox, "connectwise")
    without_board = psalink(db, "settings", "set", name, "open-status=New")
    assert without_board.returncode == 1 and "set board first" in without_board.stderr

    assert psalink(db, "settings", "set", name, "board=Service Desk", "open-status=New").returncode == 0
    wrong_board = psalink(db, "settings", "set", name, "resolved-status=32")
    assert wrong_board.returncode == 1 and "resolved-status" in wrong_board.stderr

    moved = psalink(db, "settings", "set", name, "board=Monitoring", "--json")
    assert moved.returncode == 0, moved.stderr
    assert "open-status" in moved.stderr  # the warning about the old board's status
    settings = shown(db, name)
    assert settings["board"]["name"] == "Monitoring"
    assert settings["open-status"] == {"key": "open-status", "value": "16", "name": None, "status": "missing-in-psa"}

    assert psalink(db, "settings", "set", name, "open-status=new (alert)").returncode == 0
    assert shown(db, name)["open-status"]["value"] == "30"


def test_halo_priorities_follow_the_ticket_type(db, sandbox):
    name = added(db, sandbox, "halo")
    result = psalink(db, "settings", "set", name, "ticket-type=Alert", "priority.critical=P1 - Outage")
    assert result.returncode == 0, result.stderr
    assert shown(db, name)["priority.critical"]["value"] == "1"
    other_sla = psalink(db, "settings", "set", name, "priority.low=Planned")
    assert other_sla.returncode == 1 and "priority.low" in other_sla.stderr and "P2 - Degraded" in other_sla.stderr


def test_empty_value_clears_a_setting(db, sandbox):
    name = added(db, sandbox, "autotask")
    assert psalink(db, "settings", "set", name, "queue=Post Sale", "reopen-window=2d").returncode == 0
    assert psalink(db, "settings", "set", name, "queue=").returncode == 0
    settings = shown(db, name)
    assert settings["queue"]["value"] is None and settings["reopen-window"]["value"] == "2d"


@pytest.mark.parametrize(
    "pairs,expected",
    [
        (["colour=red"], "colour"),
        (["open-status"], "is not KEY=VALUE"),
        (["board=1", "board=2"], "given more than once"),
        ([], "<key=value>"),
    ],
)
def test_usage_errors_exit_2(db, sandbox, pairs, expected):
    name = added(db, sandbox, "connectwise")
    result = psalink(db, "settings", "set", name, *pairs)
    assert result.returncode == 2
    assert expected in result.stderr


def test_bad_reopen_window_names_the_key(db, sandbox):
    name = added(db, sandbox, "halo")
    result = psalink(db, "settings", "set", name, "reopen-window=soon")
    assert result.returncode == 1 and "reopen-window" in result.stderr


def test_unknown_integration(db):
    result = psalink(db, "settings", "show", "Nope")
    assert result.returncode == 1 and "no integration is named" in result.stderr


def test_settings_show_while_the_psa_does_not_answer_shows_the_stored_values_unchecked(db, sandbox):  # noqa: F811
    name = added(db, sandbox, "halo")
    assert psalink(db, "settings", "set", name, "ticket-type=Incident", "broken-mapping=skip").returncode == 0
    # The PSA moves out from under psalink: nothing listens on its address any more. The stored
    # credentials are sealed; written back in clear, as an older psalink kept them, they are
    # sealed again when psalink next opens the database.
    exported = json.loads(psalink(db, "export", "--include-secrets").stdout)
    moved = exported["integrations"][0]["credentials"]
    moved["url"] = "http://127.0.0.1:9"
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE integration SET credentials = ?", (json.dumps(moved),))
    shown_text = psalink(db, "settings", "show", name)
    assert shown_text.returncode == 0, shown_text.stderr
    assert "not checked, shown as stored:" in shown_text.stdout and "Could not connect" in shown_text.stdout
    line = next(line for line in shown_text.stdout.splitlines() if line.strip().startswith("ticket-type"))
    assert line.split(None, 1)[1] == f"id {VALID['halo']['ticket-type'][1]} (not checked)"
    document = json.loads(psalink(db, "settings", "show", name, "--json").stdout)
    assert document["checked"] is False and "Could not connect" in document["uncheckedReason"]
    assert {s["key"]: s["status"] for s in document["settings"]}["ticket-type"] == "unchecked"
    assert {s["key"]: s["value"] for s in document["integrationSettings"]}["broken-mapping"] == "skip"
    assert "sandbox-halo-client-secret" not in shown_text.stdout + shown_text.stderr
