"""The certificate `tideline serve --lan` serves HTTPS with: self-signed, made on this computer.

On first use `ensure_certificate` makes an EC P-256 key and a self-signed certificate with the
`openssl` command (the `cryptography` package is not among Tideline's dependencies, and
Python's `ssl` module cannot make a certificate). Nothing is fetched or sent: the key never
leaves this computer. They live in the app's data folder, outside the project (never in the
repository): `$TIDELINE_TLS_DIR` if set, else `$XDG_DATA_HOME/tideline/tls`
(`~/.local/share/tideline/tls`), `~/Library/Application Support/Tideline/tls` on macOS or
`%LOCALAPPDATA%\\Tideline\\tls` on Windows. The folder is 0700 and the key 0600.

A phone cannot know this certificate, so its browser warns once; the person compares the
SHA-256 fingerprint the command prints with the one the phone shows before going on. The same
certificate is used again on later runs (so the fingerprint stays the same) until it is within
a day of expiring, when a new one is made.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TLS_DIR_ENV = "TIDELINE_TLS_DIR"
CERT_NAME = "tideline-cert.pem"
KEY_NAME = "tideline-key.pem"
VALID_DAYS = 825  # the longest validity browsers accept for a server certificate
SUBJECT = "/CN=Tideline on this computer"
NAMES = "subjectAltName=DNS:localhost,IP:127.0.0.1"
# The longest an openssl run may take before it is given up.
OPENSSL_SECONDS = 60


class TlsError(OSError):
    """The certificate could not be made or used; the message is meant for the user (the
    command line prints it on one line, as every OSError)."""


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path
    fingerprint: str  # SHA-256 of the certificate, 'AB:CD:...'
    created: bool  # made by this call (False: an earlier one used again)


def tls_dir() -> Path:
    """The app's folder for its certificate and key, outside the project."""
    given = os.environ.get(TLS_DIR_ENV)
    if given:
        return Path(given)
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "Tideline" / "tls"
    if sys.platform == "win32":
        return (
            Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "Tideline" / "tls"
        )
    data = os.environ.get("XDG_DATA_HOME") or home / ".local" / "share"
    return Path(data) / "tideline" / "tls"


def fingerprint(cert: Path) -> str:
    """The certificate's SHA-256 fingerprint as browsers and `openssl x509 -fingerprint` show it."""
    der = ssl.PEM_cert_to_DER_cert(cert.read_text(encoding="ascii"))
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def openssl_command(openssl: str, cert: Path, key: Path) -> list[str]:
    """`openssl req` making a new key (no passphrase: the server reads it) and a certificate."""
    return [
        openssl,
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        str(key),
        "-out",
        str(cert),
        "-days",
        str(VALID_DAYS),
        "-subj",
        SUBJECT,
        "-addext",
        NAMES,
    ]


def _run(command: list[str]) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            command, capture_output=True, text=True, check=False, timeout=OPENSSL_SECONDS
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise TlsError(f"could not run {command[0]} to make the certificate ({exc})") from None


def _find_openssl(openssl: str | None) -> str:
    found = openssl or shutil.which("openssl")
    if not found:
        raise TlsError(
            "serving on your network needs a certificate, made with the `openssl` command, "
            "which is not installed (install OpenSSL, then run the command again)"
        )
    return found


def _still_valid(openssl: str | None, cert: Path) -> bool:
    """False when the certificate expires within a day (kept when openssl cannot tell)."""
    found = openssl or shutil.which("openssl")
    if not found:
        return True
    done = _run([found, "x509", "-checkend", "86400", "-noout", "-in", str(cert)])
    return done.returncode == 0


def _make(folder: Path, openssl: str) -> None:
    """A new key and certificate, made in a private folder and renamed into place (key first:
    a certificate is only ever there with its key)."""
    work = Path(tempfile.mkdtemp(dir=folder, prefix=".new-"))
    try:
        cert, key = work / CERT_NAME, work / KEY_NAME
        done = _run(openssl_command(openssl, cert, key))
        if done.returncode != 0 or not (cert.is_file() and key.is_file()):
            last = (done.stderr or done.stdout).strip().splitlines()
            raise TlsError(f"openssl could not make the certificate ({last[-1] if last else '?'})")
        key.chmod(0o600)
        cert.chmod(0o644)
        os.replace(key, folder / KEY_NAME)
        os.replace(cert, folder / CERT_NAME)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def clear_leftovers(folder: Path) -> list[Path]:
    """Remove the work folders (`.new-*`, a key inside) a run killed while making the
    certificate left behind; returns what was removed. One younger than openssl's time limit
    may be another `serve --lan` making its certificate right now, and is left alone."""
    removed = []
    now = time.time()
    for work in folder.glob(".new-*"):
        try:
            if not work.is_dir() or now - work.stat().st_mtime < OPENSSL_SECONDS:
                continue
        except OSError:
            continue  # gone already
        shutil.rmtree(work, ignore_errors=True)
        removed.append(work)
    return removed


def ensure_certificate(folder: Path | None = None, openssl: str | None = None) -> Certificate:
    """The certificate and key in `folder` (default `tls_dir()`), made on first use; what an
    interrupted run left in the folder is removed first."""
    folder = Path(folder) if folder is not None else tls_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    clear_leftovers(folder)
    cert, key = folder / CERT_NAME, folder / KEY_NAME
    created = False
    if not (cert.is_file() and key.is_file() and _still_valid(openssl, cert)):
        _make(folder, _find_openssl(openssl))
        created = True
    # A key someone made readable by others is made private again before it is used.
    key.chmod(0o600)
    try:
        return Certificate(cert, key, fingerprint(cert), created)
    except (ValueError, UnicodeDecodeError):
        raise TlsError(
            f"{cert} is not a PEM certificate; remove it to have a new one made"
        ) from None


def streamlit_options(certificate: Certificate) -> list[str]:
    """The `streamlit run` options that serve HTTPS with this certificate."""
    return [
        "--server.sslCertFile",
        str(certificate.cert),
        "--server.sslKeyFile",
        str(certificate.key),
    ]
