"""The step graph: nodes, attributes, edges, loops, and the doctests of the graph code."""

from __future__ import annotations

import doctest
from unittest import mock

import networkx as nx
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import skavmap.analysis.digraph
import skavmap.analysis.graph
import skavmap.analysis.metrics
from skavmap.analysis.digraph import DiGraph
from skavmap.analysis.graph import (
    back_edges,
    back_links,
    build_graph,
    components_in_order,
    loop_groups,
)
from skavmap.analysis.metrics import compute_metrics, step_graph
from skavmap.format.loader import load
from skavmap.format.model import own_unit


@pytest.mark.parametrize(
    "module", [skavmap.analysis.digraph, skavmap.analysis.graph, skavmap.analysis.metrics]
)
def test_doctests(module, monkeypatch):
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testmod(module)
    assert tried > 0 and failures == 0


def test_nodes_and_edges_carry_the_model():
    process = load(ROOT / "examples" / "loop.yaml")
    graph = build_graph(process, None)
    assert list(graph) == list(process.steps)
    granska = graph.nodes["granska"]
    assert granska["role"] == "handlaggare" and granska["unit"] == "samhallsbyggnad"
    assert granska["work"] == pytest.approx(0.25) and granska["wait"] == pytest.approx(16)
    assert graph.nodes["ansokan"]["unit"] == own_unit("sokande")  # external: its own department
    assert graph.nodes["komplett"]["role"] is None
    assert graph.edges["komplett", "begar"] == {"p": pytest.approx(0.25), "when": "nej"}
    assert graph.edges["komplett", "beslut"]["p"] == pytest.approx(0.75)
    assert graph.nodes["begar"]["pain"][0].votes == 1


def test_parallel_edges_weigh_one():
    graph = build_graph(load(ROOT / "examples" / "parallel.yaml"), None)
    assert [graph.edges["remiss", n]["p"] for n in graph.successors("remiss")] == [1.0, 1.0]


def test_subprocess_step_rolls_up_the_process_it_runs():
    process = load(ROOT / "examples" / "subprocess.yaml")
    step = next(s for s in process.steps.values() if s.kind == "subprocess")
    sub = build_graph(step.subprocess, None)
    graph = step_graph(process)
    node = graph.nodes[step.id]
    inner = compute_metrics(step.subprocess, sub)
    assert node["work"] == pytest.approx(inner.work_time_hours)
    assert node["wait"] + node["work"] == pytest.approx(step.wait_hours + inner.lead_time_hours)


def test_rollup_can_be_given():
    process = load(ROOT / "examples" / "subprocess.yaml")
    step = next(s for s in process.steps.values() if s.kind == "subprocess")
    graph = build_graph(process, rollup=lambda sub: (10.0, 4.0))
    assert graph.nodes[step.id]["work"] == 4.0
    assert graph.nodes[step.id]["wait"] == pytest.approx(step.wait_hours + 6.0)


def test_self_loop_is_a_loop_and_a_rework_edge():
    graph = nx.DiGraph([("s", "a"), ("a", "a"), ("a", "e")])
    assert loop_groups(graph) == (("a",),)
    assert back_edges(graph, "s") == frozenset({("a", "a")})


def test_back_edges_follow_the_written_order():
    # Both a→b→a edges close the loop; the walk meets a first, so b→a goes back.
    graph = nx.DiGraph([("s", "a"), ("a", "b"), ("b", "a"), ("b", "e")])
    assert back_edges(graph, "s") == frozenset({("b", "a")})
    graph = nx.DiGraph([("s", "b"), ("b", "a"), ("a", "b"), ("b", "e")])
    assert back_edges(graph, "s") == frozenset({("a", "b")})


def test_long_chains_do_not_recurse():
    graph = nx.path_graph(20_000, create_using=nx.DiGraph)
    graph.add_edge(19_999, 0)
    assert back_edges(graph, 0) == frozenset({(19_999, 0)})
    assert len(loop_groups(nx.relabel_nodes(graph, str))[0]) == 20_000


def weighted_arrows(highest: int, most: int):
    """Up to ``most`` arrows between steps numbered up to ``highest``, with a weight each."""
    step = st.integers(0, highest)
    return st.lists(st.tuples(step, step, st.sampled_from([0.2, 0.5, 1.0])), max_size=most)


