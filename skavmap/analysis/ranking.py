"""From findings to hotspots: the same friction joined, its cost counted, and one score.

- **Joined**: a step's long wait (SKV303) and its being the bottleneck (SKV301) are one
  friction with one counterfactual: one hotspot, the bottleneck, with the wait beside it.
  A handoff into that step (SKV101) is costed by the same wait, so it joins it too.
  Pain reported on a step (SKV601) joins the step's costliest hotspot, so that votes and
  quotes stay beside the friction they are about instead of competing with it.
- **Counted**: every hotspot gets its :class:`~skavmap.analysis.results.Impact` by its
  kind's counterfactual (:mod:`skavmap.analysis.impact`), or ``None`` where nothing can be
  counted.
- **Scored**: a hotspot with an impact scores ``100 × (1 − 2^(−H/40))``, with ``H`` its
  hours per case (lead time plus work time): the same hours score the same in any process,
  a working week per case (40 hours) scores 50, a day 13, and more hours always score more.
  A hotspot that cannot be counted scores its rule's own weight (frequency included)
  divided by eight, at most 10: it is listed, but it never outranks a counted friction of
  more than 6 hours per case on votes or flags alone. A counted friction of no hours is
  left out, except a handoff and one with pain joined to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING

from skavmap.analysis.results import Finding, Hotspot, Impact, Related
from skavmap.analysis.rules import Rule

if TYPE_CHECKING:
    from skavmap.analysis.context import Context
    from skavmap.analysis.impact import Counterfactuals

#: Hours of friction per case that score 50: one working week.
HALF_SCORE_HOURS = 40.0
#: The highest score of a hotspot whose cost cannot be counted.
UNCOUNTED_MAX = 10.0
#: The codes whose findings are one friction when they are about the same single step.
SAME_FRICTION = ("SKV301", "SKV303")
PAIN = "SKV601"
HANDOFF = "SKV101"
#: Hours per case below which a counted friction costs nothing (a second).
NO_HOURS = 1 / 3600


@dataclass(slots=True)
class _Draft:
    rule: Rule
    finding: Finding
    related: list[Related] = field(default_factory=list)
    votes: int = 0
    impact: Impact | None = None


def settled(hours: float) -> float:
    """Hours as the ranking compares them, to the millionth: two frictions that cost the
    same are a tie however the rounding of the sums that counted them fell.

    >>> settled(2.2300323749991797) == settled(2.230032375000001)
    True
    """
    return round(hours, 6)


def score_of(impact: Impact | None, weight: float) -> float:
    """The score of a hotspot: from its ``impact`` when it has one, else from its rule's
    ``weight``.

    >>> score_of(Impact(40.0, 0.0, 0.0), 0), score_of(Impact(6.0, 2.0, 0.0), 0), score_of(None, 60)
    (50.0, 12.9, 7.5)
    """
    if impact is not None:
        return round(100 * (1 - 2 ** (-max(0.0, impact.hours) / HALF_SCORE_HOURS)), 1)
    return round(min(UNCOUNTED_MAX, max(0.0, weight) / 8), 1)


def _costs_nothing(draft: _Draft) -> bool:
    """A counted friction of no hours (a bottleneck whose step has no wait, a manual step
    without work) is not friction. A handoff stays: crossing a department is felt even where
    nobody waits; so does anything with pain joined to it."""
    impact = draft.impact
    return (
        impact is not None
        and impact.hours < NO_HOURS
        and draft.rule.kind != "handoff"
        and not draft.related
    )


def hotspots(context: Context, found: Sequence[tuple[Rule, Finding]]) -> tuple[Hotspot, ...]:
    """The hotspots of one process, highest score first (ties: more hours, more votes, then
    code and place in the file)."""
    drafts, waits = _joined([_Draft(rule, finding) for rule, finding in found])
    drafts = _with_handoffs(drafts, waits)
    counter = context.counterfactuals
    # Counted once joined: a handoff that joined a wait is costed by its host alone.
    for draft in drafts:
        draft.impact = _impact(counter, draft)
    drafts = _with_pain(drafts)
    order = context.order
    ranked = []
    for d in drafts:
        impact, finding, rule = d.impact, d.finding, d.rule
        score = score_of(impact, float(finding.score or 0.0))
        if impact is None and score <= 0 or _costs_nothing(d):
            continue
        hotspot = Hotspot(
            rule.code,
            rule.name,
            rule.kind,
            finding.steps,
            score,
            finding.figures,
            finding.role,
            impact,
            tuple(d.related),
            d.votes,
        )
        hours = impact.hours if impact else -1.0
        place = [order[s] for s in finding.steps]
        ranked.append(
            ((-score, -settled(hours), -d.votes, rule.code, place, finding.role or ""), hotspot)
        )
    ranked.sort(key=itemgetter(0))  # the keys only: hotspots do not compare
    return tuple(hotspot for _, hotspot in ranked)


def _joined(drafts: list[_Draft]) -> tuple[list[_Draft], dict[str, _Draft]]:
    """A step's wait joins its bottleneck: the one friction, told once. Returns the drafts
    kept, and the one of each step that a wait or bottleneck is now."""
    by_step: dict[str, _Draft] = {}
    kept = []
    for draft in sorted(drafts, key=lambda d: d.rule.code):
        steps = draft.finding.steps
        if draft.rule.code in SAME_FRICTION and len(steps) == 1 and draft.finding.role is None:
            first = by_step.get(steps[0])
            if first is not None:
                first.related.append(_related(draft))
                continue
            by_step[steps[0]] = draft
        kept.append(draft)
    return kept, by_step


def _with_handoffs(drafts: list[_Draft], waits: dict[str, _Draft]) -> list[_Draft]:
    """A handoff into a step whose wait is a hotspot (``waits``, by step) joins it: the
    handoff's counterfactual is that very wait, so it is the same friction with the same
    impact."""
    kept = []
    for draft in drafts:
        host = waits.get(draft.finding.steps[-1]) if draft.rule.code == HANDOFF else None
        if host is None:
            kept.append(draft)
        else:
            host.related.append(_related(draft))
    return kept


def _with_pain(drafts: list[_Draft]) -> list[_Draft]:
    """Pain on a step joins the step's costliest hotspot (one that costs nothing is no host);
    alone, it stays a hotspot."""
    kept = [d for d in drafts if d.rule.code != PAIN]
    pains = [d for d in drafts if d.rule.code == PAIN]
    if not pains:
        return kept
    # The hosts a step's pain can join, in the order they were found.
    hosts_of: dict[str, list[_Draft]] = {}
    for d in kept:
        if (
            len(d.finding.steps) == 1
            and d.finding.role is None
            and (d.impact is None or d.impact.hours >= NO_HOURS)
        ):
            hosts_of.setdefault(d.finding.steps[0], []).append(d)
    for pain in pains:
        step = pain.finding.steps[0]
        hosts = hosts_of.setdefault(step, [])
        if not hosts:
            pain.votes = int(pain.finding.figures.get("votes", 0))
            kept.append(pain)
            hosts.append(pain)
            continue
        host = max(hosts, key=lambda d: settled(d.impact.hours) if d.impact else -1.0)
        host.related.append(_related(pain))
        host.votes += int(pain.finding.figures.get("votes", 0))
    return kept


def _related(draft: _Draft) -> Related:
    finding = draft.finding
    return Related(
        draft.rule.code, draft.rule.name, draft.rule.kind, finding.figures, finding.steps
    )


def _impact(counter: Counterfactuals, draft: _Draft) -> Impact | None:
    """The counterfactual of the hotspot's kind (the format specification 1.1, and the
    approval chain's, documented in docs/analysis.md)."""
    code, steps, figures = draft.rule.code, draft.finding.steps, draft.finding.figures
    if code in SAME_FRICTION:
        return counter.without_wait(steps[0])
    if code == HANDOFF:
        return counter.without_wait(steps[-1])
    if code == "SKV201":
        return counter.without_loop(steps)
    if code == "SKV501" and figures.get("manual"):
        return counter.without_time({steps[0]: (False, True)})
    if code == "SKV701":
        # One approval has to stay: the one that holds the most time (often the deciding
        # attest, already counted as a bottleneck) stays, the others go.
        per_step = counter.metrics.per_step
        kept = max(steps, key=lambda s: (per_step[s].hours, -steps.index(s)))
        return counter.without_time({s: (True, True) for s in steps if s != kept})
    return None
