"""Compiled packs kept on disk between runs, so a command's cold start loads rather than compiles.

Reading the YAML of a pack and tokenising every phrase in it takes about a second; loading
the result takes a few milliseconds. An entry is found by a fingerprint of everything that
went into it: the pack files' bytes and folder, the profile, this package's source, and the
spaCy and Python versions. Anything else is a miss, and a miss only costs the compile.

The cache lives in `$POLICY_CHECK_CACHE`, else `$XDG_CACHE_HOME/policy-check`, else
`~/.cache/policy-check`; `POLICY_CHECK_CACHE=off` turns it off. A cache that cannot be read
or written is ignored: it never stops a check.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    configured = os.environ.get("POLICY_CHECK_CACHE")
    if configured and configured.lower() in ("off", "0", "no", "false"):
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "policy-check"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """This package's source and the versions it runs on: a changed compiler misses the cache."""
    import spacy

    digest = hashlib.sha256(f"{sys.version}|{spacy.__version__}".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(_PACKAGE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def folder_fingerprint(folder: Path) -> str:
    """The folder's place and the bytes of every YAML and JSON file in it."""
    folder = folder.resolve()
    digest = hashlib.sha256(str(folder).encode())
    for path in sorted([*folder.rglob("*.yaml"), *folder.rglob("*.json")]):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def key_of(*parts: str) -> str:
    return hashlib.sha256("|".join((code_fingerprint(), *parts)).encode()).hexdigest()[:32]


def load(kind: str, key: str) -> Any | None:
    directory = cache_dir()
    if directory is None:
        return None
    try:
        with open(directory / f"{kind}-{key}.pickle", "rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, unreadable or from an incompatible run: compile instead
        return None


def store(kind: str, key: str, value: Any) -> None:
    directory = cache_dir()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=f".{kind}-", delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, directory / f"{kind}-{key}.pickle")  # whole or not at all
        _prune(directory, kind)
    except OSError:
        pass


def _prune(directory: Path, kind: str, keep: int = 8) -> None:
    """Each edit of a pack makes a new entry: keep the newest few of each kind."""
    entries = sorted(directory.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)
