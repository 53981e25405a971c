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


TAB, BACKTAB, CTRL_S, CTRL_U, ESC = "\t", "\x1b[Z", "\x13", "\x15", "\x1b"


def test_the_wizard_syncs_with_the_stored_settings(db, sandbox, tui):  # noqa: F811
    t = tui()
    t.wait_for("PSA Integrations")
    t.send("n")
    t.wait_for("Nerdio accounts sync")
    t.wait_for("Never synced")
    t.send(ESC)  # nothing typed: leaves without asking
    t.wait_for("PSA Integrations")
    t.send("q")
    assert t.wait_exit() == 0

    assert sync(db, sandbox).returncode == 0
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM mapping")
        connection.execute("DELETE FROM account WHERE id = (SELECT min(id) FROM account)")
    t = tui()
    t.wait_for("PSA Integrations")
    t.send("n")
    t.wait_for("(stored; type to replace)")
    assert sandbox["nerdioURL"] in t.text and "Last synced" in t.text
    t.send(CTRL_S)
    t.wait_for("Nerdio accounts synced")
    assert "1 added" in t.text and "PSA Integrations" in t.text
    assert sandbox["credentials"]["nerdioClientSecret"].encode() not in t.raw
    t.send("q")
    assert t.wait_exit() == 0


def test_the_wizard_form_enters_the_settings(db, sandbox, tui):  # noqa: F811
    c = sandbox["credentials"]
    secret = c["nerdioClientSecret"]
    t = tui()
    t.wait_for("PSA Integrations")
    t.send("n")
    t.wait_for("Nerdio Manager URL")
    # Nothing typed: every required field is named, nothing is sent.
    t.send(CTRL_S)
    t.wait_for("is empty")
    assert t.text.count("is empty") == 5
    # Nothing typed, so Esc leaves without asking; the form opens afresh. (Typing into a form
    # with errors shows them going away row by row: pyte misses the scrolling ncurses uses
    # for that, so the fields are filled in a fresh form.)
    t.send(ESC)
    t.wait_for("PSA Integrations")
    t.send("n")
    t.wait_for("Nerdio Manager URL")
    t.send(sandbox["nerdioURL"] + TAB + c["nerdioTenant"] + TAB + c["nerdioClientID"] + TAB + "wrong-nerdio-secret"
           + TAB + c["nerdioScope"] + TAB + sandbox["nerdioAuthority"])
    t.wait_for(c["nerdioScope"])
    t.send(CTRL_S)
    t.wait_for("AADSTS7000215")
    assert "Not saved" in t.text
    assert "wrong-nerdio-secret" not in t.text
    assert listed(db) == []
    assert psalink(db, "accounts", "sync").returncode == 2  # nothing was stored

    t.send(BACKTAB + BACKTAB + CTRL_U + secret + CTRL_S)
    t.wait_for("Nerdio accounts synced")
    assert "PSA Integrations" in t.text
    accounts = listed(db)
    assert accounts and all(a["tenantId"] for a in accounts)

    # Opened again: the stored values, the secret kept without being retyped.
    t.send("n")
    t.wait_for("(stored; type to replace)")
    assert sandbox["nerdioURL"] in t.text and c["nerdioScope"] in t.text and "Last synced" in t.text
    t.send(CTRL_S)
    t.wait_for("Nerdio accounts synced")
    assert "0 added" in t.text
    assert secret.encode() not in t.raw and b"wrong-nerdio-secret" not in t.raw
    t.send("q")
    assert t.wait_exit() == 0
    assert len(listed(db)) == len(accounts)
