"""``papers browse``: a Textual app for reading the archive in one long-lived process.

The package is imported only by the ``browse`` command (never at ``papercli.cli``
import time), so that Textual's start-up cost falls on this command alone.
``backend`` asks the library and knows nothing of Textual; ``app``, ``screens``
and ``text`` draw what it answers.
"""
