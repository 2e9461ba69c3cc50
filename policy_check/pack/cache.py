"""One loaded pack per folder per process: the pipeline and the engine share it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .loader import load_pack
from .pack import PolicyPack


def cached_pack(folder: str | Path) -> PolicyPack:
    path = Path(folder).resolve()
    return _load(path, _stamp(path))


def _stamp(path: Path) -> float:
    """Newest modification time in the pack, so an edited pack is reloaded."""
    return max((p.stat().st_mtime for p in path.rglob("*.yaml")), default=0.0)


@lru_cache(maxsize=8)
def _load(path: Path, stamp: float) -> PolicyPack:
    return load_pack(path)
