"""SKV601 reported-pain: friction ("skav") that people reported on a step."""

from __future__ import annotations

from collections.abc import Iterator

from skavmap.analysis.analysers import Context, Finding, analyser

QUOTE = {"sv": "”{text}”", "en": "“{text}”"}
VOTES = {"sv": ("röst", "röster"), "en": ("vote", "votes")}
MORE = {
    "sv": " + {more} till ({votes} röster totalt)",
    "en": " + {more} more ({votes} votes in all)",
}


@analyser("SKV601", "pain", sv="Rapporterat skav: friktion som medarbetare har rapporterat.")
def reported_pain(ctx: Context) -> Iterator[Finding]:
    """Reported pain: friction ("skav") that people reported on a step.

    Fires on every step with ``pain``. The message quotes the report with the most votes
    (the first one written on a tie) and counts the others.

    Score: ``min(100, 10 × reports + 5 × votes)``, votes summed over the step's reports
    (a report without ``votes`` has one). One report with 6 votes scores 40; two reports
    with 13 votes in all score 85.
    """
    for step, data in ctx.graph.nodes(data=True):
        reports = data["pain"]
        if not reports:
            continue
        top = max(reports, key=lambda pain: pain.votes)
        total = sum(pain.votes for pain in reports)
        one, many = VOTES[ctx.lang]
        details = [top.source] if top.source else []
        details.append(f"{top.votes} {one if top.votes == 1 else many}")
        message = f"{ctx.say(QUOTE, text=top.text)} ({', '.join(details)})"
        if len(reports) > 1:
            message += ctx.say(MORE, more=len(reports) - 1, votes=total)
        yield Finding((step,), 10 * len(reports) + 5 * total, message)
