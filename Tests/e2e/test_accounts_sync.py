"""`psalink accounts sync` against the sandbox's Nerdio Manager and Entra ID, as an admin scripts it."""
import json
import sqlite3

from test_commands import psalink, sandbox  # noqa: F401  (the module-scoped sandbox fixture)


def sync(db, sandbox, *extra, secret=None, url=None):
    c = sandbox["credentials"]
    return psalink(db, "accounts", "sync", "--url", url or sandbox["nerdioURL"], "--authority",
                   sandbox["nerdioAuthority"], "--tenant", c["nerdioTenant"], "--client-id", c["nerdioClientID"],
                   "--client-secret-env", "NERDIO_SECRET", "--scope", c["nerdioScope"], *extra,
                   env={"NERDIO_SECRET": secret or c["nerdioClientSecret"]})


def listed(db):
    result = psalink(db, "accounts", "list", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["accounts"]


def test_sync_lists_accounts_and_reuses_stored_settings(db, sandbox):
    secret = sandbox["credentials"]["nerdioClientSecret"]
    first = sync(db, sandbox, "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["accounts"] > 0 and summary["added"] == summary["accounts"]
    accounts = listed(db)
    assert len(accounts) == summary["accounts"]
    assert all(a["tenantId"] and not a["missing"] for a in accounts)

    again = psalink(db, "accounts", "sync")
    assert again.returncode == 0, again.stderr
    assert "Synced" in again.stdout and f"{summary['accounts']} unchanged" in again.stdout.replace(",", "")

    audit = psalink(db, "audit", "--json")
    assert audit.returncode == 0, audit.stderr
    entries = [e for e in json.loads(audit.stdout)["entries"] if e["action"] == "nerdio-sync.settings"]
    assert len(entries) == 1
    assert "clientSecret=<secret>" in entries[0]["newValue"]
    assert secret not in json.dumps(entries)
    for result in (first, again, audit):
        assert secret not in result.stdout + result.stderr


def test_wrong_secret_says_why_and_changes_nothing(db, sandbox):
    result = sync(db, sandbox, secret="wrong-nerdio-secret")
    assert result.returncode == 1
    assert "AADSTS7000215" in result.stderr and "nothing was changed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "wrong-nerdio-secret" not in result.stdout + result.stderr
    assert listed(db) == []
    # Nothing was stored, so a sync without options is a usage error.
    bare = psalink(db, "accounts", "sync")
    assert bare.returncode == 2
    assert "--url" in bare.stderr


def test_failed_sync_keeps_the_stored_settings(db, sandbox):
    assert sync(db, sandbox).returncode == 0
    bad = psalink(db, "accounts", "sync", "--client-secret-env", "NERDIO_SECRET", env={"NERDIO_SECRET": "nope-nope"})
    assert bad.returncode == 1 and "AADSTS7000215" in bad.stderr
    assert psalink(db, "accounts", "sync").returncode == 0


def test_plain_http_to_another_host_is_refused(db, sandbox):
    result = sync(db, sandbox, url="http://nerdio.example.com")
    assert result.returncode == 1
    assert "--url" in result.stderr and "https" in result.stderr
    assert listed(db) == []


def test_unreachable_host_is_reported(db, sandbox):
    result = sync(db, sandbox, url="http://127.0.0.1:9")
    assert result.returncode == 1
    assert "Could not connect" in result.stderr
    assert listed(db) == []


def test_the_wizard_syncs_with_the_stored_settings(db, sandbox, tui):  # noqa: F811
    t = tui()
    t.wait_for("PSA Integrations")
    t.send("n")
    t.wait_for("no Nerdio sync is set up")
    t.send("q")
    assert t.wait_exit() == 0

    assert sync(db, sandbox).returncode == 0
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM mapping")
        connection.execute("DELETE FROM account WHERE id = (SELECT min(id) FROM account)")
    t = tui()
    t.wait_for("PSA Integrations")
    t.send("n")
    t.wait_for("Nerdio accounts synced")
    assert "1 added" in t.text
    t.send("q")
    assert t.wait_exit() == 0
