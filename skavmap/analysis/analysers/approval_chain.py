"""SKV701 approval-chain: several approvals or attests in a row."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from skavmap.analysis.results import Finding
from skavmap.analysis.rules import rule

if TYPE_CHECKING:
    from skavmap.analysis.context import Context
    from skavmap.analysis.digraph import DiGraph

#: Word stems that make a step an approval, in its id or name (Swedish and English).
APPROVAL = re.compile(r"attest|godkän|godkan|beslut|bevilj|tillstyrk|approv|sign", re.IGNORECASE)


@rule("SKV701", "approval-chain", sv="Attestkedja: flera attester eller godkännanden i rad.")
def approval_chain(ctx: Context) -> Iterator[Finding]:
    """Approval chain: several approvals or attests in a row.

    An approval is a step with a role whose own id or name (the step's, not the role's)
    contains one of the stems attest, godkän, godkan, beslut, bevilj, tillstyrk, approv or
    sign. Approvals are in a row when one leads to the next directly or only through steps
    without a role. Each connected row of ``k`` ≥ 2 approvals fires once, its steps in file
    order.

    Cost: every approval of the chain but one without its ``wait`` and ``work`` (skavmap's
    counterfactual: one approval decides for the chain). The one that stays is the one
    that holds the most lead time, often the deciding attest, whose own wait is already a
    hotspot of its own: so the chain costs only what the extra approvals add.
    """
    graph = ctx.graph
    approvals = [
        n
        for n, data in graph.nodes(data=True)
        if data["role"] is not None and APPROVAL.search(f"{n} {data['name']}")
    ]
    # Approvals in a row are joined, whichever leads to which: a chain is a group of them.
    chain_of = {approval: {approval} for approval in approvals}
    for approval in approvals:
        for reached in _next_with_role(graph, approval):
            if reached in chain_of and chain_of[reached] is not chain_of[approval]:
                joined = chain_of[approval] | chain_of[reached]
                for member in joined:
                    chain_of[member] = joined
    order = ctx.order
    groups = {id(group): group for group in chain_of.values()}.values()
    chains = [sorted(group, key=order.__getitem__) for group in groups]
    for chain in sorted((c for c in chains if len(c) > 1), key=lambda c: order[c[0]]):
        yield Finding(tuple(chain), {"count": len(chain)})


def _next_with_role(graph: DiGraph, step: str) -> set[str]:
    """The steps with a role that ``step`` leads to, directly or through steps without."""
    found: set[str] = set()
    seen = {step}
    stack = list(graph.successors(step))
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if graph.nodes[node]["role"] is not None:
            found.add(node)
        else:
            stack.extend(graph.successors(node))
    return found
