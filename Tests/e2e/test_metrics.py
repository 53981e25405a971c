"""`psalink serve`'s GET /metrics (Prometheus text, behind the bearer token) and its JSON log on
standard error, against `psalink sandbox`: the series move with serve's own work, the store-read
ones also with a delivery made by `events send` in another process, and no log line or label holds
a secret, the token, a customer's name or an event's text."""
import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request

from terminal import BIN
from test_commands import psalink, sandbox  # noqa: F401  (the fixture)
from test_events import NAME, configure, event, send
from test_serve import TOKEN, post, wait_until_delivered

SERIES = re.compile(r'^([a-z_]+)(?:\{(.*)\})? (\S+)$')


def start_serve(db, log_path, *args):
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8",
                   "PSALINK_DB": db, "SERVE_TOKEN": TOKEN}
    # A file, not a pipe: a debug log can outgrow a pipe's buffer while nobody reads it.
    log = open(log_path, "w")
    process = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", "--token-env", "SERVE_TOKEN", *args],
                               env=environment, stdout=subprocess.PIPE, stderr=log, text=True)
    log.close()
    line = process.stdout.readline()
    assert line, open(log_path).read()
    return process, json.loads(line)["listen"]


def scrape(url, token=TOKEN):
    headers = {"Authorization": "Bearer " + token} if token else {}
    request = urllib.request.Request(url + "/metrics", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def series(text):
    """{(name, frozenset of label pairs): value} of an exposition, checking each line's shape."""
    figures = {}
    for line in text.splitlines():
        if not line or line.startswith("# HELP ") or line.startswith("# TYPE "):
            continue
        match = SERIES.match(line)
        assert match, f"not a series line: {line!r}"
        name, labels, value = match.groups()
        pairs = frozenset(re.findall(r'([a-z_]+)="([^"]*)"', labels or ""))
        figures[(name, pairs)] = float(value)
    return figures


def value(figures, name, **labels):
    return figures.get((name, frozenset(labels.items())))


def stop(process):
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0


def log_lines(path):
    lines = [line for line in open(path).read().split("\n") if line]
    parsed = [json.loads(line) for line in lines]
    for entry, line in zip(parsed, lines):
        assert list(entry)[:4] == ["ts", "level", "label", "message"], line
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["ts"]), line
    return parsed


def test_metrics_and_json_log_of_serve(db, sandbox, tmp_path):  # noqa: F811
    configure(db, sandbox, "halo", tmp_path)
    name = NAME["halo"]
    # Four new tickets for one customer: not a storm here. A small budget makes the deliveries wait.
    assert psalink(db, "settings", "set", name, "storm=off", "rate-limit=2/1").returncode == 0
    log_path = tmp_path / "serve.log"
    process, url = start_serve(db, log_path, "--log-level", "debug")
    try:
        status, headers, body = scrape(url, token=None)
        assert status == 401 and headers.get("WWW-Authenticate") == "Bearer"
        assert "psalink_" not in body
        assert scrape(url, token=TOKEN[:-1] + "X")[0] == 401

        status, headers, body = scrape(url)
        assert status == 200
        assert headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
        figures = series(body)
        assert value(figures, "psalink_events_received_total", result="accepted") == 0
        assert value(figures, "psalink_store_readable") == 1
        assert value(figures, "psalink_outbox_events") == 0
        assert value(figures, "psalink_events", state="delivered") == 0

        status, answer = post(url, "[" + ",".join(
            [event(f"m{n}", target=f"vm/m{n}") for n in range(4)] + ['{"id": "m-bad", "state": "firing"}']) + "]")
        assert status == 202, answer
        assert post(url, event("m0"))[1]["events"][0]["state"] == "duplicate"
        assert post(url, "{not json")[0] == 400
        wait_until_delivered(url)

        figures = series(scrape(url)[2])
        assert value(figures, "psalink_events_received_total", result="accepted") == 4
        assert value(figures, "psalink_events_received_total", result="rejected") == 1
        assert value(figures, "psalink_events_received_total", result="duplicate") == 1
        assert value(figures, "psalink_event_requests_refused_total", reason="invalid") == 1
        assert value(figures, "psalink_delivery_attempts_total", psa="halopsa", operation="create",
                     outcome="delivered") == 4
        assert value(figures, "psalink_deliveries", psa="halopsa", operation="create", outcome="delivered") == 4
        assert value(figures, "psalink_events", state="delivered") == 4
        assert value(figures, "psalink_outbox_events") == 0
        assert value(figures, "psalink_outbox_oldest_event_age_seconds") == 0
        assert value(figures, "psalink_event_to_ticket_seconds_count", psa="halopsa") == 4
        assert value(figures, "psalink_event_to_ticket_seconds_bucket", psa="halopsa", le="+Inf") == 4
        requests = sum(v for (n, labels), v in figures.items() if n == "psalink_psa_requests_total")
        assert requests >= 4 and value(figures, "psalink_psa_request_duration_seconds_count") == requests
        assert all(dict(labels)["status"].isdigit() or dict(labels)["status"] == "none"
                   for (n, labels) in figures if n == "psalink_psa_requests_total")
        # 2 requests a second for 4 tickets and their token: some had to wait their turn.
        assert value(figures, "psalink_rate_budget_wait_seconds_total", psa="halopsa") > 0

        # A delivery by another process shows in what is read from the store, not in serve's own counts.
        returned, report = send(db, tmp_path, event("other-1", target="vm/other"))
        assert returned == 0 and report["other-1"]["state"] == "delivered", report
        figures = series(scrape(url)[2])
        assert value(figures, "psalink_events", state="delivered") == 5
        assert value(figures, "psalink_deliveries", psa="halopsa", operation="create", outcome="delivered") == 5
        assert value(figures, "psalink_delivery_attempts_total", psa="halopsa", operation="create",
                     outcome="delivered") == 4

        # An event waiting in the outbox counts, with its age, whoever will deliver it.
        assert psalink(db, "integration", "pause", name).returncode == 0
        assert post(url, event("m-late", target="vm/late"))[0] == 202
        time.sleep(1.2)
        figures = series(scrape(url)[2])
        assert value(figures, "psalink_outbox_events") == 1
        assert value(figures, "psalink_events", state="pending") == 1
        assert value(figures, "psalink_outbox_oldest_event_age_seconds") >= 1

        # Labels name states, outcomes, systems and statuses: never an account, customer or title.
        everything = scrape(url)[2]
        for private in ("acc-mapped", "Mapped Ltd", "Scaling failed", "vm/m0", "Three attempts"):
            assert private not in everything
    finally:
        stop(process)

    entries = log_lines(log_path)
    text = open(log_path).read()
    secrets = [v for v in sandbox["credentials"].values() if isinstance(v, str) and len(v) >= 8]
    for secret in secrets + [TOKEN]:
        assert secret not in text
    for private in ("Scaling failed", "Three attempts", "acc-mapped|"):
        assert private not in text

    messages = [entry["message"] for entry in entries]
    assert messages[0] == "serve started" and entries[0]["listen"] == url.removeprefix("http://")
    assert messages[-1] == "serve stopped" and "serve stopping: no new requests; the deliveries in flight finish" \
        in messages

    deliveries = [entry for entry in entries if entry["message"] == "delivery attempt"]
    assert {entry["event_id"] for entry in deliveries} == {"m0", "m1", "m2", "m3"}
    with sqlite3.connect(db) as connection:
        key = connection.execute("SELECT dedupe_key FROM event WHERE id = 'm0'").fetchone()[0]
        integration = connection.execute("SELECT id FROM integration").fetchone()[0]
    first = next(entry for entry in deliveries if entry["event_id"] == "m0")
    assert first["level"] == "info" and first["label"] == "psalink.serve"
    assert first["key_hash"] == hashlib.sha256(key.encode()).hexdigest()[:16]
    assert key not in text
    assert first["integration_id"] == integration and first["psa"] == "halopsa"
    assert first["operation"] == "create" and first["outcome"] == "delivered"
    assert isinstance(first["duration_ms"], int) and first["duration_ms"] >= 0
    assert first["psa_statuses"] and all(s.isdigit() or s == "none" for s in first["psa_statuses"])

    requests = [entry for entry in entries if entry["message"] == "PSA request"]
    assert requests and all(entry["level"] == "debug" for entry in requests)
    assert {"method", "host", "path", "status", "duration_ms"} <= set(requests[0])

    refused = [entry for entry in entries if entry["message"] == "events refused at intake"]
    assert {entry["level"] for entry in refused} == {"notice"}
    assert any(entry.get("event_id") == "m-bad" for entry in refused)
    assert any("not valid JSON" in entry["reason"] for entry in refused)


