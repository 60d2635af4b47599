"""A process as an action would leave it: the ``changes:`` of actions applied to the model.

Format 1.1, "Actions that change the model": a change sets a step's fields (``wait``,
``work``, ``at``, ``role``, ``system``, ``manual``, ``forms``), removes a step (bypassed:
what led to it leads to its single ``next``), sets a branch's probability (the decision's
other branches scale to sum 1), or sets a role's ``capacity`` (and, as skavmap adds, its
``cost_per_hour``). Every change builds a new immutable
:class:`~skavmap.format.model.Process`; the loader checks that the result is still a valid
process, and the analysis computes its figures with the same solver as any other.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

from skavmap.format.model import Action, Branch, Change, Process, Step
from skavmap.format.phrases import Phrase, say

#: What ``--apply`` and the plan mean by every action.
ALL = "all"


class ChangeError(ValueError):
    """A change that cannot be made to the process it is applied to."""

    def __init__(self, change: Change, phrase: Phrase):
        super().__init__(phrase.text("en"))
        self.change = change
        self.phrase = phrase


def with_steps(process: Process, steps: Mapping[str, Step]) -> Process:
    """``process`` with some steps replaced (by id), in the same order."""
    return dataclasses.replace(
        process,
        steps=MappingProxyType({sid: steps.get(sid, step) for sid, step in process.steps.items()}),
    )


def rescaled(branches: Iterable[Branch], fixed: Mapping[str, float]) -> dict[str, float]:
    """The probabilities of a decision's branches when some are ``fixed`` (target → p):
    the others are scaled so that all add up to 1. Raises ``ValueError`` when the others
    have nothing to scale (all their probability was in the fixed ones).

    >>> from skavmap.format.model import Pos
    >>> bs = [Branch("a", None, 0.15, True, Pos(1, 1)), Branch("b", None, 0.85, False, Pos(1, 1))]
    >>> {k: round(v, 6) for k, v in rescaled(bs, {"a": 0.0}).items()}
    {'a': 0.0, 'b': 1.0}
    """
    branches = list(branches)
    rest = sum(b.p for b in branches if b.to not in fixed)
    left = 1.0 - sum(fixed.values())
    if left < -1e-9:
        raise ValueError("change.share_over")
    if rest <= 1e-12:
        if abs(left) <= 1e-9:
            return {b.to: fixed.get(b.to, 0.0) for b in branches}
        raise ValueError("change.share_none")
    return {b.to: fixed[b.to] if b.to in fixed else b.p * left / rest for b in branches}


def applied(process: Process, changes: Iterable[Change]) -> Process:
    """``process`` with ``changes`` made, one after another. Raises :class:`ChangeError` for
    a change that cannot be made (a step with several ways on removed, a branch share the
    others cannot make up)."""
    removed_by: dict[str, Change] = {}
    for change in changes:
        gone = removed_by.get(change.step) if change.step is not None else None
        if gone is not None:
            # A change typed on the command line sits at line 0, its column its number.
            where = (
                say("change.gone_at_line", line=gone.pos.line)
                if gone.pos.line
                else say("change.gone_typed", number=gone.pos.col)
            )
            raise ChangeError(change, say("change.gone", step=change.step, where=where))
        process = _apply(process, change)
        if change.remove:
            removed_by[change.step] = change
    return process


def actions_named(actions: Sequence[Action], names: Iterable[str]) -> list[Action]:
    """The actions ``names`` picks, in file order: ids, or :data:`ALL` for every action that
    changes the model. Raises ``KeyError`` naming an id the process has no action for."""
    import unicodedata

    # Ids are read from files in NFC; one typed on a command line may come decomposed.
    wanted = [unicodedata.normalize("NFC", name) for name in names]
    if ALL in wanted:
        return [a for a in actions if a.changes]
    known = {a.id for a in actions}
    for name in wanted:
        if name not in known:
            raise KeyError(name)
    return [a for a in actions if a.id in wanted]


def planned(process: Process, actions: Iterable[Action] | None = None) -> Process:
    """``process`` after ``actions`` (default: every action with changes), in file order."""
    chosen = [a for a in process.actions if a.changes] if actions is None else list(actions)
    return applied(process, (c for a in chosen for c in a.changes))


def _apply(process: Process, change: Change) -> Process:
    if change.step is None:
        role = process.roles[change.role]
        roles = dict(process.roles)
        roles[role.id] = dataclasses.replace(role, **dict(change.fields))
        return dataclasses.replace(process, roles=MappingProxyType(roles))
    step = process.steps[change.step]
    if change.remove:
        return _bypassed(process, change, step)
    if change.branch is not None:
        if change.branch not in step.targets:
            raise ChangeError(
                change,
                say("change.branch_gone", branch=change.branch, step=step.id,
                    targets=", ".join(step.targets)),
            )  # fmt: skip
        try:
            shares = rescaled(step.next, {change.branch: change.p or 0.0})
        except ValueError as error:
            raise ChangeError(
                change,
                say("change.bad_share", branch=change.branch, step=step.id, p=f"{change.p:g}",
                    why=say(str(error))),
            ) from None  # fmt: skip
        branches = tuple(dataclasses.replace(b, p=shares[b.to], p_given=True) for b in step.next)
        step = dataclasses.replace(step, next=branches)
    if change.fields:
        step = dataclasses.replace(step, **_step_fields(change.fields))
    return with_steps(process, {step.id: step})


def _step_fields(fields: Mapping[str, object]) -> dict[str, object]:
    """The model's names for a change's fields (``system`` is the step's ``systems``)."""
    return {("systems" if name == "system" else name): value for name, value in fields.items()}


def _bypassed(process: Process, change: Change, step: Step) -> Process:
    """``process`` without ``step``: every branch to it goes to its single next instead (two
    branches of one decision that now meet are one, their probabilities added)."""
    if step.kind in ("start", "end") or len(step.next) != 1:
        if step.kind in ("start", "end"):
            what = say(f"change.the_{step.kind}")
        else:
            what = say("change.kind_ways", kind=step.kind, ways=len(step.next))
        instead = say("change.instead_parallel" if step.kind == "parallel" else "change.instead_p")
        raise ChangeError(
            change, say("change.not_removable", step=step.id, what=what, instead=instead)
        )
    onward = step.next[0].to
    steps: dict[str, Step] = {}
    for sid, other in process.steps.items():
        if sid == step.id:
            continue
        if step.id in other.targets:
            other = dataclasses.replace(other, next=_merged(other.next, step.id, onward))
        steps[sid] = other
    return dataclasses.replace(process, steps=MappingProxyType(steps))


def _merged(branches: Sequence[Branch], removed: str, onward: str) -> tuple[Branch, ...]:
    result: list[Branch] = []
    for branch in branches:
        target = onward if branch.to == removed else branch.to
        same = next((i for i, b in enumerate(result) if b.to == target), None)
        if same is None:
            result.append(dataclasses.replace(branch, to=target))
        else:
            first = result[same]
            when = " / ".join(w for w in (first.when, branch.when) if w) or None
            result[same] = dataclasses.replace(
                first, p=first.p + branch.p, when=when, p_given=first.p_given or branch.p_given
            )
    return tuple(result)
