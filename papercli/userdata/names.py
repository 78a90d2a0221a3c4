"""How a tag name is compared and stored: one spelling per tag, whatever the keyboard.

A name is NFKC-normalised and case-folded, as search queries are: decomposed
Hangul (a macOS paste) and full-width letters are the tag their plain form
is, not a second, invisible one. The tag store migrates the names an older
papers stored (``papercli.userdata.db``) with this same function.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """``text`` as a tag is kept: NFKC, case-folded, NFKC again (folding can
    denormalise, as ``ǰ`` does), without surrounding space."""
    once = unicodedata.normalize("NFKC", text.strip()).casefold()
    return unicodedata.normalize("NFKC", once).strip()
