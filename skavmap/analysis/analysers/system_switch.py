"""SKV501 system-switch: data typed in again, by hand or in another system."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from skavmap.analysis.results import Finding
from skavmap.analysis.rules import rule

if TYPE_CHECKING:
    from skavmap.analysis.context import Context

#: Arrivals below this are rounding noise, not a way the work can go.
EPSILON = 1e-12


@rule("SKV501", "system-switch", sv="Systembyte: uppgifter matas in igen, för hand.")
def system_switch(ctx: Context) -> Iterator[Finding]:
    """System switch: data typed in again, by hand or in another system.

    Fires on a step marked ``manual: true``, and on a step with a role and systems that
    work reaches from a step whose systems share none with it (a step without a role is an
    automated transfer between systems, not a person typing). Steps without systems are
    transparent: the move is counted from the last step with systems before.

    Cost: a manual step without its ``work`` (the specification's counterfactual). A switch
    that is not marked manual has no counterfactual; its weight is ``35 × n``, with ``n``
    the expected arrivals per case from steps with other systems.
    """
    arrivals: dict[str, dict[frozenset, float]] = {}
    nodes = ctx.graph.nodes
    # Each receiving step's systems from the process's steps, not through the graph's view:
    # a Python call for each of a hundred thousand arrows.
    steps = ctx.process.steps
    for (_, v), by_systems in ctx.system_arrivals.items():
        mine = steps[v].systems
        for systems, amount in by_systems.items():
            if systems.isdisjoint(mine):
                into = arrivals.setdefault(v, {})
                into[systems] = into.get(systems, 0.0) + amount
    for step, data in nodes(data=True):
        if data["manual"]:
            count = ctx.visits(step)
            figures = {"manual": 1, "count": count}
        else:
            into = arrivals.get(step) if data["role"] is not None else None
            switched = [(s, n) for s, n in into.items() if n > EPSILON] if into else ()
            if not switched:
                continue
            count = sum(n for _, n in switched)
            sources = sorted({s for systems, _ in switched for s in systems})
            figures = {"count": count, "from_systems": tuple(sources)}
        yield Finding((step,), figures, 35 * count)
