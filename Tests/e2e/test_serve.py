"""`psalink serve` against `psalink sandbox`: the bearer token, body limits, bad bodies, 50 concurrent
senders, a clean SIGTERM, and kill -9 at several points followed by a restart that loses no event and
creates no second ticket."""
import concurrent.futures
import json
import os
import signal
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from psa_reader import tickets_with_reference
from terminal import BIN
from test_commands import psalink, sandbox  # noqa: F401  (the fixture)
from test_events import NAME, configure, event

TOKEN = "s3rve-token-0123456789abcdef"


def start_serve(db, *args):
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8",
                   "PSALINK_DB": db, "SERVE_TOKEN": TOKEN}
    process = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", "--token-env", "SERVE_TOKEN", *args],
                               env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    assert line, process.stderr.read()
    return process, json.loads(line)["listen"]


def post(url, body, token=TOKEN, timeout=30):
    data = body if isinstance(body, bytes) else body.encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(url + "/events", data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def health(url):
    with urllib.request.urlopen(url + "/health", timeout=10) as response:
        return json.loads(response.read())


def wait_until_delivered(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if health(url)["pending"] == 0:
            return
        time.sleep(0.1)
    raise AssertionError(f"events still pending after {seconds} s: {health(url)}")


def tickets(db, *args):
    listed = subprocess.run([BIN, "tickets", "list", "--json", *args], env={"PSALINK_DB": db, "PATH": "/usr/bin"},
                            capture_output=True, text=True, timeout=30)
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)["tickets"]


def control(sandbox, method, path, body=None):  # noqa: F811
    request = urllib.request.Request(sandbox["baseURL"] + path, method=method,
                                     data=json.dumps(body).encode() if body else None,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_serve_accepts_checks_and_delivers(db, sandbox, tmp_path):  # noqa: F811
    configure(db, sandbox, "connectwise", tmp_path)
    # Fifty senders' new tickets for one customer: the storm breaker would fold most of them.
    assert psalink(db, "settings", "set", NAME["connectwise"], "storm=off").returncode == 0
    process, url = start_serve(db)
    try:
        assert health(url) == {"status": "ok", "pending": 0}
        assert post(url, event("s1"), token=None)[0] == 401
        assert post(url, event("s1"), token=TOKEN[:-1] + "X")[0] == 401
        status, answer = post(url, b"x" * (10 * 1024 * 1024))
        assert status == 413 and "larger than" in answer["error"]
        status, answer = post(url, "{not json")
        assert status == 400 and "not valid JSON" in answer["error"]

        status, answer = post(url, "[" + ",".join([event("s1"), '{"id": "s-bad", "state": "firing"}',
                                                  event("s2", account="acc-nobody")]) + "]")
        assert status == 202
        states = [(item["id"], item["state"]) for item in answer["events"]]
        assert states == [("s1", "accepted"), ("s-bad", "rejected"), ("s2", "rejected")]
        assert "condition" in answer["events"][1]["error"] and "account" in answer["events"][2]["error"]
        assert post(url, event("s1"))[1]["events"][0]["state"] == "duplicate"
        wait_until_delivered(url)
        assert [t["state"] for t in tickets(db)] == ["open"]

        # 50 senders at once, each with its own key firing twice and resolving.
        def sender(n):
            results = [post(url, event(f"c{n}-{step}", target=f"vm/{n}", state=state))[0]
                       for step, state in enumerate(["firing", "firing", "resolved"])]
            return results

        with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
            statuses = [s for result in pool.map(sender, range(50)) for s in result]
        assert statuses == [202] * 150
        wait_until_delivered(url)
        listed = tickets(db)
        assert len(listed) == 51
        assert sorted(t["state"] for t in listed).count("closed") == 50
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0


def test_kill_9_then_restart_loses_nothing_and_duplicates_nothing(db, sandbox, tmp_path):  # noqa: F811
    mapped_company, _ = configure(db, sandbox, "autotask", tmp_path)
    control(sandbox, "DELETE", "/sandbox/faults")
    # Creates take 1.5 s in the PSA: kill -9 lands while they are in flight, after the PSA made them.
    control(sandbox, "POST", "/sandbox/faults",
            {"fault": "delay", "milliseconds": 1500, "count": 10, "pathContains": "/Tickets"})
    process, url = start_serve(db, "--timeout", "3")
    accepted = []
    for n in range(10):
        status, answer = post(url, event(f"k{n}", target=f"host/{n}"))
        assert status == 202
        accepted.append(f"k{n}")
    time.sleep(0.7)
    process.kill()  # SIGKILL: deliveries in flight, their answers never recorded
    process.wait(timeout=10)

    # A second crash, this time right after events were stored and before any delivery.
    process, url = start_serve(db, "--timeout", "3")
    for n in range(10):
        assert post(url, event(f"k{n}-again", target=f"host/{n}"))[0] == 202
    process.kill()
    process.wait(timeout=10)

    control(sandbox, "DELETE", "/sandbox/faults")
    # --timeout bounds how long a create of a killed process can still land: 3 s here.
    process, url = start_serve(db, "--timeout", "3")
    try:
        wait_until_delivered(url)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    listed = tickets(db)
    assert len(listed) == 10 and all(t["state"] == "open" and t["ticketId"] for t in listed)
    with sqlite3.connect(db) as connection:
        references = [row[0] for row in connection.execute("SELECT external_reference FROM ticket")]
        states = dict(connection.execute("SELECT state, count(*) FROM event GROUP BY state").fetchall())
    assert states == {"delivered": 20}
    for reference in references:
        assert tickets_with_reference(sandbox, "autotask", mapped_company, reference) == 1


def test_serve_refuses_a_missing_token_and_a_bad_address(db):
    result = subprocess.run([BIN, "serve", "--listen", "127.0.0.1:0", "--token-env", "NOPE"],
                            env={"PSALINK_DB": db}, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "NOPE" in result.stderr
    result = subprocess.run([BIN, "serve", "--listen", "localhost", "--token-env", "T"],
                            env={"PSALINK_DB": db, "T": TOKEN}, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "--listen" in result.stderr


def serve_with_token_file(db, path, *args, prefix=()):
    return subprocess.run([*prefix, BIN, "serve", "--listen", "127.0.0.1:0", "--token-file", str(path), *args],
                          env={"PSALINK_DB": db, "SERVE_TOKEN": TOKEN}, capture_output=True, text=True, timeout=30)


def test_serve_reads_the_token_from_a_file(db, tmp_path):
    # As systemd's LoadCredential= leaves it: 0400, owned by the service user, a newline at the end.
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    token_file.chmod(0o400)
    environment = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", "PSALINK_DB": db}
    process = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", "--token-file", str(token_file)],
                               env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line, process.stderr.read()
        url = json.loads(line)["listen"]
        assert post(url, event("f1"), token=None)[0] == 401
        assert post(url, event("f1"), token=TOKEN + "X")[0] == 401
        assert post(url, event("f1"), token=TOKEN[:-1])[0] == 401
        status, answer = post(url, event("f1"))
        # Past the token check, the event itself is judged (refused here: no integration is configured).
        assert status != 401 and answer["events"][0]["id"] == "f1", answer
    finally:
        process.send_signal(signal.SIGTERM)
        output, errors = process.communicate(timeout=30)
    assert process.returncode == 0, errors
    assert TOKEN not in output + errors


@pytest.mark.parametrize("case", ["missing", "unreadable", "open to others", "empty", "short", "a folder"])
def test_serve_refuses_a_bad_token_file(db, tmp_path, case):
    path = tmp_path / "token"
    secret = TOKEN
    prefix = ()
    if case == "unreadable":
        path.write_text(TOKEN + "\n")
        path.chmod(0o000)
        if os.geteuid() == 0:
            # Root reads a file whatever its mode: serve runs as nobody, for whom it is closed.
            prefix = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
            for folder in (tmp_path, *tmp_path.parents):
                if folder.stat().st_mode & 0o001 == 0:
                    folder.chmod(folder.stat().st_mode | 0o001)
    elif case == "open to others":
        path.write_text(TOKEN + "\n")
        path.chmod(0o644)
    elif case == "empty":
        path.write_text("\n")
        path.chmod(0o600)
    elif case == "short":
        secret = "short-tok"
        path.write_text(secret + "\n")
        path.chmod(0o600)
    elif case == "a folder":
        path.mkdir(mode=0o700)
    result = serve_with_token_file(db, path, prefix=prefix)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--token-file" in lines[0] and str(path) in lines[0], result.stderr
    assert secret not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Fatal" not in result.stderr


def test_serve_wants_exactly_one_token_option(db, tmp_path):
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n")
    path.chmod(0o600)
    both = serve_with_token_file(db, path, "--token-env", "SERVE_TOKEN")
    neither = subprocess.run([BIN, "serve", "--listen", "127.0.0.1:0"], env={"PSALINK_DB": db, "SERVE_TOKEN": TOKEN},
                             capture_output=True, text=True, timeout=30)
    for result in (both, neither):
        assert result.returncode != 0
        first_line = result.stderr.splitlines()[0]
        assert "--token-file" in first_line and "--token-env" in first_line, result.stderr
        assert TOKEN not in result.stdout + result.stderr


def test_serve_takes_a_systemd_credential_shown_as_0440(db, tmp_path):
    # Where the credentials folder has ACLs, systemd gives the service user read access with an ACL
    # entry, and stat shows its mask as the group bits; only that folder is trusted with them.
    credentials = tmp_path / "credentials"
    credentials.mkdir(mode=0o500)
    elsewhere = tmp_path / "token"
    for path in (credentials / "token", elsewhere):
        path.parent.chmod(0o700)
        path.write_text(TOKEN + "\n")
        path.chmod(0o440)
    environment = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", "PSALINK_DB": db,
                   "CREDENTIALS_DIRECTORY": str(credentials)}
    process = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", "--token-file", str(credentials / "token")],
                               env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line, process.stderr.read()
        assert post(json.loads(line)["listen"], event("c1"), token=None)[0] == 401
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    refused = subprocess.run([BIN, "serve", "--listen", "127.0.0.1:0", "--token-file", str(elsewhere)],
                             env=environment, capture_output=True, text=True, timeout=30)
    assert refused.returncode != 0 and "--token-file" in refused.stderr and "0440" in refused.stderr
    (credentials / "token").chmod(0o460)
    refused = subprocess.run([BIN, "serve", "--listen", "127.0.0.1:0", "--token-file", str(credentials / "token")],
                             env=environment, capture_output=True, text=True, timeout=30)
    assert refused.returncode != 0 and "0460" in refused.stderr and TOKEN not in refused.stdout + refused.stderr
