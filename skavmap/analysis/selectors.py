"""Naming rules in a configuration: selectors (``SKV1``, ``rework-loop``, ``ALL``) and the
file globs of ``per-file-ignores``."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache


def specificity(selector: str, code: str, name: str) -> int | None:
    """How closely ``selector`` names the rule ``code``/``name``; ``None`` when it does not.

    ``ALL`` matches everything least closely, a code prefix by its length, and a full code
    or the rule's name most closely.

    >>> [specificity(s, "SKV101", "cross-department-handoff")
    ...  for s in ("ALL", "SKV", "SKV1", "skv101", "cross-department-handoff", "SKV2")]
    [0, 3, 4, 6, 6, None]
    """
    text = selector.strip()
    if text.upper() == "ALL":
        return 0
    if text.lower() == name:
        return len(code)
    upper = text.upper()
    if upper.startswith("SKV") and code.startswith(upper):
        return len(upper)
    return None


def best(selectors: Iterable[str], code: str, name: str) -> int | None:
    """The closest match of any selector, or ``None``."""
    found = [s for s in (specificity(sel, code, name) for sel in selectors) if s is not None]
    return max(found) if found else None


def glob_match(pattern: str, path: str) -> bool:
    """Shell-style match where ``*`` and ``?`` stay inside one folder and a folder name
    ``**`` spans any number of folders (none included).

    The time grows with the product of the pattern's and the path's lengths at worst, never
    exponentially, whatever the pattern.

    >>> glob_match("processes/**/*.yaml", "processes/a/b/x.yaml")
    True
    >>> glob_match("processes/**/*.yaml", "processes/x.yaml")
    True
    >>> glob_match("processes/*.yaml", "processes/a/x.yaml")
    False
    >>> glob_match("*" * 40 + "z", "a" * 60)
    False
    """
    parts, names = tuple(pattern.split("/")), tuple(path.split("/"))

    @cache
    def match(i: int, j: int) -> bool:
        if i == len(parts):
            return j == len(names)
        if parts[i] == "**":
            return any(match(i + 1, k) for k in range(j, len(names) + 1))
        return j < len(names) and _segment(parts[i], names[j]) and match(i + 1, j + 1)

    return match(0, 0)


def _segment(pattern: str, name: str) -> bool:
    """``*`` (any run) and ``?`` (one character) within one folder name: the greedy
    two-pointer match, which backtracks only to the last ``*``.

    >>> _segment("*.yaml", "x.yaml"), _segment("a?c", "abc"), _segment("a*", "b")
    (True, True, False)
    """
    p = n = 0
    star, mark = -1, 0
    while n < len(name):
        if p < len(pattern) and pattern[p] in ("?", name[n]) and pattern[p] != "*":
            p, n = p + 1, n + 1
        elif p < len(pattern) and pattern[p] == "*":
            star, mark = p, n
            p += 1
        elif star >= 0:
            p, mark = star + 1, mark + 1
            n = mark
        else:
            return False
    return all(c == "*" for c in pattern[p:])
