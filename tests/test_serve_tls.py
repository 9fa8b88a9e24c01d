"""`tideline serve --lan` serves HTTPS with a certificate made here and prints its fingerprint.

No server is started: the `streamlit run` command line is caught where it would be run.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from dashboard import cli, cli_vault, tls, vault
from dashboard.store import Store

PASS = "correct horse battery"


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """An encrypted journal, a certificate folder of this test's own, and the commands run."""
    path = tmp_path / "journal.duckdb"
    with Store(path) as s:
        s.add("mood", {"at": "2026-01-10T21:30", "mood": 7})
    vault.encrypt(path, PASS)
    monkeypatch.setenv("TIDELINE_PASSPHRASE", PASS)
    monkeypatch.setenv(tls.TLS_DIR_ENV, str(tmp_path / "tls"))
    monkeypatch.chdir(tmp_path)
    calls: list[list[str]] = []

    def call(command: list[str], **kwargs: Any) -> int:
        calls.append(command)
        return 0

    monkeypatch.setattr(cli_vault.subprocess, "call", call)
    return calls


def _openssl_fingerprint(cert: Path) -> str:
    out = subprocess.run(
        [shutil.which("openssl") or "openssl", "x509", "-noout", "-fingerprint", "-sha256"],
        stdin=cert.open("rb"),
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return out.strip().split("=", 1)[1]


def _option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_serve_lan_uses_https_with_a_certificate_made_on_first_use(
    served: list[list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--db", "journal.duckdb", "serve", "--lan", "--port", "8600"]) == 0
    err = capsys.readouterr().err
    (command,) = served
    cert, key = (
        Path(_option(command, "--server.sslCertFile")),
        Path(_option(command, "--server.sslKeyFile")),
    )
    assert cert == tmp_path / "tls" / tls.CERT_NAME and key == tmp_path / "tls" / tls.KEY_NAME
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert _option(command, "--server.address") == "0.0.0.0"
    fingerprint = _openssl_fingerprint(cert)
    assert f"Certificate fingerprint (SHA-256): {fingerprint}\n" in err
    assert "Tideline on https://0.0.0.0:8600" in err
    # The next run serves the same certificate: the phone sees the same fingerprint.
    assert cli.main(["--db", "journal.duckdb", "serve", "--lan"]) == 0
    assert fingerprint in capsys.readouterr().err
    assert _option(served[1], "--server.sslCertFile") == str(cert)


def test_serve_on_this_machine_only_needs_no_certificate(
    served: list[list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--db", "journal.duckdb", "serve"]) == 0
    (command,) = served
    assert "--server.sslCertFile" not in command
    assert "Tideline on http://127.0.0.1:8501" in capsys.readouterr().err
    assert not (tmp_path / "tls").exists()


def test_a_certificate_that_cannot_be_made_is_one_line(
    served: list[list[str]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tls.shutil, "which", lambda name: None)
    assert cli.main(["--db", "journal.duckdb", "serve", "--lan"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tideline: error: serving on your network needs a certificate")
    assert err.count("\n") == 1 and served == []
