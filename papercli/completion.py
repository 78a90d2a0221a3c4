"""Bash completion of words with a colon in them, such as ``tag:to-read``, unquoted.

Bash splits the command line at the characters of ``COMP_WORDBREAKS``, which
include ``:``, so ``papers search tag:t<Tab>`` reaches the completion function
as the words ``tag``, ``:``, ``t``: the query looks complete, nothing is
offered and bash falls back to file names. Here the pieces are glued back
together before typer's machinery sees them, and each completion is cut back
to what bash replaces: the text after the last colon (what bash-completion's
``__ltrim_colon_completions`` does), or the whole word when it came whole
(quoted, or with ``:`` taken out of ``COMP_WORDBREAKS``). Zsh keeps ``tag:t``
as one word and needs none of this.
"""

from __future__ import annotations

from typer._click.shell_completion import CompletionItem
from typer._completion_classes import BashComplete


class ColonBash(BashComplete):
    """typer's bash completion, with the words bash split at colons joined again."""

    prefix = ""

    def get_completion_args(self) -> tuple[list[str], str]:
        args, incomplete = super().get_completion_args()
        words = glue([*args, incomplete])
        replaced = "" if set(incomplete) == {":"} else incomplete
        self.prefix = words[-1][: len(words[-1]) - len(replaced)]
        return words[:-1], words[-1]

    def format_completion(self, item: CompletionItem) -> str:
        return str(item.value)[len(self.prefix) :]

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        found = super().get_completions(args, incomplete)
        return [item for item in found if str(item.value).startswith(self.prefix)]


def glue(words: list[str]) -> list[str]:
    """Words split at colons joined again: ``tag : t`` is ``tag:t``, ``tag :`` is
    ``tag:``. A colon is never glued to the command's name or to an option, which no
    colon can follow without a space."""
    glued: list[str] = []
    for word in words:
        if glued and word and set(word) == {":"} and _gluable(glued):
            glued[-1] += word
        elif word and glued and glued[-1].endswith(":") and _gluable(glued):
            glued[-1] += word
        else:
            glued.append(word)
    return glued


def _gluable(glued: list[str]) -> bool:
    """The word so far may take a colon: not the command's name, not an option."""
    return len(glued) > 1 and not glued[-1].startswith("-")
