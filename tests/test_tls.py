"""The self-signed certificate of `serve --lan`: made once, private key 0600, its fingerprint."""

from __future__ import annotations

import os
import shutil
import ssl
import stat
import subprocess
import time
from pathlib import Path

import pytest

from dashboard import tls

OPENSSL = shutil.which("openssl") or "openssl"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _openssl_fingerprint(cert: Path) -> str:
    """The fingerprint as openssl itself reports it: 'sha256 Fingerprint=AB:CD:...'."""
    out = subprocess.run(
        [OPENSSL, "x509", "-noout", "-fingerprint", "-sha256", "-in", str(cert)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.strip().split("=", 1)[1]


def test_a_certificate_is_made_on_first_use_with_a_private_key(tmp_path: Path) -> None:
    folder = tmp_path / "tls"
    made = tls.ensure_certificate(folder)
    assert made.created
    assert made.cert == folder / tls.CERT_NAME and made.key == folder / tls.KEY_NAME
    assert _mode(folder) == 0o700 and _mode(made.key) == 0o600
    assert made.fingerprint == _openssl_fingerprint(made.cert)
    assert len(made.fingerprint.split(":")) == 32
    # The key and the certificate belong together: a TLS server can load them.
    ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(made.cert, made.key)
    # Nothing else is left in the folder (the work folder is gone).
    assert sorted(p.name for p in folder.iterdir()) == sorted([tls.CERT_NAME, tls.KEY_NAME])


def test_the_same_certificate_is_used_again_and_a_loose_key_is_made_private(
    tmp_path: Path,
) -> None:
    first = tls.ensure_certificate(tmp_path)
    first.key.chmod(0o644)
    again = tls.ensure_certificate(tmp_path)
    assert not again.created and again.fingerprint == first.fingerprint
    assert _mode(again.key) == 0o600


def test_without_openssl_the_error_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tls.shutil, "which", lambda name: None)
    with pytest.raises(tls.TlsError, match="needs a certificate, made with the `openssl`"):
        tls.ensure_certificate(tmp_path / "tls")
    assert not (tmp_path / "tls" / tls.KEY_NAME).exists()


def test_the_folder_is_the_apps_data_folder_outside_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(tls.TLS_DIR_ENV, str(tmp_path / "given"))
    assert tls.tls_dir() == tmp_path / "given"
    monkeypatch.delenv(tls.TLS_DIR_ENV)
    monkeypatch.setattr(tls.sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert tls.tls_dir() == tmp_path / "share" / "tideline" / "tls"


def test_streamlit_is_told_where_the_certificate_and_key_are(tmp_path: Path) -> None:
    made = tls.ensure_certificate(tmp_path)
    options = tls.streamlit_options(made)
    assert options[options.index("--server.sslCertFile") + 1] == str(made.cert)
    assert options[options.index("--server.sslKeyFile") + 1] == str(made.key)


def _work_folder(folder: Path, name: str, age_seconds: float) -> Path:
    """A `.new-*` work folder holding a key, as a run killed while making one leaves it."""
    work = folder / name
    work.mkdir(parents=True)
    (work / tls.KEY_NAME).write_text("-----BEGIN PRIVATE KEY-----\n", encoding="ascii")
    then = time.time() - age_seconds
    os.utime(work, (then, then))
    return work


def test_a_work_folder_an_interrupted_run_left_is_removed_at_start_up(tmp_path: Path) -> None:
    made = tls.ensure_certificate(tmp_path)
    left = _work_folder(tmp_path, ".new-killed", tls.OPENSSL_SECONDS + 5)
    again = tls.ensure_certificate(tmp_path)
    assert not left.exists()
    assert again.fingerprint == made.fingerprint  # the certificate itself is kept
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([tls.CERT_NAME, tls.KEY_NAME])


def test_a_work_folder_another_run_is_using_now_is_left_alone(tmp_path: Path) -> None:
    busy = _work_folder(tmp_path, ".new-busy", 1)
    assert tls.clear_leftovers(tmp_path) == []
    assert (busy / tls.KEY_NAME).is_file()
    # Only the app's own work folders go; a file of that name is someone else's.
    other = tmp_path / ".new-notes.txt"
    other.write_text("mine", encoding="utf-8")
    os.utime(other, (0, 0))
    assert tls.clear_leftovers(tmp_path) == [] and other.is_file()
