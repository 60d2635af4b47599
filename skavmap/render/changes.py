"""What changed since an earlier version, in the diagram's terms: ``render --diff-base``.

:func:`changes` compares the old and the new version of a process step by step, matching
renamed steps as ``skavmap diff`` does (:func:`skavmap.analysis.diff.match_steps`), and says which
steps and arrows are new, which are gone, and what changed in the steps that stayed.
:mod:`skavmap.render.scene` marks them in the picture of the new version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from skavmap.analysis.diff import FieldChange, match_steps, step_changes
from skavmap.format.model import Branch, Process


@dataclass(frozen=True)
class Base:
    """The version a diagram is compared with, and how its title names it."""

    process: Process
    label: str


@dataclass(frozen=True)
class RemovedLink:
    """An arrow of the old version that the new one lacks, between the steps as drawn."""

    tail: str
    head: str
    old_tail: str  # the old step the arrow left, for its label
    branch: Branch


@dataclass(frozen=True)
class Changes:
    """The difference between two versions of a process, step by step.

    A step of the old version that survives (renamed or not) is drawn as its new self; a
    removed step is drawn under its old id, which no step of the new version has.
    """

    added: tuple[str, ...]  # new step ids, in file order
    removed: tuple[str, ...]  # old step ids, in the old file's order
    changed: Mapping[str, tuple[FieldChange, ...]]  # new step id -> what changed
    added_links: frozenset[tuple[str, str]]
    removed_links: tuple[RemovedLink, ...]
    drawn_as: Mapping[str, str]  # old step id -> the step it is drawn as

    @property
    def empty(self) -> bool:
        return not (
            self.added or self.removed or self.changed or self.added_links or self.removed_links
        )


def changes(old: Process, new: Process) -> Changes:
    """What is new, gone and changed in ``new`` compared with ``old``.

    Changes of a step's arrows are left to the arrows; a new name counts as a change.

    >>> from skavmap.format.loader import load
    >>> process = load("examples/loop.yaml")
    >>> changes(process, process).empty
    True
    """
    mapping = match_steps(old, new)
    drawn_as = {sid: mapping.get(sid, sid) for sid in old.steps}
    kept = set(mapping.values())
    changed: dict[str, tuple[FieldChange, ...]] = {}
    for old_id, new_id in mapping.items():
        found = [
            c for c in step_changes(old, new, old_id, new_id, mapping).changes if c.field != "next"
        ]
        before, after = old.steps[old_id].name, new.steps[new_id].name
        if before != after:
            found.insert(0, FieldChange("name", before, after))
        if found:
            changed[new_id] = tuple(found)
    old_links: set[tuple[str, str]] = set()
    removed_links: list[RemovedLink] = []
    new_links = {(sid, target) for sid, step in new.steps.items() for target in step.targets}
    for sid, step in old.steps.items():
        for branch in step.next:
            pair = (drawn_as[sid], drawn_as[branch.to])
            if pair in old_links:
                continue
            old_links.add(pair)
            if pair not in new_links:
                removed_links.append(RemovedLink(*pair, sid, branch))
    return Changes(
        added=tuple(sid for sid in new.steps if sid not in kept),
        removed=tuple(sid for sid in old.steps if sid not in mapping),
        changed={sid: changed[sid] for sid in new.steps if sid in changed},
        added_links=frozenset(new_links - old_links),
        removed_links=tuple(removed_links),
        drawn_as=drawn_as,
    )
