"""Immediate dominators of a step graph, for the loader's checks of parallel blocks and for
the analysis, which finds each split's join as its immediate post-dominator.

The same answer as ``networkx.immediate_dominators`` (dominators are unique), by the same
method (Cooper, Harvey and Kennedy, "A simple, fast dominance algorithm"), worked on
numbered steps: a process of 100,000 steps has its dominators in a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping


def immediate_dominators(
    successors: Mapping[Hashable, Iterable[Hashable]], start: Hashable
) -> dict[Hashable, Hashable]:
    """The immediate dominator of every node that ``start`` reaches, except ``start``:
    the last node that every way from ``start`` to it passes.

    >>> graph = {"s": ["a", "b"], "a": ["j"], "b": ["j"], "j": ["a", "e"], "e": []}
    >>> sorted(immediate_dominators(graph, "s").items())
    [('a', 's'), ('b', 's'), ('e', 'j'), ('j', 's')]
    """
    # Depth first from the start: each node numbered when it is done (postorder).
    number: dict[Hashable, int] = {}
    nodes: list[Hashable] = []
    seen = {start}
    stack = [(start, iter(successors.get(start, ())))]
    while stack:
        node, onward = stack[-1]
        for target in onward:
            if target not in seen:
                seen.add(target)
                stack.append((target, iter(successors.get(target, ()))))
                break
        else:
            stack.pop()
            number[node] = len(nodes)
            nodes.append(node)
    before: list[list[int]] = [[] for _ in nodes]
    for node, i in number.items():
        for target in successors.get(node, ()):
            before[number[target]].append(i)
    root = number[start]  # the highest number
    idom = [-1] * len(nodes)
    idom[root] = root
    changed = True
    while changed:
        changed = False
        for b in range(root - 1, -1, -1):  # reverse postorder
            new = -1
            for p in before[b]:
                if idom[p] == -1:
                    continue
                if new == -1:
                    new = p
                    continue
                # The two ways up the tree meet at the common dominator.
                x, y = p, new
                while x != y:
                    while x < y:
                        x = idom[x]
                    while y < x:
                        y = idom[y]
                new = x
            if idom[b] != new:
                idom[b] = new
                changed = True
    return {nodes[b]: nodes[idom[b]] for b in range(root)}
