"""Options and loading shared by the commands, and the one place errors become messages."""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from ..checker import Checker, collector_paused, resolve_pack
from ..pack import PackError, PolicyPack
from ..profile import ProfileError
from ..topics import Severity

F = TypeVar("F", bound=Callable[..., Any])


def pack_options(func: F) -> F:
    func = click.option(
        "--pack",
        "pack_path",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="Policy pack folder (default: the bundled model council pack, or $POLICY_CHECK_PACK).",
    )(func)
    return func


def org_option(func: F) -> F:
    return click.option(
        "--org",
        "org",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Organisation profile YAML (default: the pack's example profile).",
    )(func)


def model_option(func: F) -> F:
    return click.option(
        "--model",
        default=None,
        help="An installed trained spaCy pipeline (e.g. en_core_web_sm) to add named entities. Never downloaded.",
    )(func)


def friendly_errors(func: F) -> F:
    """Bad packs, profiles and input end with a clear message and exit status 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PackError as exc:
            click.echo("The policy pack has problems:", err=True)
            for problem in exc.problems:
                click.echo(f"  - {problem}", err=True)
            sys.exit(2)
        except (ProfileError, FileNotFoundError, KeyError, ValueError) as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
            click.echo(f"Error: {message}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def load_pack_or_default(pack_path: Path | None) -> PolicyPack:
    pack = resolve_pack(pack_path)
    warn_if_review_overdue(pack)
    return pack


def make_checker(pack_path: Path | None, org: Path | None, model: str | None = None) -> Checker:
    """The command's checker. It lives as long as the command, so once built it is frozen out
    of the cyclic collector: no pass walks it again, at start-up, in a batch, or in forked
    workers (where a pass would also copy the pages it touches)."""
    with collector_paused():
        checker = Checker(pack_path, org, model=model)
        gc.freeze()
    warn_if_review_overdue(checker.pack)
    return checker


def warn_if_review_overdue(pack: PolicyPack, today: date | None = None) -> None:
    current = pack.current
    today = today or date.today()
    if current.review_due < today:
        click.echo(
            f"Warning: {pack.manifest.title} version {current.version} was due for review on "
            f"{current.review_due.isoformat()}; check that it is still the policy in force.",
            err=True,
        )


def reaches(verdict: str, severity: str) -> bool:
    """Whether a verdict is at least as severe as `severity` ("clear" reaches nothing)."""
    return verdict != "clear" and Severity(verdict).rank >= Severity(severity).rank


def post_fields(post_id: str | None, text: str, **fields: object) -> dict[str, object]:
    """A post as the contract names its fields, from command options (unset ones left out)."""
    raw = {"id": post_id or "1", "text": text, **fields}
    return {k: v for k, v in raw.items() if v is not None}
