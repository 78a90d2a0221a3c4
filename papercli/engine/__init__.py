"""The engine room: the only package that imports Whoosh.

papers is fast because it reaches into Whoosh's internals: a segment writer of
its own (``pool``), BM25 over decoded posting blocks (``postings``), column
bytes sliced by their private offsets (``columns``), analyzer classes pickled
into every index's table of contents (``analysis``) and stand-in modules while
Whoosh imports (``loader``). Those internals belong to one release of
whoosh-reloaded, so importing this package checks the installed version first:
any other version is a packaging bug, reported as such in one line, never
mistaken for a damaged index.

Importing the package itself loads only Whoosh's tiny top module; the modules
that need the rest import ``papercli.engine.loader`` first.
"""

import whoosh

from papercli.errors import EngineMismatch

WRITTEN_FOR = (2, 7, 5)


def check_version(installed: tuple[int, ...]) -> None:
    """Refuse a Whoosh other than the release these internals were written for."""
    if tuple(installed[:3]) != WRITTEN_FOR:
        wanted = ".".join(map(str, WRITTEN_FOR))
        found = ".".join(map(str, installed))
        raise EngineMismatch(
            f"papers needs whoosh-reloaded {wanted}, but {found} is installed; "
            f"reinstall papers (`pip install --force-reinstall papercli`) or "
            f"`pip install whoosh-reloaded=={wanted}`"
        )


check_version(whoosh.__version__)
