"""`psalink doctor` against `psalink sandbox`: a working setup passes, a killed serve and refused
credentials fail it, a database others can read warns, `--json` is one document, and a PSA
certificate about to expire is seen through a TLS front on loopback."""
import json
import os
import select
import signal
import socket
import sqlite3
import ssl
import subprocess
import threading
import urllib.request

from test_commands import add_halo, psalink, sandbox  # noqa: F401  (the fixture)
from test_serve import start_serve

NAME = "Halo Sandbox"
STATUSES = ("ok", "warn", "fail")


def doctor(db, *args):
    result = psalink(db, "doctor", *args)
    assert "Traceback" not in result.stderr and "Fatal error" not in result.stderr, result.stderr
    return result


def checks(db, *args):
    result = doctor(db, "--json", *args)
    document = json.loads(result.stdout)
    return result, document, {(c["name"], c["integration"]): c for c in document["checks"]}


def line(result, name):
    """The first output line of the check called `name`."""
    for text in result.stdout.splitlines():
        words = text.split()
        if len(words) > 1 and words[0] in STATUSES and text[6:].startswith(name + " "):
            return text
    raise AssertionError(f"no {name!r} line in:\n{result.stdout}")


def test_a_working_setup_passes_with_aligned_lines_that_fit_80_columns(db, sandbox):  # noqa: F811
    assert add_halo(db, sandbox, name=NAME).returncode == 0
    result = doctor(db)
    assert result.returncode == 0, result.stdout + result.stderr
    for text in result.stdout.splitlines():
        assert len(text) <= 80, text
    status_lines = [t for t in result.stdout.splitlines() if t[:6].rstrip() in STATUSES]
    assert len(status_lines) >= 10
    # Status word first, the check's name and the detail each in their own column.
    assert all(t[4:6] == "  " or t[:4] == "warn" or t[:4] == "fail" for t in status_lines)
    assert {t[18] for t in status_lines} == {" "}
    assert line(result, "credentials").startswith("ok ")
    assert f'"{NAME}": valid' in line(result, "credentials")
    assert line(result, "database").startswith("ok ")
    assert "not TLS" in line(result, "tls")
    assert line(result, "serve").startswith("warn")
    assert result.stdout.rstrip().splitlines()[-1].startswith("warn: ")


def test_json_is_one_document_with_every_check(db, sandbox):  # noqa: F811
    assert add_halo(db, sandbox, name=NAME).returncode == 0
    result, document, by_check = checks(db)
    assert result.returncode == 0
    assert list(document) == ["checks", "status"]
    assert document["status"] in ("ok", "warn")
    for check in document["checks"]:
        assert list(check) == ["advice", "detail", "integration", "name", "status"]
        assert check["status"] in STATUSES
        assert (check["advice"] is None) == (check["status"] == "ok")
    for name in ("credentials", "rate budget", "tls", "clock", "sync", "mappings"):
        assert (name, NAME) in by_check, name
    for name in ("database", "permissions", "wal", "nerdio sync", "outbox", "maintenance", "serve"):
        assert (name, None) in by_check, name
    assert by_check[("credentials", NAME)]["status"] == "ok"
    assert by_check[("clock", NAME)]["status"] == "ok"
    assert by_check[("rate budget", NAME)]["detail"].endswith("requests in the last 300 s")
    assert by_check[("serve", None)]["status"] == "warn"


def test_a_serve_killed_with_sigkill_fails_the_serve_check(db, sandbox):  # noqa: F811
    assert add_halo(db, sandbox, name=NAME).returncode == 0
    process, url = start_serve(db)
    try:
        result, _, by_check = checks(db)
        assert by_check[("serve", None)]["status"] == "ok", by_check[("serve", None)]
        assert url in by_check[("serve", None)]["detail"]
        assert f"pid {process.pid}" in by_check[("serve", None)]["detail"]
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    result = doctor(db)
    assert result.returncode == 1
    serve = line(result, "serve")
    assert serve.startswith("fail") and url in serve
    assert "systemctl status psalink" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("fail: ")


