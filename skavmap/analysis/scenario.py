"""A process as it would be after a change: the model, changed, ready to be analysed again.

Used for what a hotspot costs (its counterfactual: the process without that friction) and
for what an action would save (the process after its ``changes:``). Every change builds a
new immutable :class:`~skavmap.format.model.Process`; analysing it with the same solver as
any process gives the exact figures after the change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from skavmap.format.model import Branch, Duration, Process, Step

NO_TIME = Duration("0m", 0.0, 0.0, 0.0)


def with_steps(process: Process, steps: Mapping[str, Step]) -> Process:
    """``process`` with some steps replaced (by id), in the same order."""
    return dataclasses.replace(
        process,
        steps=MappingProxyType({sid: steps.get(sid, step) for sid, step in process.steps.items()}),
    )


def without_time(process: Process, cuts: Mapping[str, tuple[bool, bool]]) -> Process:
    """``process`` with the ``wait`` and/or ``work`` of some steps set to nothing:
    ``cuts`` maps a step id to (cut the wait, cut the work)."""
    changed = {}
    for sid, (wait, work) in cuts.items():
        step = process.steps[sid]
        changed[sid] = dataclasses.replace(
            step,
            wait=NO_TIME if wait and step.wait is not None else step.wait,
            work=NO_TIME if work and step.work is not None else step.work,
        )
    return with_steps(process, changed)


def with_branch_shares(process: Process, decision: str, shares: Mapping[str, float]) -> Process:
    """``process`` with new branch probabilities at ``decision`` (target → p); branches
    not named keep theirs."""
    step = process.steps[decision]
    branches = tuple(
        dataclasses.replace(b, p=shares.get(b.to, b.p), p_given=b.p_given or b.to in shares)
        for b in step.next
    )
    return with_steps(process, {decision: dataclasses.replace(step, next=branches)})


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
    if rest <= 1e-12:
        raise ValueError("the other branches have no share to scale")
    return {b.to: fixed[b.to] if b.to in fixed else b.p * left / rest for b in branches}