@settings(max_examples=100, deadline=None)
@given(weighted_arrows(12, 40))
def test_the_step_graph_reads_as_networkx_reads_the_same_graph(arrows):
    # skavmap's DiGraph stands in for networkx's (whose import alone outlasts a `check`):
    # the same nodes, arrows, attributes and order, and the same loops.
    ours, theirs = DiGraph(process="P"), nx.DiGraph(process="P")
    for graph in (ours, theirs):
        graph.add_nodes_from(["s", "e"])
        for u, v, p in arrows:
            graph.add_edge(f"n{u}", f"n{v}", p=p, when=None)
        graph.nodes["s"]["kind"] = "start"
    assert list(ours) == list(theirs) and len(ours) == len(theirs)
    assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
    assert list(ours.nodes(data="kind")) == list(theirs.nodes(data="kind"))
    assert list(ours.edges) == list(theirs.edges) and len(ours.edges) == len(theirs.edges)
    assert list(ours.edges(data="p")) == list(theirs.edges(data="p"))
    assert list(ours.edges(data=True)) == list(theirs.edges(data=True))
    for n in theirs:
        assert list(ours.successors(n)) == list(theirs.successors(n))
        assert list(ours.predecessors(n)) == list(theirs.predecessors(n))
        assert ours.out_degree(n) == theirs.out_degree(n)
        assert dict(ours.succ[n]) == dict(theirs.succ[n]) and dict(ours[n]) == dict(theirs[n])
        assert all(ours.has_edge(n, m) == theirs.has_edge(n, m) for m in theirs)
    assert [(n, dict(a)) for n, a in ours.adjacency()] == [
        (n, dict(a)) for n, a in theirs.adjacency()
    ]
    assert ours.graph == theirs.graph
    assert (
        loop_groups(ours)
        == loop_groups(theirs)
        == tuple(
            sorted(
                (
                    tuple(sorted(c, key=list(theirs).index))
                    for c in nx.strongly_connected_components(theirs)
                    if len(c) > 1 or theirs.has_edge(next(iter(c)), next(iter(c)))
                ),
                key=lambda group: list(theirs).index(group[0]),
            )
        )
    )


def test_the_walk_back_edges_keep_is_walked_again_when_an_arrow_is_added():
    graph = DiGraph([("s", "a"), ("a", "e")])
    assert back_edges(graph, "s") == frozenset()
    graph.add_edge("a", "s")
    assert back_edges(graph, "s") == frozenset({("a", "s")})
    graph.add_edge("e", "x")
    graph.add_edge("x", "a")
    assert back_edges(graph, "s") == back_links(["s"], graph.succ) == {("a", "s"), ("x", "a")}


@settings(max_examples=100, deadline=None)
@given(weighted_arrows(8, 30))
def test_a_graph_built_at_once_is_the_graph_built_arrow_by_arrow(arrows):
    # build_graph hands DiGraph.built all steps and arrows; an arrow written twice keeps its
    # place and takes the later attributes, and a step only an arrow names comes last.
    steps = [f"n{i}" for i in range(0, 9, 2)]
    one_by_one = DiGraph(process="P")
    for n in steps:
        one_by_one.add_node(n, kind="task")
    for u, v, p in arrows:
        one_by_one.add_edge(f"n{u}", f"n{v}", p=p)
    at_once = DiGraph.built(
        {n: {"kind": "task"} for n in steps},
        ((f"n{u}", f"n{v}", {"p": p}) for u, v, p in arrows),
        process="P",
    )
    assert list(at_once.nodes(data=True)) == list(one_by_one.nodes(data=True))
    assert list(at_once.edges(data=True)) == list(one_by_one.edges(data=True))
    assert at_once.graph == one_by_one.graph
    for n in one_by_one:
        assert list(at_once.predecessors(n)) == list(one_by_one.predecessors(n))
        for m, data in at_once.succ[n].items():
            assert at_once.pred[m][n] is data


def fifteen_steps(arrows):
    """A networkx graph of steps n0 … n14 with ``arrows``, its steps, and their successors."""
    theirs = nx.DiGraph()
    theirs.add_nodes_from(f"n{i}" for i in range(15))
    theirs.add_edges_from((f"n{u}", f"n{v}") for u, v in arrows)
    nodes = list(theirs)
    return theirs, nodes, {n: list(theirs.successors(n)) for n in nodes}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), max_size=45))
def test_the_solvers_take_the_components_in_the_order_networkx_gives(arrows):
    # The flows add up in this order: another order of equally valid components would give
    # the same figures only up to rounding, and the saved outputs would drift.
    theirs, nodes, successors = fifteen_steps(arrows)
    condensed = nx.condensation(theirs)
    expected = [
        sorted(condensed.nodes[c]["members"], key=nodes.index)
        for c in nx.topological_sort(condensed)
    ]
    assert components_in_order(nodes, successors) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), max_size=45))
def test_a_large_graph_s_components_come_in_a_topological_order_of_scipy_s(arrows):
    theirs, nodes, successors = fifteen_steps(arrows)
    graph = DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(theirs.edges)
    usual = loop_groups(graph)
    with mock.patch.object(skavmap.analysis.graph, "COMPILED_LIMIT", 0):
        found = components_in_order(nodes, successors)
        assert loop_groups(graph) == usual
    assert sorted(map(sorted, found)) == sorted(
        sorted(c) for c in nx.strongly_connected_components(theirs)
    )
    assert all(c == sorted(c, key=nodes.index) for c in found)
    place = {n: i for i, component in enumerate(found) for n in component}
    assert all(place[u] <= place[v] for u, v in theirs.edges)  # nothing flows back