def test_a_serve_stopped_cleanly_leaves_no_record(db, sandbox):  # noqa: F811
    assert add_halo(db, sandbox, name=NAME).returncode == 0
    process, url = start_serve(db)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    _, _, by_check = checks(db)
    assert by_check[("serve", None)]["status"] == "warn"
    assert "has not run" in by_check[("serve", None)]["detail"]


def test_a_database_others_can_read_warns(db):
    assert psalink(db, "integration", "list").returncode == 0
    os.chmod(db, 0o644)
    # psalink tightens the file on opening, and doctor still says it was open until then. SQLite
    # has by then created the -wal and -shm files of that same opening with the file's old mode;
    # opening tightens those too.
    result, _, by_check = checks(db)
    assert result.returncode == 0
    permissions = by_check[("permissions", None)]
    assert permissions["status"] == "warn"
    assert "psalink.sqlite was 0644 until psalink set it to 0600" in permissions["detail"]
    assert "psalink.sqlite-wal 0644" not in permissions["detail"]
    assert os.stat(db).st_mode & 0o777 == 0o600
    assert not os.path.exists(db + "-wal")
    assert doctor(db).returncode == 0
    _, _, by_check = checks(db)
    assert by_check[("permissions", None)]["status"] == "ok"

    # SQLite gives the -wal and -shm files the main file's mode when it creates them: a reader
    # that opened the file while it was 0644 left them readable; opening tightens them, and
    # doctor says they were open until then.
    os.chmod(db, 0o644)
    reader = sqlite3.connect(db)
    try:
        reader.execute("SELECT count(*) FROM integration").fetchone()
        assert os.stat(db + "-wal").st_mode & 0o077
        result, _, by_check = checks(db)
        permissions = by_check[("permissions", None)]
        assert result.returncode == 0
        assert permissions["status"] == "warn"
        assert "psalink.sqlite-wal was 0644" in permissions["detail"]
        assert os.stat(db + "-wal").st_mode & 0o777 == 0o600
    finally:
        reader.close()


def test_refused_credentials_fail_naming_the_integration_without_the_secret(db, sandbox):  # noqa: F811
    assert add_halo(db, sandbox, name=NAME).returncode == 0
    fault(sandbox, "POST", {"fault": "status", "status": 401, "rate": 1, "pathContains": "/auth/token"})
    try:
        result = doctor(db)
        assert result.returncode == 1
        credentials = line(result, "credentials")
        assert credentials.startswith("fail") and f'"{NAME}"' in credentials
        _, document, by_check = checks(db)
        assert document["status"] == "fail"
        assert by_check[("credentials", NAME)]["status"] == "fail"
        assert "401" in by_check[("credentials", NAME)]["detail"]
        assert f'psalink integration validate "{NAME}"' in by_check[("credentials", NAME)]["advice"]
        secret = sandbox["credentials"]["haloClientSecret"]
        for output in (result.stdout, result.stderr, json.dumps(document)):
            assert secret not in output
    finally:
        fault(sandbox, "DELETE")


