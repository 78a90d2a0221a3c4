"""LaTeX in paper titles, shown as readable text.

Digests copy titles from arXiv as their authors typed them: ``LLM$\\times$MapReduce``,
``M$^{2}$UGen``, ``$\\textbf{Only-IF}$:Revealing …``. The stored title keeps that
markup, since exports and BibTeX want it as written; ``readable_title`` is what a
reader is shown and what titles are compared by (``ids.title_key``), so two
digests that differ only in markup name the same paper.

Only what titles use is understood: symbols and Greek letters, super- and
subscripts, font and accent macros whose argument is kept. An unknown macro
inside math loses only its backslash (``$\\ours$`` → ``ours``); outside math it
is left as written. Math spans are at most ``_SPAN`` characters and groups are
matched within them, so the cost stays linear in the title's length.

``markup_pieces`` cuts a title by the same recognition into markup and plain
text, so that BibTeX keeps verbatim exactly the markup read here (and so
typesets it) and escapes the rest.
"""

from __future__ import annotations

import re

_SPAN = 300
_MATH = re.compile(rf"(?<!\\)\$\$?([^$\n]{{0,{_SPAN}}}?)(?<!\\)\$\$?")
_OUTSIDE_MACRO = re.compile(rf"\\([A-Za-z]+)(?:\{{([^{{}}\n]{{0,{_SPAN}}})\}})?")
_ESCAPE = re.compile(r"\\([&%_#$])")
_SPACES = re.compile(r"[ ]{2,}")

_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "varpi": "ϖ",
    "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ",
    "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip
