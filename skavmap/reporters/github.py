"""``skavmap check`` as GitHub Actions workflow commands, which the runner shows as annotations.

``::error file=F,line=L,col=C,title=T::message``; warnings become ``::warning``, info findings
``::notice``. Values are escaped as the runner expects, so messages with commas, colons,
percent signs or line breaks arrive intact.
"""

from __future__ import annotations

from collections.abc import Callable

from skavmap.analysis.checking import CheckReport, Result
from skavmap.format.model import Process
from skavmap.outputs.escape import github_data, github_property, terminal
from skavmap.outputs.messages import Sentences, result_text, sentences
from skavmap.outputs.vocabulary import Words

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def title(finding: Result) -> str:
    """``SKV101 cross-department-handoff``, or ``skavmap check`` for a validation problem."""
    if finding.code and finding.name:
        return f"{finding.code} {finding.name}"
    return finding.code or "skavmap check"


def annotation(
    finding: Result, words: Words, said_of: Callable[[Process], Sentences] | None = None
) -> str:
    """One workflow command; ``said_of``: the sentences of each process
    (:func:`~skavmap.outputs.messages.sentences`), for a report of many.

    >>> from skavmap.outputs.vocabulary import Words
    >>> result = Result("p.yaml", 3, 5, "info", "SKV101", "handoff-x", text="50%, a: b")
    >>> annotation(result, Words("en"))
    '::notice file=p.yaml,line=3,col=5,title=SKV101 handoff-x::50%25, a: b'
    """
    properties = (
        f"file={github_property(finding.file)},line={github_property(str(finding.line))},"
        f"col={github_property(str(finding.col))},title={github_property(title(finding))}"
    )
    message = github_data(terminal(result_text(finding, words, said_of)))
    return f"::{COMMAND[finding.severity]} {properties}::{message}"


def github_report(report: CheckReport, words: Words, quiet: bool = False) -> str:
    """One annotation per result; ``quiet`` keeps errors only."""
    said_of = sentences(words)
    return "".join(
        annotation(r, words, said_of) + "\n"
        for r in report.results
        if not quiet or r.severity == "error"
    )
