"""One loaded pack per folder per process: the pipeline and the engine share it."""

from __future__ import annotations

from pathlib import Path

from .loader import load_pack
from .pack import PolicyPack

_LOADED: dict[tuple[Path, float], PolicyPack] = {}


def cached_pack(folder: str | Path) -> PolicyPack:
    """The pack in `folder`, loaded once per process (again only if its files change)."""
    path = Path(folder).resolve()
    key = (path, _stamp(path))
    pack = _LOADED.get(key)
    if pack is None:
        pack = _LOADED[key] = load_pack(path)
    return pack


def remember(pack: PolicyPack) -> None:
    """Make a pack loaded elsewhere the one `cached_pack` returns for its folder."""
    path = pack.root.resolve()
    _LOADED[(path, _stamp(path))] = pack


def _stamp(path: Path) -> float:
    """Newest modification time in the pack, so an edited pack is reloaded."""
    return max((p.stat().st_mtime for p in path.rglob("*.yaml")), default=0.0)
