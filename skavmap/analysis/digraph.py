"""The step graph's container: the part of networkx's ``DiGraph`` that the analysis uses,
on plain dicts.

networkx's import alone (350 modules) takes longer than the whole start-up budget of a
``check``, and a command uses one graph class of it and no algorithm (loops, dominators and
components are worked out in :mod:`skavmap.analysis.graph` and
:mod:`skavmap.format.dominators`). What is here behaves as networkx does: nodes and arrows
keep the order they were added in, attributes are dicts, ``succ`` and ``pred`` are dicts
of dicts that share each arrow's attributes, and ``nodes(data=...)``, ``edges(data=...)``
give the same tuples. The tests hold it to networkx (tests/test_graph.py).

>>> g = DiGraph([("s", "a"), ("a", "e")], process="P")
>>> g.add_edge("a", "a", p=0.2)
>>> list(g), list(g.edges), g.edges["a", "a"]["p"], g.out_degree("a"), g.graph["process"]
(['s', 'a', 'e'], [('s', 'a'), ('a', 'e'), ('a', 'a')], 0.2, 2, 'P')
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Any


class DiGraph:
    """A directed graph: nodes with attributes, at most one arrow from a node to another."""

    def __init__(self, edges: Iterable[tuple] | None = None, **attr: Any):
        self.graph: dict[str, Any] = dict(attr)
        self._node: dict[Hashable, dict[str, Any]] = {}
        self.succ: dict[Hashable, dict[Hashable, dict[str, Any]]] = {}
        self.pred: dict[Hashable, dict[Hashable, dict[str, Any]]] = {}
        #: What is worked out from the arrows and asked for more than once (the walk of
        #: :mod:`skavmap.analysis.graph`), forgotten when a node or an arrow is added.
        self.derived: dict[Hashable, Any] = {}
        if edges is not None:
            self.add_edges_from(edges)

    # --- building -----------------------------------------------------------------------

    @classmethod
    def built(
        cls,
        nodes: dict[Hashable, dict[str, Any]],
        edges: Iterable[tuple[Hashable, Hashable, dict[str, Any]]],
        **attr: Any,
    ) -> DiGraph:
        """The graph of ``nodes`` (taken, not copied: each node's attributes) with the
        ``edges`` added in order, each ``(u, v, attributes)`` with a dict of its own, as
        :meth:`add_edge` would add them; a large process's 100,000 steps are built so in
        half the time of a call per node and per arrow."""
        graph = cls(**attr)
        graph._node = nodes
        succ = graph.succ = {n: {} for n in nodes}
        pred = graph.pred = {n: {} for n in nodes}
        for u, v, data in edges:
            after, before = succ.get(u), pred.get(v)
            if after is None or before is None:
                graph.add_edge(u, v, **data)
                continue
            known = after.get(v)
            if known is None:
                after[v] = before[u] = data
            else:
                known.update(data)
        return graph

    def add_node(self, node: Hashable, **attr: Any) -> None:
        data = self._node.get(node)
        if data is None:
            self.derived.clear()
            self._node[node] = attr
            self.succ[node] = {}
            self.pred[node] = {}
        else:
            data.update(attr)

    def add_nodes_from(self, nodes: Iterable[Hashable]) -> None:
        for node in nodes:
            self.add_node(node)

    def add_edge(self, u: Hashable, v: Hashable, **attr: Any) -> None:
        for node in (u, v):
            if node not in self._node:
                self.add_node(node)
        data = self.succ[u].get(v)
        if data is None:
            self.derived.clear()
            data = self.succ[u][v] = self.pred[v][u] = {}
        data.update(attr)

    def add_edges_from(self, edges: Iterable[tuple]) -> None:
        for edge in edges:
            u, v, *data = edge
            self.add_edge(u, v, **(data[0] if data else {}))

    # --- reading ------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def __contains__(self, node: object) -> bool:
        return node in self._node

    def __getitem__(self, node: Hashable) -> dict[Hashable, dict[str, Any]]:
        return self.succ[node]

    @property
    def nodes(self) -> NodeView:
        return NodeView(self._node)

    @property
    def edges(self) -> EdgeView:
        return EdgeView(self.succ)

    def adjacency(self) -> Iterator[tuple[Hashable, dict[Hashable, dict[str, Any]]]]:
        return iter(self.succ.items())

    def successors(self, node: Hashable) -> Iterator[Hashable]:
        return iter(self.succ[node])

    def predecessors(self, node: Hashable) -> Iterator[Hashable]:
        return iter(self.pred[node])

    def has_edge(self, u: Hashable, v: Hashable) -> bool:
        return v in self.succ.get(u, ())

    def out_degree(self, node: Hashable) -> int:
        return len(self.succ[node])


class NodeView:
    """``graph.nodes``: iterate, ``nodes[n]`` for a node's attributes, ``nodes(data=...)``."""

    __slots__ = ("_node",)

    def __init__(self, node: dict[Hashable, dict[str, Any]]):
        self._node = node

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def __contains__(self, node: object) -> bool:
        return node in self._node

    def __getitem__(self, node: Hashable) -> dict[str, Any]:
        return self._node[node]

    def __call__(self, data: bool | str = False, default: Any = None) -> Iterable:
        if data is False:
            return self
        if data is True:
            return self._node.items()
        return [(n, d.get(data, default)) for n, d in self._node.items()]


class EdgeView:
    """``graph.edges``: iterate ``(u, v)``, ``edges[u, v]`` for an arrow's attributes,
    ``edges(data=...)``."""

    __slots__ = ("_succ",)

    def __init__(self, succ: dict[Hashable, dict[Hashable, dict[str, Any]]]):
        self._succ = succ

    def __iter__(self) -> Iterator[tuple[Hashable, Hashable]]:
        return ((u, v) for u, targets in self._succ.items() for v in targets)

    def __len__(self) -> int:
        return sum(len(targets) for targets in self._succ.values())

    def __contains__(self, edge: object) -> bool:
        u, v = edge  # type: ignore[misc]
        return v in self._succ.get(u, ())

    def __getitem__(self, edge: tuple[Hashable, Hashable]) -> dict[str, Any]:
        u, v = edge
        return self._succ[u][v]

    def __call__(self, data: bool | str = False, default: Any = None) -> Iterable:
        if data is False:
            return self
        if data is True:
            return [(u, v, d) for u, targets in self._succ.items() for v, d in targets.items()]
        return [
            (u, v, d.get(data, default))
            for u, targets in self._succ.items()
            for v, d in targets.items()
        ]
