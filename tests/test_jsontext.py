"""skavmap's own JSON writers say byte for byte what the json module says.

They write the JSON of a large process faster (:mod:`skavmap.outputs.jsontext`); a document
from them must not differ from ``json.dumps`` in one byte, nor fail where it would not.
"""

from __future__ import annotations

import json
import math

import pytest
from conftest import ROOT, shipped

from skavmap.analysis.checking import check
from skavmap.analysis.config import Config
from skavmap.format.inputs import read
from skavmap.outputs.jsontext import Laid, indented, indented_pieces
from skavmap.outputs.vocabulary import Words
from skavmap.reporters.hotspots import contract_entry


def dumped(document: object) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)


@pytest.mark.parametrize(
    "document",
    [
        {},
        [],
        "",
        0,
        None,
        {"a": {}, "b": [], "c": [[]], "d": [{}], "e": {"f": {"g": []}}},
        [1, -2, 10**30, 1.0, -0.0, 0.1, 1e-7, 1e22, 2.5, True, False, None],
        {"tuple": (1, "x", ()), "nested": [[1, [2, [3]]], {"k": (4,)}]},
        {"text": 'Attest "snabb"\\ \x00\x1b\n\r\t\u2028\u202e ö → 🙂 \ud800', "": "tom nyckel"},
    ],
)
def test_indented_is_json_dumps(document):
    assert indented(document) == dumped(document)
    assert "".join(indented_pieces(document)) == dumped(document)


def test_the_pieces_keep_what_is_laid_out_already():
    document = {"a": [Laid('{\n      "b": 1\n    }'), {"c": [Laid("2")]}], "d": Laid("3")}
    pieces = list(indented_pieces(document))
    assert "".join(pieces) == indented(document) == dumped({"a": [{"b": 1}, {"c": [2]}], "d": 3})
    assert '{\n      "b": 1\n    }' in pieces


def test_the_json_of_whole_documents_is_json_dumps():
    """What check's JSON holds: every process's entry and every finding of the shipped files
    and the hostile names."""
    from skavmap.reporters.check_json import result_json

    inputs = read([*shipped(), ROOT / "tests" / "hostile"])
    report = check([str(f) for f in inputs.files], inputs.processes, inputs.diagnostics, Config())
    for lang in ("sv", "en"):
        words = Words(lang)
        document = {
            "processes": [contract_entry(a, words) for a in report.analyses],
            "findings": [result_json(r, words) for r in report.results],
        }
        assert indented(document) == dumped(document)


def test_a_value_json_refuses_is_refused():
    for refused in (math.nan, math.inf, [1, -math.inf], {"a": {"b": math.nan}}):
        with pytest.raises(ValueError):
            dumped(refused)
        with pytest.raises(ValueError):
            indented(refused)
    with pytest.raises(TypeError):
        indented({"a": object()})
