"""The self-signed certificate of `serve --lan`: made once, private key 0600, its fingerprint."""

from __future__ import annotations

import shutil
import ssl
import stat
import subprocess
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
