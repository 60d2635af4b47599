"""``skavmap check`` as plain lines: ``FILE:LINE:COL: severity: message [CODE]``, then a summary."""

from __future__ import annotations

from skavmap.analysis.checking import CheckReport
from skavmap.outputs.messages import result_line
from skavmap.outputs.vocabulary import Words


def text_report(report: CheckReport, words: Words, quiet: bool = False) -> str:
    """Every result on a line of its own, in file and line order; ``quiet`` keeps errors only."""
    lines = [result_line(r, words) for r in report.results if not quiet or r.severity == "error"]
    return "".join(line + "\n" for line in lines)


def summary(report: CheckReport) -> str:
    """``3 files checked: 1 error, 0 warnings, 12 info``.

    >>> summary(CheckReport(files=["a.yaml"]))
    '1 file checked: 0 errors, 0 warnings, 0 info'
    """
    files = len(report.files)
    errors, warnings = report.count("error"), report.count("warning")
    return (
        f"{files} file{'s' if files != 1 else ''} checked: "
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}, "
        f"{report.count('info')} info"
    )