_SYMBOLS = {
    **_GREEK,
    "times": "×", "cdot": "·", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆",
    "circ": "∘", "bullet": "•", "dagger": "†", "ddagger": "‡", "checkmark": "✓",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈",
    "sim": "∼", "simeq": "≃", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫",
    "infty": "∞", "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "int": "∫",
    "sqrt": "√", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪",
    "cap": "∩", "forall": "∀", "exists": "∃", "emptyset": "∅", "varnothing": "∅",
    "neg": "¬", "land": "∧", "lor": "∨", "wedge": "∧", "vee": "∨", "oplus": "⊕",
    "otimes": "⊗", "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "leftrightarrow": "↔", "Leftrightarrow": "⇔",
    "mapsto": "↦", "uparrow": "↑", "downarrow": "↓", "longrightarrow": "⟶",
    "ldots": "…", "dots": "…", "cdots": "⋯", "prime": "′", "ell": "ℓ", "hbar": "ℏ",
    "langle": "⟨", "rangle": "⟩", "vert": "|", "mid": "|", "lvert": "|", "rvert": "|",
    "heartsuit": "♥", "spadesuit": "♠", "diamond": "⋄", "triangle": "△", "square": "□",
    "blacksquare": "■", "degree": "°", "circledast": "⊛", "S": "§", "P": "¶",
    "textasciitilde": "~", "textbar": "|", "textless": "<", "textgreater": ">",
}  # fmt: skip
_SPACING = frozenset({",", ";", ":", "!", " ", "quad", "qquad", "enspace", "thinspace"})
_WRAPPERS = frozenset(
    {
        "textbf", "textit", "textsc", "textrm", "textsf", "texttt", "textup", "textmd",
        "textnormal", "emph", "text", "mbox", "hbox", "underline", "overline", "mathrm",
        "mathbf", "mathit", "mathsf", "mathtt", "mathcal", "mathfrak", "mathscr",
        "mathnormal", "boldsymbol", "bm", "operatorname", "hat", "widehat", "tilde",
        "widetilde", "bar", "vec", "dot", "ddot", "check", "breve", "acute", "grave",
    }
)  # fmt: skip
_DOUBLE_STRUCK = dict(zip("CHNPQRZ", "ℂℍℕℙℚℝℤ", strict=True))
_SUPER = dict(
    zip(
        "0123456789+-=()nistabcdefghjklmoprsuvwxyzABDEGHIJKLMNOPRTUVW",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˢᵗᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
        strict=True,
    )
)
_SUB = dict(
    zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
_MARKS = frozenset("†‡∗*⋆′″✓")
_FRACTIONS = frozenset({"frac", "tfrac", "dfrac"})
_TEXT_WRAPPERS = frozenset(
    {
        "textbf", "textit", "textsc", "textrm", "textsf", "texttt", "textup", "textmd",
        "textnormal", "emph", "mbox", "underline",
    }
)  # fmt: skip
_MATH_MACROS = (
    frozenset(name for name in _SYMBOLS if not name.startswith("text"))
    | _WRAPPERS
    | _FRACTIONS
    | _SPACING
    | {"mathbb"}
)
_MATH_ESCAPES = frozenset(",;:! {}|%&#_$")
_BARE_DOLLAR = re.compile(r"(?<!\\)\$")
_OUTSIDE_MARKUP = re.compile(rf"{_OUTSIDE_MACRO.pattern}|{_ESCAPE.pattern}")


def readable_title(title: str) -> str:
    """``title`` with its LaTeX shown as text: ``$\\times$`` → ×, ``$^2$`` → ²,
    ``$\\sigma$`` → σ, ``\\textbf{X}`` → X; unbalanced ``$`` and unknown macros
    outside math are left as written."""
    if "$" not in title and "\\" not in title:
        return title
    out: list[str] = []
    start = 0
    for match in _MATH.finditer(title):
        out.append(_outside(title[start : match.start()]))
        out.append(_Math(match.group(1)).render())
        start = match.end()
    out.append(_outside(title[start:]))
    return _SPACES.sub(" ", "".join(out)).strip()


def _outside(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(r"\1", _OUTSIDE_MACRO.sub(_outside_macro, text))


def _outside_macro(match: re.Match[str]) -> str:
    name, argument = match.group(1), match.group(2)
    if argument is not None:
        if name == "mathbb":
            return _double_struck(argument)
        if name in _WRAPPERS or name not in _SYMBOLS:
            return argument
        return _SYMBOLS[name] + argument
    return _SYMBOLS.get(name, match.group())


def _double_struck(text: str) -> str:
    return "".join(_DOUBLE_STRUCK.get(ch, ch) for ch in text)


class _Math:
    """One ``$...$`` span rendered left to right; a group is found by counting braces."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.at = 0

    def render(self, end: int | None = None) -> str:
        stop = len(self.body) if end is None else end
        out: list[str] = []
        while self.at < stop:
            out.append(self._token(stop))
        return "".join(out)

    def _token(self, stop: int) -> str:
        ch = self.body[self.at]
        self.at += 1
        if ch == "\\":
            return self._macro(stop)
        if ch in "^_":
            return _script(self._argument(stop), _SUPER if ch == "^" else _SUB, ch)
        if ch == "{":
            return self._group(stop)
        if ch == "}":
            return ""
        if ch == "~":
            return " "
        return ch

    def _macro(self, stop: int) -> str:
        body, start = self.body, self.at
        while self.at < stop and body[self.at].isascii() and body[self.at].isalpha():
            self.at += 1
        name = body[start : self.at]
        if not name:
            if self.at >= stop:
                return ""
            self.at += 1
            symbol = body[self.at - 1]
            return " " if symbol in _SPACING else symbol
        if name in _SPACING:
            return " "
        if name in _WRAPPERS or name == "mathbb":
            argument = self._argument(stop)
            return _double_struck(argument) if name == "mathbb" else argument
        if name in _FRACTIONS:
            numerator = self._argument(stop)
            return f"{numerator}/{self._argument(stop)}"
        if name in _SYMBOLS:
            if self.at < stop and body[self.at] == " ":
                self.at += 1
            return _SYMBOLS[name]
        return f" {name}" if start > 1 and body[start - 2].isalnum() else name

    def _argument(self, stop: int) -> str:
        """The next group or single token, rendered."""
        while self.at < stop and self.body[self.at] == " ":
            self.at += 1
        if self.at >= stop:
            return ""
        if self.body[self.at] == "{":
            self.at += 1
            return self._group(stop)
        return self._token(stop)

    def _group(self, stop: int) -> str:
        """From just after a ``{`` to its ``}`` (or the span's end when unclosed)."""
        depth, end = 1, self.at
        while end < stop:
            ch = self.body[end]
            if ch == "\\":
                end += 2
                continue
            depth += 1 if ch == "{" else -1 if ch == "}" else 0
            if depth == 0:
                break
            end += 1
        end = min(end, stop)
        inner = self.render(end)
        self.at = min(end + 1, stop)
        return inner


def _script(text: str, table: dict[str, str], mark: str) -> str:
    """``text`` raised or lowered in Unicode when every character has a form."""
    if not text:
        return ""
    if all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    if mark == "^" and all(ch in _MARKS for ch in text):
        return text
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def markup_pieces(title: str) -> list[tuple[str, bool]] | None:
    """``title`` cut into ``(text, is_markup)`` pieces that join back to it.

    Markup is what ``readable_title`` reads and LaTeX typesets as it stands:
    a ``$...$`` span whose macros are all known here, whose braces balance and
    which holds no bare ``% & #``; a text-mode font macro's ``\\textbf{`` and
    ``}`` (its argument is cut in turn); an escape such as ``\\&``. Anything
    else, an unknown macro or a span that fails a check included, is plain
    text. ``None`` when the title's ``$`` or braces do not pair up, so that
    the caller escapes it whole.
    """
    if title.count("{") != title.count("}"):
        return None
    outside = _MATH.split(title)[::2]
    if any(_BARE_DOLLAR.search(text) for text in outside):
        return None
    pieces: list[tuple[str, bool]] = []
    start = 0
    for match in _MATH.finditer(title):
        pieces += _outside_pieces(title[start : match.start()])
        span = match.group()
        single = not span.startswith("$$") and not span.endswith("$$")
        pieces.append((span, single and _typesets(match.group(1))))
        start = match.end()
    return pieces + _outside_pieces(title[start:])


def _outside_pieces(text: str) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    start = 0
    for match in _OUTSIDE_MARKUP.finditer(text):
        name, argument = match.group(1), match.group(2)
        if name is not None and (argument is None or name not in _TEXT_WRAPPERS):
            continue
        pieces.append((text[start : match.start()], False))
        if name is None:
            pieces.append((match.group(), True))
        else:
            pieces.append((f"\\{name}{{", True))
            pieces += _outside_pieces(argument)
            pieces.append(("}", True))
        start = match.end()
    pieces.append((text[start:], False))
    return [piece for piece in pieces if piece[0]]


def _typesets(body: str) -> bool:
    """Whether a math span's body is safe to hand LaTeX as written."""
    depth, at = 0, 0
    while at < len(body):
        ch = body[at]
        at += 1
        if ch == "\\":
            end = at
            while end < len(body) and body[end].isascii() and body[end].isalpha():
                end += 1
            if end == at:
                if at >= len(body) or body[at] not in _MATH_ESCAPES:
                    return False
                end += 1
            elif body[at:end] not in _MATH_MACROS:
                return False
            at = end
        elif ch in "%&#":
            return False
        elif ch in "{}":
            depth += 1 if ch == "{" else -1
            if depth < 0:
                return False
    return depth == 0
