"""SKV101 cross-department-handoff: where work moves between departments."""

from __future__ import annotations

from collections.abc import Iterator

from skavmap.analysis.analysers import Context, Finding, analyser

PHRASES = {
    "sv": "överlämning {units} ({roles}), {times}",
    "en": "handoff {units} ({roles}), {times}",
}
EXTERNAL = {"sv": ", extern part", "en": ", external party"}


@analyser("SKV101", "handoff", sv="Överlämning mellan förvaltningar eller avdelningar.")
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
    for u, v in sorted(ctx.metrics.cross_department_edges, key=_edge_order(ctx)):
        target = roles[ctx.graph.nodes[v]["role"]]
        sources = [
            (role, amount)
            for role, amount in arrivals[(u, v)].items()
            if roles[role].unit != target.unit
        ]
        count = sum(amount for _, amount in sources)
        units = dict.fromkeys(ctx.process.department_name(roles[r].unit) for r, _ in sources)
        names = dict.fromkeys(roles[r].name for r, _ in sources)
        message = ctx.say(
            PHRASES,
            units=f"{', '.join(units)} → {ctx.process.department_name(target.unit)}",
            roles=f"{', '.join(names)} → {target.name}",
            times=ctx.times(count),
        )
        if target.external or any(roles[r].external for r, _ in sources):
            message += EXTERNAL[ctx.lang]
        yield Finding((u, v), 30 * count, message)


def _edge_order(ctx: Context):
    order = {n: i for i, n in enumerate(ctx.graph)}
    return lambda edge: (order[edge[0]], order[edge[1]])
