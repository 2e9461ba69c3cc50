"""`policy-check serve`: the web page, on this machine, for checking a draft before posting."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from .common import friendly_errors, make_checker, org_option, pack_options


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on. Keep the default unless others must reach it.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@org_option
@pack_options
@friendly_errors
def serve(host: str, port: int, org: Path | None, pack_path: Path | None) -> None:
    """Run the web page where an employee checks a draft post before posting it.

    Posts are checked in memory and never logged or stored.
    """
    # Imported here so the other commands do not pay for loading the web stack.
    from uvicorn.config import LOGGING_CONFIG

    from ..web import create_app
    from ..web.server import make_server

    checker = make_checker(pack_path, org)
    if not is_loopback(host):
        click.echo(
            f"Warning: listening on {host} lets other machines reach the page; drafts will cross the network.",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Checking posts for {checker.profile.name} at http://{shown}:{port}/ (Ctrl-C to stop).", err=True)
    make_server(create_app(checker), host, port, log_config=LOGGING_CONFIG).run()
