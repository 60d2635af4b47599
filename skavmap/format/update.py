"""Write new values into a process file's text in place, keeping everything else as it was.

Only the values asked for change: each is found by its path of keys in the composed YAML
(the same nodes, with their marks, that the loader reads) and the text is edited at those
marks. Comments, blank lines, key order, quoting and line breaks stay, so that a diff in git
shows exactly the values that changed. A key that is not there yet is added on a line of its
own next to a sibling (or after the last entry of a ``{...}`` mapping); a branch written as a
bare step id becomes ``{to: ID, p: ...}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from skavmap.format.yamlsource import compose

#: Keys after whose line a new step key is written, in order of preference.
ANCHORS = ("work", "wait", "role", "name", "kind", "system")


@dataclass(frozen=True)
class Change:
    """Set ``key`` of step ``step`` (``wait`` or ``work``) to ``value``, or, with ``branch``,
    the ``p`` of the branch of ``step`` that goes to ``branch``."""

    step: str
    key: str
    value: str
    branch: str | None = None


class UpdateError(ValueError):
    """A change that cannot be written into this text."""


def apply(text: str, changes: Sequence[Change]) -> str:
    """``text`` with every change made (edits at the marks, from the end of the text back,
    so that earlier marks stay valid)."""
    root = compose(text)
    steps = _get(root, "steps")
    if not isinstance(steps, MappingNode):
        raise UpdateError("the file has no 'steps' mapping")
    edits: list[tuple[int, int, str]] = []
    for change in changes:
        step = _get(steps, change.step)
        if not isinstance(step, MappingNode):
            raise UpdateError(f"step '{change.step}' is not a mapping")
        if change.branch is None:
            edits.append(_set_key(text, step, change.key, change.value))
        else:
            edits.append(_set_branch(text, step, change))
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _get(mapping: Node, key: str) -> Node | None:
    if not isinstance(mapping, MappingNode):
        return None
    for key_node, value in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return value
    return None


def _scalar(text: str, node: ScalarNode, value: str) -> tuple[int, int, str]:
    """Replace a scalar, keeping its quotes."""
    style = node.style if node.style in ('"', "'") else ""
    return node.start_mark.index, node.end_mark.index, f"{style}{value}{style}"


def _set_key(text: str, mapping: MappingNode, key: str, value: str) -> tuple[int, int, str]:
    current = _get(mapping, key)
    if isinstance(current, ScalarNode):
        return _scalar(text, current, value)
    if current is not None:
        raise UpdateError(f"'{key}' is not a single value")
    return _insert(text, mapping, key, value)


def _insert(text: str, mapping: MappingNode, key: str, value: str) -> tuple[int, int, str]:
    """Add ``key: value`` to a mapping that lacks it."""
    if mapping.flow_style or not mapping.value:
        if not mapping.value:
            raise UpdateError(f"cannot add '{key}' to an empty mapping")
        last = mapping.value[-1][1]
        at = last.end_mark.index
        return at, at, f", {key}: {value}"
    pairs = {k.value: (k, v) for k, v in mapping.value if isinstance(k, ScalarNode)}
    for name in (*ANCHORS, *pairs):
        if name not in pairs:
            continue
        key_node, value_node = pairs[name]
        if (
            isinstance(value_node, ScalarNode)
            and value_node.end_mark.line == key_node.start_mark.line
        ):
            end = text.find("\n", value_node.end_mark.index)
            end = len(text) if end < 0 else end
            indent = " " * key_node.start_mark.column
            return end, end, f"\n{indent}{key}: {value}"
    raise UpdateError(f"found no line to add '{key}' after")


def _set_branch(text: str, step: MappingNode, change: Change) -> tuple[int, int, str]:
    branches = _get(step, "next")
    items = branches.value if isinstance(branches, SequenceNode) else [branches]
    for item in items:
        if isinstance(item, ScalarNode) and item.value == change.branch:
            start, end, _ = _scalar(text, item, change.branch)
            return start, end, f"{{to: {text[start:end]}, p: {change.value}}}"
        if isinstance(item, MappingNode):
            target = _get(item, "to")
            if isinstance(target, ScalarNode) and target.value == change.branch:
                return _set_key(text, item, "p", change.value)
    raise UpdateError(f"step '{change.step}' has no branch to '{change.branch}'")


def duration_text(hours: float, day_hours: float) -> str:
    """A measured duration as a person would write it: minutes, hours and minutes, or
    working days with one decimal.

    >>> duration_text(0.25, 8), duration_text(2.4, 8), duration_text(20.0, 8), duration_text(8, 8)
    ('15m', '2h24m', '2.5d', '1d')
    """
    if hours < 1 - 1 / 120:
        return f"{round(hours * 60)}m"
    if hours < day_hours - 1 / 120:
        whole, minutes = divmod(round(hours * 60), 60)
        return f"{whole}h{minutes}m" if minutes else f"{whole}h"
    days = round(hours / day_hours, 1)
    return f"{days:g}d"


def percent_texts(shares: Sequence[float]) -> list[str]:
    """Shares that add up to one as percentages with one decimal that add up to exactly 100
    (largest remainders get the rounding).

    >>> percent_texts([1 / 3, 1 / 3, 1 / 3])
    ['33.4%', '33.3%', '33.3%']
    >>> percent_texts([0.851, 0.149])
    ['85.1%', '14.9%']
    """
    total = sum(shares)
    tenths = [s / total * 1000 for s in shares] if total else [0.0 for _ in shares]
    floors = [int(t) for t in tenths]
    short = 1000 - sum(floors) if total else 0
    order = sorted(range(len(shares)), key=lambda i: (floors[i] - tenths[i], i))
    for i in order[:short]:
        floors[i] += 1
    return [f"{f / 10:g}%" for f in floors]
