"""``parallax serve``: the web UI and JSON API on localhost."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parallax.cli.app import DEFAULT_DB_PATH, DbOption, app, errors, fail
from parallax.serve.settings import TOKEN_ENV, Settings
from parallax.store import StoreError, describe

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def read_token(path: Path) -> str:
    """The first line of a token file; an unreadable or empty one is an error."""
    try:
        token = path.read_text(encoding="utf-8").strip().partition("\n")[0].strip()
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read the token file {path}: {exc}")
    if not token:
        fail(f"the token file {path} is empty")
    return token


@app.command("serve")
def serve_command(
    db: DbOption = DEFAULT_DB_PATH,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar=TOKEN_ENV,
            help="Bearer token that switches on write endpoints (upload); off without it. "
            f"Prefer {TOKEN_ENV} or --token-file: a command line is visible in `ps`.",
        ),
    ] = None,
    token_file: Annotated[
        Path | None,
        typer.Option(help="Read the bearer token from this file (its first line)."),
    ] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            help="Another name the server answers to in the Host header (repeatable); "
            "the address it listens on and the loopback names are always allowed.",
        ),
    ] = None,
) -> None:
    """Serve the database as a web app: stories, comparisons, documents, entities, outlets."""
    from parallax.serve.app import create_app  # FastAPI loads only for this command

    if token_file is not None:
        token = read_token(token_file)
    hosts = (host, *LOOPBACK, *(allowed_host or []))
    try:
        web = create_app(db, Settings(token=token or None, allowed_hosts=hosts))
    except StoreError as exc:
        fail(str(exc))
    if host not in LOOPBACK:
        errors.print(
            f"[yellow]warning:[/] listening on {host}: reachable from other machines "
            "(each name they use must be given with --allowed-host)"
        )
    errors.print(f"Parallax on http://{host}:{port}/ (database {describe(db)})", highlight=False)
    import uvicorn

    uvicorn.run(web, host=host, port=port, log_level="warning")
