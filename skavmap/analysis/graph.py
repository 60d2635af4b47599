"""The step graph of a process: a :class:`~skavmap.analysis.digraph.DiGraph` with everything
the analysis needs.

Nodes are step ids, in file order, with these attributes:

``kind``, ``name``, ``role`` (role id or ``None``), ``unit`` (the department the role counts
as, see :attr:`skavmap.format.model.Role.unit`, or ``None`` for a step without a role), ``systems``,
``forms``, ``manual``, ``at`` (:class:`~skavmap.format.model.ClockTime` or ``None``), ``pain``,
``pos``, and the per-visit times ``work`` and ``wait`` in working hours.

A ``subprocess`` step rolls up the process it runs: its ``work`` is that process's work time
and its ``wait`` is the step's own ``wait`` plus the rest of that process's lead time, so
``wait + work`` is the step's own wait plus the sub-process's lead time.

Edges carry ``p`` (the branch probability of a decision, 1.0 for every other step: a parallel
split takes all of its branches) and ``when`` (the branch label or ``None``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from itertools import chain
from typing import TYPE_CHECKING

from skavmap.analysis.digraph import DiGraph
from skavmap.format.model import Process

if TYPE_CHECKING:
    import numpy as np

#: The (lead time, work time) of a process, in working hours.
Rollup = Callable[[Process], tuple[float, float]]


def build_graph(process: Process, rollup: Rollup | None) -> DiGraph:
    """The step graph of ``process``; ``rollup`` gives the times of a sub-process
    (:func:`skavmap.analysis.metrics.step_graph` analyses each sub-process once); with
    ``None`` a sub-process step counts only its own times.

    >>> from skavmap.format.loader import load
    >>> graph = build_graph(load("examples/analysers/rework-loop.yaml"), rollup=None)
    >>> graph.nodes["registrera"]["role"], graph.edges["granska", "registrera"]["p"]
    ('handlaggare', 0.2)
    """
    nodes = {}
    unit_of = {role_id: role.unit for role_id, role in process.roles.items()}
    unit_of[None] = None
    for step in process.steps.values():
        # Step.work_hours and wait_hours, read without a call for each of a large process's
        # steps.
        work = step.work.hours if step.work else 0.0
        wait = step.wait.hours if step.wait else 0.0
        if step.kind == "subprocess" and step.subprocess is not None and rollup is not None:
            sub_lead, sub_work = rollup(step.subprocess)
            work, wait = sub_work, wait + sub_lead - sub_work
        nodes[step.id] = {
            "kind": step.kind,
            "name": step.name,
            "role": step.role,
            "unit": unit_of[step.role],
            "systems": step.systems,
            "forms": step.forms,
            "manual": step.manual,
            "at": step.at,
            "pain": step.pain,
            "pos": step.pos,
            "work": work,
            "wait": wait,
        }
    arrows = (
        (step.id, branch.to, {"p": branch.p, "when": branch.when})
        for step in process.steps.values()
        for branch in step.next
    )
    return DiGraph.built(nodes, arrows, process=process)


def file_order(graph: DiGraph) -> dict[str, int]:
    """Position of each step in the file. Kept in the graph's ``derived``, shared and so
    never changed: the flow, its parallel blocks and the loops of a large process each
    number its steps.

    >>> g = DiGraph(); g.add_nodes_from(["b", "a"]); file_order(g)
    {'b': 0, 'a': 1}
    """
    derived = getattr(graph, "derived", None)  # a networkx graph (the tests') has none
    if derived is None:
        return {node: index for index, node in enumerate(graph)}
    order = derived.get("file order")
    if order is None:
        order = derived["file order"] = {node: index for index, node in enumerate(graph)}
    return order


def numbered_arrows(graph: DiGraph) -> tuple[np.ndarray, np.ndarray]:
    """The arrows by :func:`file_order`: the position of the step each one leads to, the
    arrows of each step together, steps in file order, arrows as written; and the number
    of arrows out of each step. Kept in the graph's ``derived``: the parallel blocks and the
    loops of a large process both read them."""
    derived = getattr(graph, "derived", None)  # a networkx graph (the tests') has none
    numbered = None if derived is None else derived.get("numbered arrows")
    if numbered is None:
        numbered = _numbered(list(graph), graph.succ, file_order(graph))
        if derived is not None:
            derived["numbered arrows"] = numbered
    return numbered


def _numbered(
    nodes: Sequence[str], successors: Mapping[str, Collection[str]], position: Mapping[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`numbered_arrows` of the graph of ``nodes`` and ``successors``."""
    import numpy as np

    rows = [successors[u] for u in nodes]
    heads = np.fromiter(map(position.__getitem__, chain.from_iterable(rows)), dtype=np.intp)
    return heads, np.fromiter(map(len, rows), dtype=np.intp, count=len(rows))


