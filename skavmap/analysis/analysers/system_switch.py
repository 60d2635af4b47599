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
    # Each receiving step's systems from the process's steps, not through the graph's view:
    # a Python call for each of a hundred thousand arrows.
    steps = ctx.process.steps
    for (_, v), by_systems in ctx.system_arrivals.items():
        mine = steps[v].systems
        for systems, amount in by_systems.items():
            if systems.isdisjoint(mine):
                into = arrivals.setdefault(v, {})
                into[systems] = into.get(systems, 0.0) + amount
    # The systems of each combination work comes from, sorted once, not for each step it
    # reaches: a large process has a few combinations and fifty thousand switches.
    named: dict[frozenset, tuple[str, ...]] = {}
    for step in steps.values():
        if step.manual:
            count = ctx.visits(step.id)
            figures = {"manual": 1, "count": count}
        else:
            into = arrivals.get(step.id) if step.role is not None else None
            switched = [(s, n) for s, n in into.items() if n > EPSILON] if into else ()
            if not switched:
                continue
            count = sum(n for _, n in switched)
            if len(switched) == 1:
                systems = switched[0][0]
                sources = named.get(systems)
                if sources is None:
                    sources = named[systems] = tuple(sorted(systems))
            else:
                sources = tuple(sorted({s for systems, _ in switched for s in systems}))
            figures = {"count": count, "from_systems": sources}
        yield Finding((step.id,), figures, 35 * count)
