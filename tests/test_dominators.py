"""The dominators of the loader's and the analysis' graph checks, held to networkx's."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from skavmap.format.dominators import dominator_tree, immediate_dominators

arrows = st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), max_size=50)


@settings(max_examples=200, deadline=None)
@given(arrows=arrows, start=st.integers(0, 14))
def test_dominators_are_those_networkx_finds(arrows, start):
    theirs = nx.DiGraph(arrows)
    theirs.add_node(start)
    successors: dict = {}
    for u, v in arrows:  # a node without arrows out may be left out, as the callers do
        successors.setdefault(f"n{u}", []).append(f"n{v}")
    expected = {f"n{n}": f"n{d}" for n, d in nx.immediate_dominators(theirs, start).items()}
    expected.pop(f"n{start}", None)  # older networkx names the start its own dominator
    assert immediate_dominators(successors, f"n{start}") == expected


@settings(max_examples=200, deadline=None)
@given(arrows=arrows, start=st.integers(0, 14))
def test_the_numbered_tree_is_the_same(arrows, start):
    successors: list[list[int]] = [[] for _ in range(15)]
    for u, v in arrows:
        successors[u].append(v)
    tree = dominator_tree(successors, start)
    found = immediate_dominators(dict(enumerate(successors)), start)
    assert tree[start] == start
    assert {n: d for n, d in enumerate(tree) if d != -1 and n != start} == found
