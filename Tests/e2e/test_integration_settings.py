"""Integration settings (`rate-limit`, `storm`, `note-visibility`, ...) by command: saved without asking the PSA, shown with the
default they fall back to, refused with nothing saved when a value is bad, never a queue's."""
import json
import sqlite3

import pytest

from test_commands import psalink, sandbox  # noqa: F401  (sandbox is a fixture)
from test_settings import added, shown

DEFAULTS = {"halo": "300/300", "connectwise": "300/300", "autotask": "10000/3600"}


def integration_settings(db, name):
    result = psalink(db, "settings", "show", name, "--json")
    assert result.returncode == 0, result.stderr
    return {entry["key"]: entry for entry in json.loads(result.stdout)["integrationSettings"]}


def unreachable(db, tmp_path, name="Offline Halo"):
    """An integration whose PSA does not answer: imported, as adding one asks the PSA."""
    document = {
        "format": "psalink-configuration", "version": 1, "exportedAt": "2026-11-29T10:00:00Z",
        "integrations": [{
            "system": "halo", "name": name,
            "credentials": {"url": "http://127.0.0.1:9", "clientId": "app", "clientSecret": "never-sent"},
        }],
    }
    path = tmp_path / "offline.json"
    path.write_text(json.dumps(document))
    result = psalink(db, "import", str(path))
    assert result.returncode == 0, result.stderr
    return name


