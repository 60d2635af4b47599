"""What a rule sees of a process: the model, its step graph, its figures and its flow."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skavmap.analysis.digraph import DiGraph
    from skavmap.analysis.impact import Counterfactuals
    from skavmap.analysis.metrics import Flow
    from skavmap.analysis.results import Metrics
    from skavmap.format.model import Process


class Context:
    """The process, its graph (:func:`skavmap.analysis.graph.build_graph`), its metrics and
    the solved flow, shared by every rule that runs on it."""

    def __init__(self, process: Process, graph: DiGraph, metrics: Metrics, flow: Flow):
        self.process = process
        self.graph = graph
        self.metrics = metrics
        self.flow = flow

    def visits(self, step: str) -> float:
        return self.metrics.per_step[step].visits

    @property
    def order(self) -> dict[str, int]:
        """Each step's position in the file (the flow's: the graph's nodes are in file order)."""
        return self.flow.order

    @cached_property
    def system_arrivals(self):
        """:meth:`~skavmap.analysis.metrics.Flow.arrivals` by the set of systems a step uses;
        steps without systems are transparent."""
        steps = self.process.steps.values()
        # One set for each combination of systems, not one for each of a hundred thousand
        # steps: each is hashed once, when first looked up.
        label = {step.systems: None for step in steps}
        for combination in label:
            label[combination] = frozenset(combination) or None
        return self.flow.arrivals({step.id: label[step.systems] for step in steps})

    @cached_property
    def counterfactuals(self) -> Counterfactuals:
        """What taking friction away would change, shared by the rules and the ranking."""
        from skavmap.analysis.impact import Counterfactuals

        return Counterfactuals(self.process, self.graph, self.flow, self.metrics)

    def settle(self) -> None:
        """Let go of what only the rules and the ranking ask for: the arrivals by system and
        by role, the counterfactuals. A large process's take a few hundred megabytes while
        its hotspots are written; anything that asks for them later gets them worked out
        again."""
        for name in ("system_arrivals", "counterfactuals"):
            self.__dict__.pop(name, None)
        self.flow.settle()
