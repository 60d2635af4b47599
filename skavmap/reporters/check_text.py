"""``skavmap check`` as plain lines: ``FILE:LINE:COL: severity: message [CODE]``, then a summary."""

from __future__ import annotations

from skavmap.analysis.checking import CheckReport
from skavmap.outputs.messages import result_line, sentences
from skavmap.outputs.vocabulary import Words


def text_report(
    report: CheckReport, words: Words, quiet: bool = False, verbose: bool = True
) -> str:
    """Every result on a line of its own, in file and line order; ``quiet`` keeps errors
    only, and without ``verbose`` the info results are left out unless they fail the run
    (``--fail-level info``)."""
    if quiet:
        shown = {"error"}
    elif verbose or shows_info(report):
        shown = {"error", "warning", "info"}
    else:
        shown = {"error", "warning"}
    said_of = sentences(words)
    lines = [result_line(r, words, said_of) for r in report.results if r.severity in shown]
    return "".join(line + "\n" for line in lines)


def shows_info(report: CheckReport) -> bool:
    """Whether info results fail the run, so that they must be shown."""
    return report.fail_level == "info"


def summary(report: CheckReport, words: Words | None = None, verbose: bool = True) -> str:
    """The last line: ``All OK: 3 files, 3 processes checked`` when nothing fails and there
    is no warning, else ``3 files checked: 1 error, 0 warnings, 12 info``; without
    ``verbose``, how many info results were not shown instead of their count.

    >>> summary(CheckReport(files=["a.yaml"]))
    'All OK: 1 file, 0 processes checked'
    >>> from skavmap.analysis.checking import Result
    >>> found = CheckReport(files=["a.yaml"], results=[Result("a.yaml", 1, 1, "warning"),
    ...                                                Result("a.yaml", 2, 1, "info")])
    >>> summary(found)
    '1 file checked: 0 errors, 1 warning, 1 info'
    >>> summary(found, Words("sv"), verbose=False)
    '1 fil har kontrollerats: 0 fel, 1 varning (1 info dolda, se --verbose)'
    """
    words = words or Words("en")
    files = words.plural("check.files", len(report.files))
    errors, warnings, info = (report.count(s) for s in ("error", "warning", "info"))
    shown = verbose or shows_info(report)
    counted = words.plural("check.info", info)
    if errors or warnings or report.exit_code:
        counts = [words.plural("check.errors", errors), words.plural("check.warnings", warnings)]
        line = words("check.summary", files=files, counts=", ".join(counts + [counted] * shown))
    else:
        processes = words.plural("check.processes", len(report.analyses))
        line = words("check.all_ok", files=files, processes=processes)
        line += f", {counted}" if shown and info else ""
    if info and not shown:
        line += f" ({words('check.hidden', info=counted)})"
    return line
