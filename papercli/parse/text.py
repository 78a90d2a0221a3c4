"""Markdown-to-plain-text helpers shared by the style parsers.

Only real HTML is markup here: the tags in ``HTML_TAGS`` (what digests wrap
media and layout in), their closing forms and HTML comments. Anything else in
angle brackets is text a paper is about, such as ``<think>``, ``<search>``,
``<tool_call>`` or ``<|endoftext|>``, and is kept in titles and summaries.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)\s]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")
HTML_TAGS = (
    "a", "b", "br", "center", "code", "details", "div", "em", "figcaption", "figure", "font",
    "hr", "i", "iframe", "img", "p", "picture", "small", "source", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "video",
)  # fmt: skip
_HTML = re.compile(
    r"<!--[^\n]*?-->|</?(?:" + "|".join(HTML_TAGS) + r")(?=[\s/>])[^<>\n]*>", re.IGNORECASE
)
_HTML_START = re.compile(r"[ ]*(?:" + _HTML.pattern + ")", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
_STARS = re.compile(r"\*{2,}")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_URL = re.compile(r"""https?://[^\s<>"')\]]+(?:\([^\s()]*\)[^\s<>"')\]]*)*""")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
_BREAKS = re.compile(r"\r\n?|[\u2028\u2029]")
_MATH = re.compile(r"\$[^$\n]+\$")
_SLOT = re.compile("\ue000(\\d+)\ue001")
_BRACKETS = re.compile(r"[\[\]]")
_PARENS = re.compile(r"[()]")
_NAME_BREAK = re.compile(r"[ ]*[,;，、][ ]*")
_AND = re.compile(r"[ ]+(?:and|&)[ ]+", re.IGNORECASE)
_LEADING_AND = re.compile(r"^(?:and|&)[ ]+", re.IGNORECASE)
_ET_AL = re.compile(r"(?:^|[ ]+)(?:et[ ]+al\.?|외(?:[ ]*\d+[ ]*명)?)$", re.IGNORECASE)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})([^`]*)$")
_GLOSSED = re.compile(r"(.+?)[ ]*[(（]([^()（）]+)[)）]")
HANGUL = re.compile(r"[가-힣]")
LINK_LABEL = re.compile(  # a link named for where it goes (``[arXiv](…)``), not for the paper
    r"(?:arxiv|pdf|papers?|abs|hf|hugging[ ]?face|논문|링크|원문|페이지|link|url|page|code|코드"
    r"|project)(?:[ ]*(?:링크|link|page|페이지|보기))?",
    re.IGNORECASE,
)
_LATIN = re.compile(r"[A-Za-z]{2}")
_PIECE = 500
_MARKS = 200


def normalize_newlines(text: str) -> str:
    """One line break (``\\n``), spaces for tabs and NBSP, no control characters,
    composed (NFC) characters.

    Parsers split on ``\\n`` only, so every other break (CRLF, a lone CR,
    U+2028/9) becomes one; C0/C1 controls and stray BOMs (files concatenated
    with their BOMs) go, so neither escape sequences nor invisible marks
    reach titles. Files saved on macOS may hold Hangul as decomposed jamo;
    NFC composes them into the syllables every other file and query uses.
    """
    text = _BREAKS.sub("\n", text)
    text = text.replace("\u00a0", " ").replace("\t", "    ")
    text = _CONTROL.sub("", text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def fence_marker(line: str) -> re.Match[str] | None:
    """The run (```` ``` ````, ``~~~``) and info string of a code fence line; None for any
    other line, most of which are passed without a regular expression."""
    return _FENCE.match(line) if "``" in line or "~~" in line else None


def toggle(fence: str | None, marker: re.Match[str]) -> str | None:
    """The open fence after a fence line: opened, closed by a like run, or unchanged."""
    run = marker.group(1)
    if fence is None:
        return run
    if run[0] == fence[0] and len(run) >= len(fence) and not marker.group(2).strip():
        return None
    return fence


def without_comments(text: str) -> str:
    """``text`` without its closed HTML comments (a draft entry commented out is no
    paper), each replaced by its line breaks so that lines keep their numbers. A
    comment left open is text: it would otherwise hide the rest of the file. One pass,
    however many comments are left open."""
    if "<!--" not in text:
        return text
    kept: list[str] = []
    at = 0
    while (start := text.find("<!--", at)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        kept += [text[at:start], "\n" * text.count("\n", start, end)]
        at = end + 3
    return "".join(kept) + text[at:]


def starts_with_html(line: str) -> bool:
    """Whether ``line`` opens with a real HTML tag (a media or layout line)."""
    return bool(_HTML_START.match(line))


def inline(text: str) -> str:
    """One line of markdown as plain text: links keep their words, emphasis goes.

    A long line crowded with unmatched ``*``, ``__``, ``[`` or ``<`` is cleaned
    in word-aligned pieces (see ``_pieces``) so the cost stays linear.
    """
    return " ".join(filter(None, (_inline_piece(piece) for piece in _pieces(text))))


def _inline_piece(text: str) -> str:
    # Each pattern is tried only when its first character is there: most lines
    # have no markup, and six regex passes per line were a tenth of indexing.
    if "![" in text:
        text = _IMAGE.sub("", text)
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if "<" in text:
        text = _HTML.sub("", text)
    if "*" in text or "__" in text:
        text = _EMPHASIS.sub(r"\2", text)
        text = _STARS.sub("", text)
    if "  " in text or "\t" in text or "\u00a0" in text or "\u3000" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def block(lines: list[str], convert: Callable[[str], str] = inline) -> str:
    """Several lines as plain text, keeping paragraph and bullet breaks."""
    out: list[str] = []
    for line in lines:
        clean = convert(line)
        if clean:
            out.append(clean)
        elif out and out[-1] != "":
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def urls(text: str) -> list[str]:
    return _URL.findall(text)


def strip_emoji(text: str) -> str:
    """A heading without leading pictographs, variation selectors or joiners."""
    i = 0
    while i < len(text) and (not (text[i].isalnum() or text[i] in "([\"'<$\\")):
        i += 1
    return text[i:].strip()


def author_names(text: str) -> tuple[str, ...]:
    """The names of an author list: split at commas and semicolons and at the ``and``
    (or ``&``) before the last name (``A, B and C``, ``A, B, and C``), without ``et
    al.`` (or ``외``) and marks that are no name (a bare ``+``). An ``and`` inside an
    earlier name stays: ``Tom and Jerry Lab`` may be one."""
    names = []
    for part in _NAME_BREAK.split(text):
        name = _ET_AL.sub("", _LEADING_AND.sub("", part)).strip(" .")
        if any(c.isalpha() for c in name):
            names.append(name)
    if names:
        names[-1:] = [n for n in _AND.split(names[-1]) if any(c.isalpha() for c in n)]
    return tuple(names)


def shorten(text: str, limit: int = 80) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for warnings."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str) -> str:
    """``inline`` that keeps ``$...$`` math verbatim."""
    return " ".join(filter(None, (_keep_math(piece) for piece in _pieces(text))))


def _keep_math(text: str) -> str:
    if "$" not in text or "\ue000" in text:
        return _inline_piece(text)
    spans: list[str] = []

    def hide(match: re.Match[str]) -> str:
        spans.append(match.group())
        return f"\ue000{len(spans) - 1}\ue001"

    masked = _MATH.sub(hide, text)
    return _SLOT.sub(lambda match: spans[int(match.group(1))], _inline_piece(masked))


def _pieces(text: str) -> list[str]:
    marks = text.count("*") + text.count("__") + text.count("[") + text.count("<")
    if marks <= _MARKS or len(text) <= _PIECE:
        return [text]
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(start + _PIECE, len(text))
        if end < len(text):
            space = text.rfind(" ", start + 1, end)
            end = space if space > start else end
        pieces.append(text[start:end])
        start = end
    return pieces


def split_link(text: str) -> tuple[str, str | None] | None:
    """A leading ``[label](url)`` as label and URL; None when ``text`` has none.

    Counts depth rather than using a regex, so titles such as
    ``[[RE] A (B)](https://x.org/a_(b))`` split right; a link cut off before
    its ``)`` keeps the URL it has, and ``[label]()`` gives a None URL.
    """
    text = text.lstrip()
    if not text.startswith("["):
        return None
    close = _label_end(text)
    if close < 0:
        return None
    return text[1:close], _url_after(text, close + 1)


def _label_end(text: str) -> int:
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() == "[" else -1
        if depth == 0:
            return text.find("](", match.start())
    return text.find("](")


def _url_after(text: str, start: int) -> str | None:
    depth = 0
    end = len(text)
    for match in _PARENS.finditer(text, start):
        depth += 1 if match.group() == "(" else -1
        if depth == 0:
            end = match.start()
            break
    words = text[start + 1 : end].split()
    return words[0] if words else None


def untranslated(title: str) -> str:
    """The English of a title glossed in Korean: ``Token Budgets (토큰 예산)`` and
    ``토큰 예산 (Token Budgets)`` are both ``Token Budgets``, the title other digests
    use and merge by. A parenthesis of one word (``추론 (LLM)``) is no translation
    and stays."""
    glossed = _GLOSSED.fullmatch(title) if title.endswith((")", "）")) else None
    if glossed is None:
        return title
    outer, inner = glossed.group(1).strip(), glossed.group(2).strip()
    for english, korean in ((outer, inner), (inner, outer)):
        if HANGUL.search(korean) and not HANGUL.search(english) and _LATIN.search(english):
            if len(english.split()) >= 2 and len(korean.split()) >= 2:
                return english
    return title