def test_log_level_filters_and_an_unknown_level_is_refused(db, sandbox, tmp_path):  # noqa: F811
    configure(db, sandbox, "halo", tmp_path)
    log_path = tmp_path / "serve.log"
    process, url = start_serve(db, log_path, "--log-level", "warning")
    try:
        assert post(url, "{not json")[0] == 400
    finally:
        stop(process)
    # Starting, a refused body (notice) and stopping are all below warning.
    assert open(log_path).read() == ""

    process, url = start_serve(db, log_path)
    try:
        assert post(url, "{not json")[0] == 400
    finally:
        stop(process)
    levels = {entry["level"] for entry in log_lines(log_path)}
    assert levels == {"info", "notice"}

    refused = psalink(db, "serve", "--listen", "127.0.0.1:0", "--token-env", "SERVE_TOKEN", "--log-level", "nope",
                      env={"SERVE_TOKEN": TOKEN})
    assert refused.returncode != 0
    assert "'nope' is invalid for '--log-level" in refused.stderr and "warning" in refused.stderr
    assert "Traceback" not in refused.stderr and refused.stdout == ""


def test_periodic_sync_rounds_are_counted_and_logged(db, sandbox, tmp_path):  # noqa: F811
    configure(db, sandbox, "halo", tmp_path)
    log_path = tmp_path / "serve.log"
    # 0.0005 hours: a round every 1.8 s.
    process, url = start_serve(db, log_path, "--sync-every", "0.0005")
    try:
        deadline = time.time() + 30
        figures = {}
        while time.time() < deadline:
            figures = series(scrape(url)[2])
            if any(name == "psalink_sync_runs_total" for name, _ in figures):
                break
            time.sleep(0.3)
        runs = {dict(labels)["result"]: v for (name, labels), v in figures.items() if name == "psalink_sync_runs_total"}
        assert runs and set(runs) <= {"ok", "failed", "skipped", "error"}, figures
        with sqlite3.connect(db) as connection:
            integration = connection.execute("SELECT id FROM integration").fetchone()[0]
        finished = value(figures, "psalink_sync_last_finished_timestamp_seconds", integration_id=str(integration))
        assert finished is not None and abs(finished - time.time()) < 60
        assert value(figures, "psalink_sync_last_failed", integration_id=str(integration)) in (0, 1)
    finally:
        stop(process)
    # Every standard error line is JSON, the sync's reports included.
    synced = [entry for entry in log_lines(log_path) if entry["message"].startswith("sync of an integration")]
    assert synced and synced[0]["integration_id"] == integration
    assert synced[0]["result"] in ("ok", "failed") and synced[0]["level"] in ("info", "warning")
