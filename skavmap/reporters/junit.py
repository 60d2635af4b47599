"""``skavmap check`` as JUnit XML, for CI servers that show test results.

One ``testsuite`` per process file, holding one ``testcase`` named after the file. Each
finding at or above the fail level (and every file that does not load) is a ``failure``
element of that test case; findings below the fail level are listed in its ``system-out``,
so nothing is lost. Files are in the order checked, findings in line order.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from skavmap.analysis.checking import CheckReport
from skavmap.outputs.escape import xml_text
from skavmap.outputs.messages import result_line, result_text, sentences
from skavmap.outputs.vocabulary import Words


def junit_report(report: CheckReport, words: Words) -> str:
    by_file: dict[str, list] = {file: [] for file in report.files}
    for finding in report.results:
        by_file.setdefault(finding.file, []).append(finding)
    failed_files = sum(1 for found in by_file.values() if any(map(report.failing, found)))
    said_of = sentences(words)
    root = ET.Element(
        "testsuites",
        {
            "name": "skavmap check",
            "tests": str(len(by_file)),
            "failures": str(failed_files),
            "errors": "0",
        },
    )
    for file, found in by_file.items():
        failures = [f for f in found if report.failing(f)]
        suite = ET.SubElement(
            root,
            "testsuite",
            {
                "name": xml_text(file),
                "tests": "1",
                "failures": "1" if failures else "0",
                "errors": "0",
                "skipped": "0",
            },
        )
        case = ET.SubElement(
            suite, "testcase", {"classname": "skavmap.check", "name": xml_text(file)}
        )
        for finding in failures:
            failure = ET.SubElement(
                case,
                "failure",
                {
                    "message": xml_text(result_text(finding, words, said_of)),
                    "type": finding.code or "validation",
                },
            )
            failure.text = xml_text(result_line(finding, words, said_of))
        rest = [xml_text(result_line(f, words, said_of)) for f in found if not report.failing(f)]
        if rest:
            ET.SubElement(case, "system-out").text = "\n".join(rest)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