@pytest.mark.parametrize("system", ["halo", "connectwise", "autotask"])
def test_rate_limit_shows_the_vendor_default_until_set_and_after_a_reset(db, sandbox, system):
    name = added(db, sandbox, system)
    entry = integration_settings(db, name)["rate-limit"]
    assert entry["value"] is None and entry["default"] == DEFAULTS[system] and entry["effective"] == DEFAULTS[system]

    human = psalink(db, "settings", "show", name)
    assert human.returncode == 0, human.stderr
    line = next(line for line in human.stdout.splitlines() if line.strip().startswith("rate-limit"))
    assert f"{DEFAULTS[system]} (default:" in line

    result = psalink(db, "settings", "set", name, "rate-limit=100/60", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["integration"] == name and "settings" not in document  # the PSA was not asked
    assert document["integrationSettings"][0] == {
        "key": "rate-limit", "value": "100/60", "default": DEFAULTS[system],
        "defaultSource": document["integrationSettings"][0]["defaultSource"], "effective": "100/60"}
    assert integration_settings(db, name)["rate-limit"]["value"] == "100/60"
    human = psalink(db, "settings", "show", name)
    line = next(line for line in human.stdout.splitlines() if line.strip().startswith("rate-limit"))
    assert line.split() == ["rate-limit", "100/60"]

    reset = psalink(db, "settings", "set", name, "rate-limit=")
    assert reset.returncode == 0, reset.stderr
    assert "Saved 1 integration setting." in reset.stdout
    assert integration_settings(db, name)["rate-limit"]["value"] is None


def test_halo_default_says_where_it_comes_from(db, sandbox):
    name = added(db, sandbox, "halo")
    human = psalink(db, "settings", "show", name)
    line = next(line for line in human.stdout.splitlines() if line.strip().startswith("rate-limit"))
    assert " ".join(line.split()) == "rate-limit 300/300 (default: HaloPSA's published limit)"
    # The other integration settings say where their defaults come from too.
    assert "broken-mapping   msp (default:" in human.stdout and "fallback-ticket  on (default:" in human.stdout


def test_integration_settings_alone_make_no_psa_request(db, tmp_path):
    name = unreachable(db, tmp_path)
    result = psalink(db, "settings", "set", name, "rate-limit=10/60", "--timeout", "2")
    assert result.returncode == 0, result.stderr
    # With a ticket setting the PSA must be asked; it does not answer, so nothing is saved.
    mixed = psalink(db, "settings", "set", name, "rate-limit=20/60", "open-status=New", "--timeout", "2")
    assert mixed.returncode == 1
    assert "nothing was saved" in mixed.stderr
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT key, value FROM integration_setting").fetchall()
    assert stored == [("rate-limit", "10/60")]


@pytest.mark.parametrize("value", ["fast", "0/60", "60/0", "300", "1.5/60", "-1/60"])
def test_bad_rate_limit_exits_1_names_the_form_and_saves_nothing(db, sandbox, value):
    name = added(db, sandbox, "halo")
    result = psalink(db, "settings", "set", name, "reopen-window=1h", f"rate-limit={value}")
    assert result.returncode == 1
    assert "rate-limit" in result.stderr and "N/SECONDS" in result.stderr and "nothing was saved" in result.stderr
    assert shown(db, name)["reopen-window"]["value"] is None
    assert integration_settings(db, name)["rate-limit"]["value"] is None


def test_ticket_and_integration_settings_are_saved_together(db, sandbox):
    name = added(db, sandbox, "halo")
    result = psalink(db, "settings", "set", name, "reopen-window=1h", "rate-limit=50/300")
    assert result.returncode == 0, result.stderr
    assert "Saved 1 ticket setting and 1 integration setting." in result.stdout
    assert shown(db, name)["reopen-window"]["value"] == "1h"
    assert integration_settings(db, name)["rate-limit"]["value"] == "50/300"


@pytest.mark.parametrize(
    "pairs,expected",
    [
        (["colour=red"], "colour"),
        (["rate-limit=1/1", "Rate-Limit=2/2"], "given more than once"),
    ],
)
def test_unknown_or_repeated_keys_exit_2(db, sandbox, pairs, expected):
    name = added(db, sandbox, "halo")
    result = psalink(db, "settings", "set", name, *pairs)
    assert result.returncode == 2
    assert expected in result.stderr
    assert integration_settings(db, name)["rate-limit"]["value"] is None


def test_unknown_key_lists_the_integration_settings_too(db, sandbox):
    name = added(db, sandbox, "halo")
    result = psalink(db, "settings", "set", name, "colour=red")
    assert result.returncode == 2 and "rate-limit" in result.stderr


def test_a_queue_never_takes_rate_limit(db, sandbox):
    name = added(db, sandbox, "connectwise")
    result = psalink(db, "queue", "add", name, "--queue-name", "Alerts", "rate-limit=10/60")
    assert result.returncode == 2
    assert "rate-limit is a setting of the integration" in result.stderr and "settings set" in result.stderr
    listed = json.loads(psalink(db, "queue", "list", "--json").stdout)
    assert listed == {"queues": []}


def test_help_names_the_integration_settings(db):
    result = psalink(db, "settings", "set", "--help")
    assert result.returncode == 0
    assert "rate-limit=N/SECONDS" in result.stdout


def test_rate_limit_travels_in_export_and_import(db, tmp_path):
    name = unreachable(db, tmp_path)
    assert psalink(db, "settings", "set", name, "rate-limit=25/60").returncode == 0
    exported = psalink(db, "export", "--include-secrets")
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    assert document["integrations"][0]["integrationSettings"] == {"rate-limit": "25/60"}

    other = str(tmp_path / "other.sqlite")
    path = tmp_path / "export.json"
    path.write_text(exported.stdout)
    imported = psalink(other, "import", str(path))
    assert imported.returncode == 0, imported.stderr
    assert json.loads(psalink(other, "export").stdout)["integrations"][0]["integrationSettings"] == {
        "rate-limit": "25/60"}


def test_import_refuses_a_bad_rate_limit_naming_integration_and_key(db, tmp_path):
    name = unreachable(db, tmp_path)
    document = json.loads(psalink(db, "export", "--include-secrets").stdout)
    document["integrations"][0]["integrationSettings"] = {"rate-limit": "lots"}
    document["integrations"][0]["settings"] = {"reopen-window": "1h"}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    result = psalink(db, "import", str(path))
    assert result.returncode == 1
    assert f'integration "{name}": rate-limit: "lots" is not valid' in result.stderr
    assert "nothing was imported" in result.stderr
    after = json.loads(psalink(db, "export").stdout)["integrations"][0]
    assert after["settings"] == {} and after["integrationSettings"] == {}


def test_an_old_document_without_integration_settings_still_imports(db, tmp_path):
    name = unreachable(db, tmp_path)
    assert psalink(db, "settings", "set", name, "rate-limit=25/60").returncode == 0
    document = json.loads(psalink(db, "export", "--include-secrets").stdout)
    del document["integrations"][0]["integrationSettings"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document))
    result = psalink(db, "import", str(path))
    assert result.returncode == 0, result.stderr
    # The stored value is kept: the document says nothing about it.
    assert json.loads(psalink(db, "export").stdout)["integrations"][0]["integrationSettings"] == {
        "rate-limit": "25/60"}


