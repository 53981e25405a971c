"""`psalink sync` and `serve --sync-every` against `psalink sandbox`: the JSON summary, one sync at a time
across processes, a failed step that keeps the cache, the periodic sync inside serve, and bad input."""
import json
import os
import signal
import sqlite3
import subprocess
import time
import urllib.request

from terminal import BIN
from test_accounts_sync import sync as accounts_sync
from test_commands import add_halo, psalink, sandbox  # noqa: F401  (the fixture)

NAME = "Halo Sandbox"
TOKEN = "sync-serve-token-0123456789"


def control(sandbox, method, body=None):  # noqa: F811
    request = urllib.request.Request(sandbox["baseURL"] + "/sandbox/faults", method=method,
                                     data=json.dumps(body).encode() if body else None,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def query(db, sql, *args):
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, args).fetchall()


def configured(db, sandbox):  # noqa: F811
    assert add_halo(db, sandbox, name=NAME).returncode == 0
    synced = accounts_sync(db, sandbox)
    assert synced.returncode == 0, synced.stderr


def start_sync(db, *args):
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8",
                   "PSALINK_DB": db}
    return subprocess.Popen([BIN, "sync", *args], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_sync_json_summary_and_mappings_applied_by_sync(db, sandbox):  # noqa: F811
    configured(db, sandbox)
    result = psalink(db, "sync", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["integrations"] and len(document["integrations"]) == 1
    summary = document["integrations"][0]
    assert set(summary) == {"name", "accounts", "companies", "health", "automatch", "error"}
    assert summary["name"] == NAME and summary["error"] is None
    assert set(summary["accounts"]) == {"added", "updated", "missing"}
    assert summary["accounts"] == {"added": 0, "updated": 0, "missing": 0}  # accounts sync just ran
    assert summary["companies"]["count"] == 1200 and summary["companies"]["requests"] >= 1
    assert set(summary["health"]) == {"needsReview"} and summary["health"]["needsReview"] >= 0
    assert set(summary["automatch"]) == {"applied", "review"} and summary["automatch"]["applied"] > 0

    listed = json.loads(psalink(db, "mapping", "list", NAME, "--json").stdout)["accounts"]
    by_sync = [a for a in listed if a["appliedBy"] == "sync"]
    assert len(by_sync) == summary["automatch"]["applied"]
    assert all(a["status"] == "mapped" and a["method"] not in (None, "manual") for a in by_sync)
    assert all(a["appliedBy"] is None for a in listed if a["companyId"] is None)

    entries = json.loads(psalink(db, "audit", "--json", "--limit", "100000").stdout)["entries"]
    assert entries[0]["action"] == "sync" and entries[0]["target"] == NAME
    assert f"automatch: {summary['automatch']['applied']} applied" in entries[0]["newValue"]
    assert sum(1 for e in entries if e["action"] == "mapping.sync") == summary["automatch"]["applied"]
    (finished, error), = query(db, "SELECT finished_at, error FROM sync_state")
    assert finished and error is None

    # Again, as text: one line per integration and step; nothing left that is confident.
    again = psalink(db, "sync", NAME)
    assert again.returncode == 0, again.stderr
    lines = again.stdout.splitlines()
    assert lines[0] == f'"{NAME}"'
    assert [line.split()[0] for line in lines[1:]] == ["accounts", "companies", "health", "automatch"]
    assert "1,200 cached" in lines[2] and lines[4].split()[1] == "0"


def test_sync_unknown_name_and_no_integrations(db):
    empty = psalink(db, "sync", "--json")
    assert empty.returncode == 0, empty.stderr
    assert json.loads(empty.stdout) == {"integrations": []}
    unknown = psalink(db, "sync", "Nope")
    assert unknown.returncode == 1 and '"Nope"' in unknown.stderr


def test_a_failed_refresh_keeps_the_cache_and_exits_1(db, sandbox):  # noqa: F811
    assert add_halo(db, sandbox, name=NAME).returncode == 0
    assert psalink(db, "companies", "refresh", NAME).returncode == 0
    control(sandbox, "DELETE")
    try:
        control(sandbox, "POST", {"fault": "status", "status": 403, "count": 1, "pathContains": "/api/Client"})
        result = psalink(db, "sync", "--json")
    finally:
        control(sandbox, "DELETE")
    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)["integrations"][0]
    assert summary["companies"] is None and summary["error"].startswith("companies: ")
    assert "403" in summary["error"]
    assert summary["accounts"] is None and summary["health"] is not None and summary["automatch"] is not None
    assert query(db, "SELECT COUNT(*) FROM psa_company") == [(1200,)]
    assert query(db, "SELECT error FROM sync_state") == [(summary["error"],)]


def test_two_syncs_at_once_one_refuses(db, sandbox):  # noqa: F811
    assert add_halo(db, sandbox, name=NAME).returncode == 0
    control(sandbox, "DELETE")
    # The first sync's company listing takes 4 s in the PSA; it holds the lock meanwhile.
    control(sandbox, "POST", {"fault": "delay", "milliseconds": 4000, "count": 1, "pathContains": "/api/Client"})
    try:
        first = start_sync(db, "--json")
        deadline = time.time() + 20
        while time.time() < deadline and not query(db, "SELECT 1 FROM sync_lock"):
            time.sleep(0.05)
        assert query(db, "SELECT 1 FROM sync_lock"), "the first sync never took the lock"
        second = psalink(db, "sync", "--json")
        assert second.returncode == 1
        assert "another sync is running (since " in second.stderr and "pid " in second.stderr
        assert second.stdout == ""
        out, err = first.communicate(timeout=60)
    finally:
        control(sandbox, "DELETE")
    assert first.returncode == 0, err
    assert json.loads(out)["integrations"][0]["error"] is None
    assert query(db, "SELECT COUNT(*) FROM sync_lock") == [(0,)]


def test_a_crashed_syncs_lock_lapses(db, sandbox):  # noqa: F811
    assert add_halo(db, sandbox, name=NAME).returncode == 0
    owner = '{"id":"x","process":"pid 1 on elsewhere","since":"2026-01-01T00:00:00Z"}'
    with sqlite3.connect(db) as connection:
        connection.execute("INSERT INTO sync_lock (id, owner, until) VALUES (1, ?, '2999-01-01 00:00:00.000')",
                           (owner,))
    held = psalink(db, "sync")
    assert held.returncode == 1
    assert "another sync is running (since 2026-01-01T00:00:00Z, pid 1 on elsewhere)" in held.stderr
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE sync_lock SET until = '2000-01-01 00:00:00.000'")
    lapsed = psalink(db, "sync")
    assert lapsed.returncode == 0, lapsed.stderr


def test_serve_syncs_every_period(db, sandbox):  # noqa: F811
    configured(db, sandbox)
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8",
                   "PSALINK_DB": db, "SERVE_TOKEN": TOKEN}
    # 0.001 hours: 3.6 s; the first sync comes one period after the start, not at once.
    process = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", "--token-env", "SERVE_TOKEN",
                                "--sync-every", "0.001"], env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline()
        assert query(db, "SELECT COUNT(*) FROM sync_state") == [(0,)]
        deadline = time.time() + 30
        while time.time() < deadline and not query(db, "SELECT 1 FROM sync_state WHERE finished_at IS NOT NULL"):
            time.sleep(0.2)
        (summary, error), = query(db, "SELECT summary, error FROM sync_state WHERE finished_at IS NOT NULL")
        assert error is None and json.loads(summary)["automatch"]["applied"] > 0
        entries = json.loads(psalink(db, "audit", "--json").stdout)["entries"]
        assert any(e["action"] == "sync" and e["target"] == NAME for e in entries)
    finally:
        started = time.time()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert time.time() - started < 10
    assert query(db, "SELECT COUNT(*) FROM sync_lock") == [(0,)]


def test_bad_sync_every_is_a_usage_error(db):
    for value in ("-1", "abc", "nan"):
        result = psalink(db, "serve", "--listen", "127.0.0.1:0", "--token-env", "SERVE_TOKEN", "--sync-every", value,
                         env={"SERVE_TOKEN": TOKEN})
        assert result.returncode == 2, (value, result.stderr)
        assert "--sync-every" in result.stderr
