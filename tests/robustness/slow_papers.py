"""``papers`` with a pause before each file is parsed (PAPERS_SLOW_PARSE seconds).

The real entry point, ``papercli.cli.main`` (which installs the SIGTERM
handler), runs unchanged; only the parse is slowed, so that a test's signal
or second run reliably lands while the index run is under way, without
burning CPU on a big archive.
"""

import os
import time

import papercli.parse
from papercli.cli import main

_parse = papercli.parse.parse_digest


def _slow_parse(*args, **kwargs):
    time.sleep(float(os.environ["PAPERS_SLOW_PARSE"]))
    return _parse(*args, **kwargs)


papercli.parse.parse_digest = _slow_parse
if __name__ == "__main__":  # index runs' worker processes import this script again
    main()