@pytest.mark.parametrize("value", ["0/5", "5/0", "x", "10"])
def test_bad_storm_exits_1_names_the_key_and_saves_nothing(db, sandbox, value):
    name = added(db, sandbox, "halo")
    result = psalink(db, "settings", "set", name, "note-visibility=public", f"storm={value}")
    assert result.returncode == 1
    assert f'storm: "{value}" is not valid' in result.stderr
    assert "N/MINUTES" in result.stderr and "nothing was saved" in result.stderr
    settings = integration_settings(db, name)
    assert settings["storm"]["value"] is None and settings["note-visibility"]["value"] is None


def test_storm_and_note_visibility_are_shown_set_and_reset(db, sandbox):
    name = added(db, sandbox, "autotask")
    settings = integration_settings(db, name)
    assert settings["storm"]["value"] is None and settings["storm"]["effective"] == "10/10"
    assert settings["note-visibility"]["effective"] == "internal"
    human = psalink(db, "settings", "show", name).stdout
    assert "storm            10/10 (default: at most 10 new tickets per customer in 10 minutes)" in human

    result = psalink(db, "settings", "set", name, "note-visibility=Public", "storm=OFF")
    assert result.returncode == 0, result.stderr
    assert "Saved 2 integration settings." in result.stdout
    settings = integration_settings(db, name)
    assert settings["note-visibility"]["value"] == "public" and settings["storm"]["value"] == "off"
    lines = {line.split()[0]: line.split() for line in psalink(db, "settings", "show", name).stdout.splitlines()
             if line.strip()}
    assert lines["note-visibility"] == ["note-visibility", "public"]
    assert lines["storm"] == ["storm", "off"]

    assert psalink(db, "settings", "set", name, "storm=", "note-visibility=").returncode == 0
    settings = integration_settings(db, name)
    assert settings["storm"]["value"] is None and settings["note-visibility"]["value"] is None


def test_a_queue_sets_storm_and_note_visibility_over_its_integrations(db, tmp_path):
    name = unreachable(db, tmp_path)
    # Without a ticket setting the PSA is not asked: the offline integration takes the queue.
    result = psalink(db, "queue", "add", name, "--queue-name", "Noisy", "storm=5/10", "note-visibility=PUBLIC",
                     "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["queue"]["settings"] == {"storm": "5/10", "note-visibility": "public"}

    refused = psalink(db, "queue", "add", name, "--queue-name", "Quiet", "storm=0/5")
    assert refused.returncode == 1
    assert 'storm: "0/5" is not valid' in refused.stderr and "the queue was not added" in refused.stderr
    queues = json.loads(psalink(db, "queue", "list", "--json").stdout)["queues"]
    assert [queue["name"] for queue in queues] == ["Noisy"]

    # Export carries the queue's values; an import into another database brings them back.
    assert psalink(db, "settings", "set", name, "storm=off").returncode == 0
    exported = psalink(db, "export", "--include-secrets")
    document = json.loads(exported.stdout)
    entry = document["integrations"][0]
    assert entry["integrationSettings"] == {"storm": "off"}
    assert entry["queues"] == [{"name": "Noisy", "settings": {"storm": "5/10", "note-visibility": "public"}}]
    other = str(tmp_path / "other.sqlite")
    path = tmp_path / "export.json"
    path.write_text(exported.stdout)
    assert psalink(other, "import", str(path)).returncode == 0
    again = json.loads(psalink(other, "export").stdout)["integrations"][0]
    assert again["queues"] == entry["queues"] and again["integrationSettings"] == {"storm": "off"}

    # A bad value in a queue of a document is refused, naming the queue and the key.
    entry["queues"][0]["settings"]["note-visibility"] = "everyone"
    path.write_text(json.dumps(document))
    result = psalink(other, "import", str(path))
    assert result.returncode == 1
    assert 'queue "Noisy": note-visibility: "everyone" is not valid' in result.stderr