def loop_groups(graph: DiGraph) -> tuple[tuple[str, ...], ...]:
    """Each loop: a strongly connected group of two or more steps, or a step that leads to
    itself; steps in file order, groups ordered by their first step.

    >>> g = DiGraph([("s", "a"), ("a", "b"), ("b", "a"), ("b", "c"), ("c", "c"), ("c", "e")])
    >>> loop_groups(g)
    (('a', 'b'), ('c',))
    """
    nodes = list(graph)
    if len(nodes) > COMPILED_LIMIT:
        return _compiled_loops(nodes, graph.succ, numbered_arrows(graph))
    order = file_order(graph)
    groups = [
        tuple(sorted(component, key=order.__getitem__))
        for component in _strong_components(nodes, graph.succ)
        if len(component) > 1 or component[0] in graph.succ[component[0]]
    ]
    return tuple(sorted(groups, key=lambda group: order[group[0]]))


def back_edges(graph: DiGraph, start: str) -> frozenset[tuple[str, str]]:
    """Edges that a depth-first walk from ``start`` (successors in the order written) finds
    pointing back to a step on its current path: the edges that close loops.

    >>> g = DiGraph([("s", "a"), ("a", "b"), ("b", "e"), ("b", "a")])
    >>> sorted(back_edges(g, "s"))
    [('b', 'a')]
    """
    derived = getattr(graph, "derived", None)  # a networkx graph (the tests') has none
    if derived is None:
        return back_links([start], graph.succ)
    backs, _ = _walk(graph, start)
    return frozenset(backs)


def back_links(
    roots: list[str], successors: Mapping[str, Iterable[str]]
) -> frozenset[tuple[str, str]]:
    """The arrows that close loops: what a depth-first walk from the first root (arrows in
    the order written) finds pointing back to a step on its current path; then from each
    root it has not reached (removed steps of a visual diff). The layout leaves them out
    when it ranks the steps, so loops do not bend the flow.

    >>> from skavmap.format.loader import load
    >>> process = load("examples/loop.yaml")
    >>> successors = {sid: list(step.targets) for sid, step in process.steps.items()}
    >>> sorted(back_links([process.start], successors))
    [('komplettera', 'granska')]
    >>> sorted(back_links(["a", "x"], {"a": ["b"], "b": ["a"], "x": ["y"], "y": ["x"]}))
    [('b', 'a'), ('y', 'x')]
    """
    found: set[tuple[str, str]] = set()
    seen: set[str] = set()
    for root in roots:
        if root in seen:
            continue
        seen.add(root)
        on_path = {root}
        stack = [(root, iter(successors.get(root, ())))]
        while stack:
            node, targets = stack[-1]
            for target in targets:
                if target in on_path:
                    found.add((node, target))
                elif target not in seen:
                    seen.add(target)
                    on_path.add(target)
                    stack.append((target, iter(successors.get(target, ()))))
                    break
            else:
                stack.pop()
                on_path.discard(node)
    return frozenset(found)


def closing_branches(graph: DiGraph, start: str) -> dict[tuple[str, str], tuple[str, str]]:
    """For each arrow that goes back (:func:`back_edges`), the decision branch that closes
    its loop: the branch of the last decision before the arrow on the way round. One walk
    serves every loop of the graph.

    Setting a loop's closing branches to ``p: 0`` is its counterfactual: no case goes round.

    >>> g = DiGraph([("s", "g"), ("g", "k"), ("k", "e"), ("k", "b"), ("b", "g")])
    >>> g.nodes["k"]["kind"] = "decision"
    >>> for n in "sgbe":
    ...     g.nodes[n]["kind"] = "task"
    >>> closing_branches(g, "s")
    {('b', 'g'): ('k', 'b')}
    """
    backs, parent = _walk(graph, start)
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for tail, head in backs:
        if graph.nodes[tail]["kind"] == "decision":
            found[(tail, head)] = (tail, head)
            continue
        child = tail
        while child != head and child in parent:
            above = parent[child]
            if graph.nodes[above]["kind"] == "decision":
                found[(tail, head)] = (above, child)
                break
            child = above
    return found


