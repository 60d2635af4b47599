"""SKV101 cross-department-handoff: where work moves between departments."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from skavmap.analysis.results import Finding
from skavmap.analysis.rules import rule

if TYPE_CHECKING:
    from skavmap.analysis.context import Context


@rule("SKV101", "handoff", sv="Överlämning mellan förvaltningar eller avdelningar.")
def cross_department_handoff(ctx: Context) -> Iterator[Finding]:
    """Handoff between departments: work moves to a role of another department.

    Fires on each edge of the step graph where a cross-department handoff lands (see
    ``cross_department_edges`` in docs/analysis.md): the edge into the receiving step, after
    any steps without a role. External roles, and roles without a department, count as
    departments of their own; the message marks handoffs to or from an external party.

    Score: ``min(100, 30 × c)``, where ``c`` is the expected number of cross-department
    handoffs per case on that edge. A handoff every case scores 30; one inside a rework loop
    that runs 0.2 times per case scores 6; three per case or more score 90 to 100.
    """
    roles = ctx.process.roles
    arrivals = ctx.flow.role_arrivals
    order = ctx.order
    for u, v in sorted(
        ctx.metrics.cross_department_edges, key=lambda e: (order[e[0]], order[e[1]])
    ):
        target = ctx.graph.nodes[v]["role"]
        sources = [
            (role, amount)
            for role, amount in arrivals[(u, v)].items()
            if roles[role].unit != roles[target].unit
        ]
        count = sum(amount for _, amount in sources)
        figures = {"count": count, "from_roles": tuple(r for r, _ in sources), "to_role": target}
        yield Finding((u, v), figures, 30 * count)
