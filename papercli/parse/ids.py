"""Paper identity: arXiv ids wherever they hide, and stable ids otherwise.

The same paper reaches the archive as an abs link, a PDF link, a
huggingface.co/papers page, a thumbnail file name or a bare ``arXiv:`` id,
with or without a version; all must land on one key.
"""

from __future__ import annotations

import re
import unicodedata

from papercli.parse.latex import readable_title

_NEW = r"(?P<new>\d{4}\.\d{4,5})(?!\d)(?:v\d+)?"
_OLD = r"(?P<old>[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_CONTEXT = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf|html|format)/|huggingface\.co/papers/|hf\.co/papers/"
    r"|social-thumbnails/papers/|arxiv:\s*)(?:" + _NEW + "|" + _OLD + ")",
    re.IGNORECASE,
)
_BARE = re.compile(r"(?<![\w./])(\d{4}\.\d{4,5})(?:v\d+)?(?![\w])")
_BARE_ANYWHERE = re.compile(r"(?<![\w./:-])(\d{4}\.\d{4,5})(?:v\d+)?(?![\w]|\.\d)")
_FIVE_DIGITS_FROM = 1501
_DEEPLEARN = re.compile(r"deeplearn\.org/arxiv/(\d+)", re.IGNORECASE)
_WORD = re.compile(r"[\W_]+", re.UNICODE)


def arxiv_id(text: str | None) -> str | None:
    """The first arXiv id in a URL or text, without its version."""
    if not text:
        return None
    for match in _CONTEXT.finditer(text):
        found = match.group("new") or match.group("old")
        if _plausible(found):
            return found
    bare = _BARE.fullmatch(text.strip())
    return bare.group(1) if bare and _plausible(bare.group(1)) else None


def _plausible(found: str) -> bool:
    """Rejects ids cut short: since 2015-01 new-style numbers have five digits."""
    if "/" in found:
        return True
    yymm, number = found.split(".")
    return 1 <= int(yymm[2:]) <= 12 and (len(number) == 5 or int(yymm) < _FIVE_DIGITS_FROM)


def arxiv_id_anywhere(text: str) -> str | None:
    """``arxiv_id``, else the first bare ``2505.04921``-shaped id anywhere in ``text``:
    for headings, list items and table cells that name a paper by its number alone."""
    found = arxiv_id(text)
    if found:
        return found
    for match in _BARE_ANYWHERE.finditer(text):
        if _plausible(match.group(1)):
            return match.group(1)
    return None


def arxiv_id_in(*texts: str | None) -> str | None:
    for text in texts:
        found = arxiv_id(text)
        if found:
            return found
    return None


def normalize_id(value: str) -> str:
    """What a user typed or pasted (id, URL, ``arXiv:`` form) as an index key."""
    value = value.strip()
    found = arxiv_id(value) or arxiv_id(f"arxiv:{value}")
    if found:
        return found
    match = _DEEPLEARN.search(value)
    if match:
        return f"deeplearn-{match.group(1)}"
    return value.lower()


def stable_id(url: str | None, title: str) -> str:
    """An id for an entry without an arXiv id, unchanged across re-indexing."""
    import hashlib  # here: `papers show` imports this module, never this function

    if url:
        match = _DEEPLEARN.search(url)
        if match:
            return f"deeplearn-{match.group(1)}"
        digest = hashlib.sha1(url.strip().encode("utf-8")).hexdigest()[:10]
        return f"link-{digest}"
    digest = hashlib.sha1(title_key(title).encode("utf-8")).hexdigest()[:10]
    return f"title-{digest}"


def title_key(title: str) -> str:
    """Titles compared without case, punctuation, spacing, width variants or LaTeX
    markup: ``M$^{2}$UGen`` and ``M²UGen`` are one title."""
    text = unicodedata.normalize("NFKC", readable_title(title)).casefold()
    return _WORD.sub("", text)


def abs_url(paper_id: str) -> str:
    return f"https://arxiv.org/abs/{paper_id}"


def pdf_url(paper_id: str) -> str:
    return f"https://arxiv.org/pdf/{paper_id}"
