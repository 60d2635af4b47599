"""``skavmap check --format json``: the format specification's JSON, plus every finding.

``processes`` follows the contract of the specification (the same entries as ``skavmap
hotspots --format json``, holding the hotspots the configuration kept); ``findings`` lists
every validation problem, hotspot and threshold breach with its file, line, column and
severity; ``summary`` has the counts and the exit status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from skavmap.analysis.checking import CheckReport, Result
from skavmap.format.model import Process
from skavmap.outputs.escape import json_string
from skavmap.outputs.jsontext import Laid, encode, indented, indented_pieces
from skavmap.outputs.messages import Sentences, result_text, sentences
from skavmap.outputs.vocabulary import Words
from skavmap.reporters.hotspots import FORMAT_VERSION, contract_entry, laid_out_hotspots


def result_json(
    result: Result, words: Words, said_of: Callable[[Process], Sentences] | None = None
) -> dict:
    """A finding as ``findings`` lists it; ``said_of``: the sentences of each process
    (:func:`~skavmap.outputs.messages.sentences`), for a report of many."""
    return {
        "file": result.file,
        "line": result.line,
        "column": result.col,
        "severity": result.severity,
        "code": result.code,
        "name": result.name,
        "kind": result.kind,
        "message": result_text(result, words, said_of),
        "steps": list(result.steps),
        "role": result.role,
        "score": result.score,
        "process": result.process.id if result.process is not None else None,
    }


def json_report(report: CheckReport, words: Words) -> str:
    return indented(_document(report, words, list)) + "\n"


def json_pieces(report: CheckReport, words: Words) -> Iterator[str]:
    """:func:`json_report`'s text in pieces, to be written as they come: joined, the
    document of 100,000 steps took two more copies of its 173 MB, each twice as large in
    memory (an arrow in it takes two bytes for every character). Each hotspot and finding
    is laid out as it is written, not all held first."""
    yield from indented_pieces(_document(report, words, iter))
    yield "\n"


def _document(
    report: CheckReport, words: Words, held: Callable[[Iterable[Laid]], Iterable[Laid]]
) -> dict:
    """The document, its hotspots and findings laid out already, each list ``held`` as a
    list, or as an iterator that lays them out as they are asked for."""
    said_of = sentences(words)
    processes = []
    kept = {(f.file, f.code, f.steps, f.role) for f in report.results if f.score is not None}
    for analysis in report.analyses:
        file = str(analysis.process.file)
        hotspots = [h for h in analysis.hotspots if (file, h.code, h.steps, h.role) in kept]
        # The path as given, as in ``findings``, so that the two can be matched.
        entry = contract_entry(analysis, words, (), file)
        # Each hotspot four deep: the document, processes, the entry, its hotspots.
        said = said_of(analysis.process)
        entry["hotspots"] = held(laid_out_hotspots(analysis, hotspots, 4, said))
        processes.append(entry)
    return {
        "skavmap": FORMAT_VERSION,
        "processes": processes,
        "findings": held(_laid_out_findings(report.results, words, said_of)),
        "summary": {
            "files": len(report.files),
            "errors": report.count("error"),
            "warnings": report.count("warning"),
            "info": report.count("info"),
            "fail_level": report.fail_level,
            "exit_code": report.exit_code,
        },
    }


def _laid_out_findings(
    results: Sequence[Result], words: Words, said_of: Callable[[Process], Sentences]
) -> Iterator[Laid]:
    """Each result's :func:`result_json` as :func:`~skavmap.outputs.jsontext.indented` lays
    it out under ``findings``, two deep, byte for byte.

    Written from its pieces: a large process's 150,000 results repeat few files, rules,
    roles, scores and processes, each piece encoded once (``once``); through their dicts and
    ``indented`` they took twice as long.
    """
    member, item = "\n" + "  " * 3, "\n" + "  " * 4
    next_member, next_item = "," + member, "," + item
    # Each file; each severity, rule and kind; each role, score and process: written once.
    files: dict[str, str] = {}
    rules: dict[tuple, str] = {}
    ends: dict[tuple, str] = {}
    for r in results:
        file = files.get(r.file)
        if file is None:
            file = files[r.file] = f'{{{member}"file": {encode(r.file)}{next_member}"line": '
        rule = rules.get((r.severity, r.code, r.name, r.kind))
        if rule is None:
            rule = rules[r.severity, r.code, r.name, r.kind] = (
                f'{next_member}"severity": {encode(r.severity)}{next_member}"code": '
                f'{encode(r.code)}{next_member}"name": {encode(r.name)}{next_member}"kind": '
                f'{encode(r.kind)}{next_member}"message": '
            )
        process = r.process.id if r.process is not None else None
        # Typed: 1 and 1.0 are one key to a dict but not the same JSON.
        end_key = (r.role, r.score, type(r.score), process)
        end = ends.get(end_key)
        if end is None:
            end = ends[end_key] = (
                f'{next_member}"role": {encode(r.role)}{next_member}"score": '
                f'{encode(r.score)}{next_member}"process": {encode(process)}\n    }}'
            )
        if len(r.steps) == 1:
            steps = f"[{item}{json_string(r.steps[0])}{member}]"
        elif r.steps:
            steps = f"[{item}{next_item.join([json_string(s) for s in r.steps])}{member}]"
        else:
            steps = "[]"
        yield Laid(
            f'{file}{_integer(r.line)}{next_member}"column": {_integer(r.col)}{rule}'
            f"{json_string(result_text(r, words, said_of))}{next_member}"
            f'"steps": {steps}{end}'
        )


def _integer(value: int) -> str:
    """A line or column number as JSON: as :func:`encode` writes it, without the encoder for
    a plain int."""
    return int.__repr__(value) if type(value) is int else encode(value)
