"""A synthetic event log from a model: cases that run the process as the file says.

Cases arrive at random (the ``volume`` of the process, else one per working hour) from
Monday 2026-01-05 at the start of the working day. Each case walks the step graph from the
start step: a decision takes a branch with its probability ``p`` (so loops run as often as
the model says), a parallel split runs every branch and its join starts when the last branch
is done. Each visit of a step waits its ``wait`` and works its ``work``, each drawn evenly
from its range (a single value is exact), in working time placed on the clock by the
calendar (:mod:`skavmap.analysis.worktime`). A step that does work (not a start, end or a
gateway without role and time) leaves a ``start`` and a ``complete`` event, by a resource of
its role (``Name 1``, ``Name 2``, ... as many as the role's ``capacity``, at least two); the
start step leaves one ``complete`` when the case arrives. A sub-process step takes the times
its own process has on average.

The same model, number of cases and seed give the same log, byte for byte. A log simulated
from a model measures back to that model (``skavmap evidence``): that is its use as a test
oracle.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from skavmap.analysis.results import Analysis
from skavmap.analysis.worktime import clock_time, work_calendar, working_hours

#: The first case arrives at the start of the working day of this Monday.
FIRST_DAY = datetime(2026, 1, 5)
#: Arrivals per working hour without a volume.
DEFAULT_RATE = 1.0


@dataclass(frozen=True, slots=True)
class Event:
    case: str
    activity: str
    timestamp: datetime
    resource: str
    lifecycle: str  # start or complete


def _is_visible(step) -> bool:
    if step.kind == "end":
        return False
    if step.kind in ("decision", "parallel"):
        return step.role is not None or step.work is not None or step.wait is not None
    return True


class Simulator:
    """Draws cases of ``analysis``'s process; :meth:`events` yields them in time order per
    case, case after case."""

    def __init__(self, analysis: Analysis, seed: int = 0):
        self.analysis = analysis
        self.process = analysis.process
        self.random = random.Random(seed)
        self.calendar = work_calendar(self.process.calendar)
        graph = analysis.context.graph
        self.blocks = {b.split: b for b in analysis.context.flow.blocks}
        self.times: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {}
        for step in self.process.steps.values():
            if step.kind == "subprocess" and step.subprocess is not None:
                node = graph.nodes[step.id]
                self.times[step.id] = ((node["wait"], node["wait"]), (node["work"], node["work"]))
            else:
                wait = (step.wait.low, step.wait.high) if step.wait else (0.0, 0.0)
                work = (step.work.low, step.work.high) if step.work else (0.0, 0.0)
                self.times[step.id] = (wait, work)
        self.resources: dict[str, list[str]] = {}
        for role in self.process.roles.values():
            people = max(2, math.ceil(role.capacity or 0))
            self.resources[role.id] = [f"{role.name} {n}" for n in range(1, people + 1)]
        rate = self.process.volume.per_hour if self.process.volume else DEFAULT_RATE
        self.rate = rate if rate > 0 else DEFAULT_RATE

    def _draw(self, span: tuple[float, float]) -> float:
        low, high = span
        return low if high <= low else self.random.uniform(low, high)

    def cases(self, n: int) -> Iterator[list[Event]]:
        width = len(str(max(n, 1)))
        arrival = working_hours(FIRST_DAY, self.calendar) + 1e-9
        for number in range(1, n + 1):
            case = f"case-{number:0{width}d}"
            events: list[tuple[float, int, Event]] = []
            self._walk(case, self.process.start, arrival, None, events)
            events.sort(key=lambda item: (item[0], item[1]))
            yield [event for _, _, event in events]
            arrival += self.random.expovariate(self.rate)

    def _walk(self, case: str, step_id: str, ready: float, stop: str | None, events: list):
        """Run from ``step_id`` at working time ``ready`` until ``stop`` (a join) or an end;
        returns the working time at which it got there."""
        steps = self.process.steps
        while step_id != stop:
            step = steps[step_id]
            if step.kind == "end":
                return ready
            wait, work = self.times[step_id]
            began = ready + self._draw(wait)
            done = began + self._draw(work)
            if _is_visible(step):
                resource = self._resource(step)
                if step.kind != "start" or began != ready:
                    self._event(events, case, step, began, resource, "start")
                self._event(events, case, step, done, resource, "complete")
            if step.kind == "parallel" and step_id in self.blocks:
                block = self.blocks[step_id]
                ends = [self._walk(case, target, done, block.join, events)
                        for target in step.targets]  # fmt: skip
                ready, step_id = max(ends), block.join
                continue
            ready = done
            step_id = self._choose(step) if step.kind == "decision" else step.next[0].to
        return ready

    def _choose(self, step) -> str:
        roll = self.random.random()
        total = 0.0
        for branch in step.next:
            total += branch.p
            if roll < total:
                return branch.to
        return step.next[-1].to

    def _resource(self, step) -> str:
        if step.role is None:
            return ""
        return self.random.choice(self.resources[step.role])

    def _event(self, events: list, case: str, step, hours: float, resource: str, life: str):
        at = clock_time(hours, self.calendar).replace(microsecond=0)
        # A start and its complete in the same second keep their order.
        order = len(events)
        events.append((hours, order, Event(case, step.name, at, resource, life)))


def simulate(analysis: Analysis, cases: int, seed: int = 0) -> Iterator[list[Event]]:
    """``cases`` cases of ``analysis``'s process, each a list of events in time order."""
    return Simulator(analysis, seed).cases(cases)