def fault(sandbox, method, body=None):  # noqa: F811
    request = urllib.request.Request(
        sandbox["baseURL"] + "/sandbox/faults", method=method, data=json.dumps(body).encode() if body else None,
        headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()


def test_a_psa_that_does_not_answer_is_reported_within_seconds(db, sandbox):  # noqa: F811
    assert add_halo(db, sandbox, name=NAME).returncode == 0
    fault(sandbox, "POST", {"fault": "delay", "milliseconds": 8000, "rate": 1})
    # Every request answers after 8 s, past doctor's 5 s per request: the checks say they timed
    # out rather than waiting for the answer (no wall-clock bound here: the machine may be loaded).
    try:
        result, _, by_check = checks(db)
    finally:
        fault(sandbox, "DELETE")
    assert result.returncode == 1
    assert by_check[("credentials", NAME)]["status"] == "fail"
    assert "timed out" in by_check[("credentials", NAME)]["detail"]
    assert by_check[("tls", NAME)]["status"] == "warn"
    assert by_check[("clock", NAME)]["status"] == "warn"


def test_a_missing_or_unusable_database_fails_without_creating_one(db, tmp_path):
    result = doctor(db)
    assert result.returncode == 1
    assert line(result, "database").startswith("fail") and "no database at" in line(result, "database")
    assert "PSALINK_DB" in result.stdout
    assert not os.path.exists(db)
    folder = tmp_path / "folder"
    folder.mkdir()
    result = doctor(str(folder))
    assert result.returncode == 1
    assert line(result, "database").startswith("fail")
    assert "Is a directory" in result.stdout


class TLSFront:
    """A TLS listener on 127.0.0.1 that forwards each connection's bytes to `target_port`, with a
    self-signed certificate for 127.0.0.1 that expires in `days` days."""

    def __init__(self, tmp_path, target_port, days):
        self.cert = str(tmp_path / "cert.pem")
        key = str(tmp_path / "key.pem")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", self.cert,
             "-days", str(days), "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
            check=True, capture_output=True)
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(self.cert, key)
        self.target_port = target_port
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(32)
        self.port = self.listener.getsockname()[1]
        self.closed = False
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(client,), daemon=True).start()

    def serve(self, client):
        try:
            secure = self.context.wrap_socket(client, server_side=True)
        except (ssl.SSLError, OSError):
            client.close()
            return
        upstream = socket.create_connection(("127.0.0.1", self.target_port))

        # One thread per connection: an SSL socket must not be read and written from two.
        try:
            while True:
                readable, _, _ = select.select([secure, upstream], [], [], 30)
                if not readable and not secure.pending():
                    break
                if secure in readable or secure.pending():
                    data = secure.recv(65536)
                    if not data:
                        break
                    upstream.sendall(data)
                if upstream in readable:
                    data = upstream.recv(65536)
                    if not data:
                        break
                    secure.sendall(data)
        except (OSError, ssl.SSLError):
            pass
        finally:
            upstream.close()
            secure.close()

    def close(self):
        self.closed = True
        self.listener.close()


def test_a_certificate_about_to_expire_warns_and_an_untrusted_one_fails(db, sandbox, tmp_path):  # noqa: F811
    # ConnectWise: every call goes to the site as configured (the sandbox's HaloPSA names its
    # token address itself, in plain http).
    port = int(sandbox["connectWiseSite"].rsplit(":", 1)[1].split("/")[0])
    front = TLSFront(tmp_path, port, days=10)
    try:
        c = sandbox["credentials"]
        added = psalink(db, "integration", "add", "--system", "connectwise", "--name", NAME, "--site",
                        f"https://127.0.0.1:{front.port}", "--company", c["connectWiseCompany"], "--public-key",
                        c["connectWisePublicKey"], "--private-key-env", "CW_KEY", "--client-id",
                        c["connectWiseClientID"], "--ca-bundle", front.cert, env={"CW_KEY": c["connectWisePrivateKey"]})
        assert added.returncode == 0, added.stderr
        result, _, by_check = checks(db, "--ca-bundle", front.cert)
        tls = by_check[("tls", NAME)]
        assert tls["status"] == "warn", tls
        assert "expires in" in tls["detail"] and ("9 days" in tls["detail"] or "10 days" in tls["detail"])
        assert by_check[("credentials", NAME)]["status"] == "ok"
        assert result.returncode == 0

        # Without the CA bundle the certificate does not verify: never a silent pass.
        result, _, by_check = checks(db)
        assert result.returncode == 1
        assert by_check[("tls", NAME)]["status"] == "fail"
        assert "--ca-bundle" in by_check[("tls", NAME)]["advice"]
        assert by_check[("credentials", NAME)]["status"] == "fail"
    finally:
        front.close()