def _walk(graph: DiGraph, start: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The depth-first walk from ``start`` (arrows in the order written) that
    :func:`back_edges` and :func:`closing_branches` both read: the arrows it finds pointing
    back to a step on its current path, in the order found, and the step each step was
    reached from. Kept in the graph's ``derived``: the metrics and the counterfactuals of a
    large process ask for it once each."""
    key = ("walk", start)
    if key in graph.derived:
        return graph.derived[key]
    parent: dict[str, str] = {}
    seen = {start}
    stack = [(start, iter(graph.succ.get(start, ())))]
    backs: list[tuple[str, str]] = []
    on_path = {start}
    while stack:
        node, targets = stack[-1]
        for target in targets:
            if target in on_path:
                backs.append((node, target))
            elif target not in seen:
                seen.add(target)
                on_path.add(target)
                parent[target] = node
                stack.append((target, iter(graph.succ[target])))
                break
        else:
            stack.pop()
            on_path.discard(node)
    graph.derived[key] = backs, parent
    return backs, parent


def components_in_order(
    nodes: Sequence[str], successors: Mapping[str, Iterable[str]]
) -> list[list[str]]:
    """The strongly connected components of the graph of ``nodes`` and ``successors``
    (every successor one of ``nodes``), in topological order, each in the order of ``nodes``.

    The order is the one networkx gives (``strongly_connected_components``, numbered by
    ``condensation``, then ``topological_sort``), so that flows add up in the same order;
    written out on plain dicts because the solvers ask for it thousands of times on a few
    steps each, where building a graph object would cost more than the solve. Above
    :data:`COMPILED_LIMIT` steps the components are scipy's, in a topological order of
    their own.

    >>> successors = {"s": ["a"], "a": ["b"], "b": ["a", "e"], "e": []}
    >>> components_in_order(["s", "a", "b", "e"], successors)
    [['s'], ['a', 'b'], ['e']]
    """
    found = _strong_components(nodes, successors)
    where = {n: i for i, component in enumerate(found) for n in component}
    after: list[dict[int, None]] = [{} for _ in found]  # ordered sets
    for u in nodes:
        for v in successors[u]:
            if where[v] != where[u]:
                after[where[u]][where[v]] = None
    before = [0] * len(found)
    for targets in after:
        for t in targets:
            before[t] += 1
    generation = [i for i, count in enumerate(before) if count == 0]
    ordered: list[int] = []
    while generation:
        ordered += generation
        following = []
        for i in generation:
            for t in after[i]:
                before[t] -= 1
                if before[t] == 0:
                    following.append(t)
        generation = following
    position = {n: i for i, n in enumerate(nodes)}
    # Nearly every component of a process is one step: nothing to sort.
    return [
        found[i] if len(found[i]) == 1 else sorted(found[i], key=position.__getitem__)
        for i in ordered
    ]


#: Graphs of more steps than this have their strongly connected components found by scipy's
#: compiled search, in half the time of Tarjan's in Python: importing scipy costs a quarter
#: of a second, which only large processes, whose visits scipy solves anyway, have spent.
COMPILED_LIMIT = 20_000


def _strong_components(
    nodes: Sequence[str], successors: Mapping[str, Iterable[str]]
) -> list[list[str]]:
    """Tarjan's strongly connected components, depth first from each node in turn and to
    successors in their order: the components come as each one's first step is done.
    Above :data:`COMPILED_LIMIT` steps, scipy's, each in the order of ``nodes``."""
    if len(nodes) > COMPILED_LIMIT:
        return _compiled_components(nodes, successors)
    index: dict[str, float] = {}
    low: dict[str, float] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    # A step whose component is found gets an index no other can be below: one lookup tells
    # both that it was seen and that it no longer lowers anything (no set of the open steps).
    finished = math.inf
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        work = [(root, iter(successors[root]))]
        while work:
            v, targets = work[-1]
            for w in targets:
                seen = index.get(w)
                if seen is None:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    work.append((w, iter(successors[w])))
                    break
                if seen < low[v]:
                    low[v] = seen
            else:
                work.pop()
                lowest = low[v]
                if work:
                    parent = work[-1][0]
                    if lowest < low[parent]:
                        low[parent] = lowest
                if lowest == index[v]:
                    component = [stack.pop()]
                    while component[-1] != v:
                        component.append(stack.pop())
                    for w in component:
                        index[w] = finished
                    found.append(component)
    return found


def _compiled_components(
    nodes: Sequence[str], successors: Mapping[str, Collection[str]]
) -> list[list[str]]:
    """The strongly connected components by scipy's compiled search, numbered as scipy
    labels them, each in the order of ``nodes``."""
    position = {n: i for i, n in enumerate(nodes)}
    count, labels = _compiled_labels(*_numbered(nodes, successors, position))
    found: list[list[str]] = [[] for _ in range(count)]
    for node, label in zip(nodes, labels.tolist(), strict=True):
        found[label].append(node)
    return found


def _compiled_loops(
    nodes: Sequence[str],
    successors: Mapping[str, Collection[str]],
    numbered: tuple[np.ndarray, np.ndarray],
) -> tuple[tuple[str, ...], ...]:
    """:func:`loop_groups` from scipy's labels, without sorting: the steps of loops are
    gathered in the order of ``nodes``, so each group is in that order and the groups come
    in the order of their first steps. ``numbered`` are the arrows by position
    (:func:`numbered_arrows`)."""
    import numpy as np

    count, labels = _compiled_labels(*numbered)
    shared = (np.bincount(labels, minlength=count)[labels] > 1).tolist()
    groups: dict[int, list[str]] = {}
    for node, label, in_group in zip(nodes, labels.tolist(), shared, strict=True):
        if in_group or node in successors[node]:
            groups.setdefault(label, []).append(node)
    return tuple(map(tuple, groups.values()))


def _compiled_labels(heads: np.ndarray, counts: np.ndarray) -> tuple[int, np.ndarray]:
    """The number of strongly connected components, and the label of each step, by scipy's
    compiled search of the arrows numbered as :func:`numbered_arrows` numbers them."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    size = len(counts)
    starts = np.zeros(size + 1, dtype=np.intp)
    np.cumsum(counts, out=starts[1:])
    # One entry per arrow (successors are distinct): a byte each is enough.
    arrows = csr_matrix((np.ones(len(heads), dtype=np.int8), heads, starts), shape=(size, size))
    return connected_components(arrows, directed=True, connection="strong")
