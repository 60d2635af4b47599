"""A process as it would be after a change: the model, changed, ready to be analysed again.

Used for what a hotspot costs (its counterfactual: the process without that friction) and
for what an action would save (the process after its ``changes:``). Every change builds a
new immutable :class:`~skavmap.format.model.Process`; analysing it with the same solver as
any process gives the exact figures after the change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from skavmap.format.changes import with_steps
from skavmap.format.model import Duration, Process

NO_TIME = Duration("0m", 0.0, 0.0, 0.0)


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
