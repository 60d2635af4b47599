"""SKV601 reported-pain: friction ("skav") that people reported on a step."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from skavmap.analysis.results import Finding
from skavmap.analysis.rules import rule

if TYPE_CHECKING:
    from skavmap.analysis.context import Context


@rule("SKV601", "pain", sv="Rapporterat skav: friktion som medarbetare har rapporterat.")
def reported_pain(ctx: Context) -> Iterator[Finding]:
    """Reported pain: friction ("skav") that people reported on a step.

    Fires on every step with ``pain``. The message quotes the report with the most votes
    (the first one written on a tie) and counts the others.

    Pain joins the costliest hotspot of its step, with its votes and quote beside it; alone
    it has no counterfactual. Weight: ``10 × reports + 5 × votes``, votes summed over the
    step's reports (a report without ``votes`` has one).
    """
    for step, data in ctx.graph.nodes(data=True):
        reports = data["pain"]
        if not reports:
            continue
        top = max(range(len(reports)), key=lambda i: reports[i].votes)
        total = sum(pain.votes for pain in reports)
        figures = {"reports": len(reports), "votes": total, "top": top}
        yield Finding((step,), figures, 10 * len(reports) + 5 * total)
