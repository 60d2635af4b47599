"""JSON text as skavmap writes it: byte for byte what :mod:`json` writes, made faster for the
documents of a large process (150,000 hotspots, as many check results).

:func:`encode` writes a value on one line. A writer that puts a string in JSON text of its own
makes goes through :func:`~skavmap.outputs.escape.json_string`, as json writes it.
"""

from __future__ import annotations

import json

#: ``json.dumps`` on one line, without making a new encoder for each of many values.
#: Without indent, json uses its C encoder: ten times faster.
encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
