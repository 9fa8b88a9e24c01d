"""The vault's `tideline` commands: encrypt, decrypt, change-passphrase, backup, restore, serve.

`dashboard.cli` declares them (`build_parser`) and runs them; they ask for passphrases, call
`dashboard.vault` and say what happened in plain words. Errors are raised for `cli.main` to
print on one line.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from dashboard import vault
from dashboard.store import Store, StoreLocked, WrongPassphrase, is_encrypted, salt_path


def _new_passphrase(path: Path, env: str, prompt: str) -> str:
    passphrase = vault.ask_passphrase(path, env=env, prompt=prompt, confirm=True)
    if len(passphrase) < vault.MIN_PASSPHRASE:
        raise vault.VaultError(
            f"please choose a passphrase of at least {vault.MIN_PASSPHRASE} characters "
            "(a few unrelated words are easy to remember and hard to guess); nothing was changed"
        )
    return passphrase


def _counts_text(counts: dict[str, int]) -> str:
    tables = ("mood", "contacts", "urges", "milestones")
    return ", ".join(f"{counts.get(t, 0)} {t}" for t in tables)


def cmd_encrypt(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if not path.is_file():
        raise vault.VaultError(f"no database at {path}")
    if is_encrypted(path):
        raise vault.VaultError(
            f"{path.name} is already encrypted; use `tideline change-passphrase`"
        )
    passphrase = _new_passphrase(path, vault.PASSPHRASE_ENV, "Choose a passphrase: ")
    counts, backups = vault.encrypt(path, passphrase)
    print(f"{path} is now encrypted ({_counts_text(counts)} kept).")
    if backups:
        print(f"{len(backups)} older backup(s) were encrypted with the same passphrase too.")
    print(
        "Keep the passphrase somewhere safe: without it nobody, you included, can open the "
        f"journal. Keep {salt_path(path).name} beside the file."
    )
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if not is_encrypted(path):
        raise vault.VaultError(f"{path} is not encrypted; nothing to do")
    counts = vault.decrypt(path, vault.ask_passphrase(path))
    print(f"{path} is no longer encrypted ({_counts_text(counts)} kept).")
    print("Anyone who can read this file can now read your notes; its backups stay encrypted.")
    return 0


def cmd_change_passphrase(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if not is_encrypted(path):
        raise vault.VaultError(f"{path} is not encrypted; use `tideline encrypt` first")
    old = vault.ask_passphrase(path, prompt="Current passphrase: ")
    # Check the old one before asking for a new one twice.
    vault.unlock(path, old).close()
    new = _new_passphrase(path, vault.NEW_PASSPHRASE_ENV, "New passphrase: ")
    counts = vault.change_passphrase(path, old, new)
    print(f"The passphrase of {path} was changed ({_counts_text(counts)} kept).")
    print("Backups made before today still open with the old passphrase.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with vault.open_for_cli(args.db, create=False) as store:
        dest = store.backup(args.file)
        encrypted = store.encrypted
    extra = f" (with {salt_path(dest).name})" if encrypted else ""
    print(f"backup written to {dest}{extra}")
    return 0


def _opens(path: Path, passphrase: str) -> bool:
    """True when the passphrase unlocks the encrypted file at `path` (opened read-only)."""
    try:
        Store(path, read_only=True, passphrase=passphrase).close()
    except WrongPassphrase:
        return False
    return True


def _backup_passphrase(source: Path, current: str | None) -> str | None:
    """The passphrase that opens an encrypted backup: the journal's own when it fits, else
    $TIDELINE_BACKUP_PASSPHRASE or a prompt (a plain journal also accepts $TIDELINE_PASSPHRASE)."""
    if not is_encrypted(source):
        return None
    if current and _opens(source, current):
        return current
    env = (
        vault.BACKUP_PASSPHRASE_ENV
        if os.environ.get(vault.BACKUP_PASSPHRASE_ENV) or current
        else None
    )
    try:
        return vault.ask_passphrase(
            source,
            env=env or vault.PASSPHRASE_ENV,
            prompt=f"Passphrase of the backup {source.name}: ",
        )
    except StoreLocked:
        why = "with another passphrase than your journal" if current else "with a passphrase"
        raise StoreLocked(
            f"the backup {source.name} is locked {why}: set {env or vault.PASSPHRASE_ENV} to the "
            "passphrase it was made with, or run the command in a terminal to type it; "
            "nothing was changed"
        ) from None


def cmd_restore(args: argparse.Namespace) -> int:
    path, source = Path(args.db), Path(args.file)
    passphrase = None
    if is_encrypted(path):
        passphrase = vault.ask_passphrase(path)
        # Check the journal's own passphrase first, so a typo is not blamed on the backup.
        vault.unlock(path, passphrase).close()
    source_passphrase = _backup_passphrase(source, passphrase) if source.is_file() else None
    saved = vault.restore(path, source, passphrase, source_passphrase)
    print(f"restored {path} from {source.name}.")
    if saved:
        print(f"The journal as it was is kept in {saved}.")
    if passphrase:
        print("It opens with your current passphrase, as before.")
    elif is_encrypted(path):
        print("The restored journal is encrypted: it opens with the backup's passphrase.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if args.lan and not is_encrypted(path):
        raise vault.VaultError(
            "refusing to serve on your network: the journal is not encrypted. Anyone on the "
            "same Wi-Fi could read it. Run `tideline encrypt` first, then `tideline serve --lan`."
        )
    host = "0.0.0.0" if args.lan else "127.0.0.1"
    command, scheme = vault.serve_command(args.lan, args.port), "http"
    if args.lan:
        # HTTPS on the network, with a certificate made on this computer (dashboard.tls).
        # Loaded here: ssl and the certificate code are for this command only.
        from dashboard import tls

        made = tls.ensure_certificate()
        command, scheme = [*command, *tls.streamlit_options(made)], "https"
        print(
            f"Certificate fingerprint (SHA-256): {made.fingerprint}\n"
            "Your phone's browser will warn that it does not know this certificate: go on only "
            "if the fingerprint it shows is this one.",
            file=sys.stderr,
        )
    print(f"Tideline on {scheme}://{host}:{args.port} (Ctrl+C to stop)", file=sys.stderr)
    try:
        return subprocess.call(command, env=vault.serve_env(path))
    except KeyboardInterrupt:
        return 0
