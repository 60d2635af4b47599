"""One escaping function per sink: names in process files are hostile until escaped.

A step name may hold anything a YAML string can: newlines, terminal escape sequences,
``[/]`` (rich markup), ``::error`` (a GitHub workflow command), ``<!--`` or ``![x](url)``
(markdown), ``=HYPERLINK(...)`` (a spreadsheet formula), characters that XML 1.0 forbids.
Every writer passes user text through the function of its sink, and the terminal gets a last
safety net (:func:`terminal_output`), so none of it acts as anything but text.

Trade-offs, so that nothing is lost: control characters are shown as escapes (``\\x1b``,
``\\n``) rather than dropped; markdown keeps the characters and only defuses them.
"""

from __future__ import annotations

import json
import re

# C0 and C1 controls, DEL, and the line separators and bidirectional overrides that can
# make text read differently from what it is ("Trojan source").
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
#: The same but the line break, which output keeps: matched and kept, the breaks of a
#: large document cost a copy of all of it.
_OUTPUT_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TWO_COLONS = re.compile("::")


def _shown(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    # From DEL on, the escape JSON has too: a raw one in a JSON document on standard output
    # stays the same character to a JSON reader, where "\\x85" would break the document.
    return f"\\x{code:02x}" if code < 0x7F else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """User text for a terminal line: every control character as a visible escape.

    >>> terminal("Attest\\x1b[2J\\nklar")
    'Attest\\\\x1b[2J\\\\nklar'
    """
    return _CONTROL.sub(lambda m: _shown(m.group()), text)


def terminal_output(text: str) -> str:
    """The last safety net before standard output or error: control characters other than
    the line breaks we write become visible, and no line starts with ``::``, which GitHub
    Actions would run as a workflow command (the ``github`` format is the one exception,
    and does not pass through here), not even after spaces.

    >>> terminal_output("ok\\n::error::x\\x07\\n  ::warning::y")
    'ok\\n:\\u200b:error::x\\\\x07\\n  :\\u200b:warning::y'
    """
    safe = _OUTPUT_CONTROL.sub(lambda m: _shown(m.group()), text)
    # Most documents hold no "::" at all, which a plain search tells three times as fast as
    # the pattern tried at every line's start (0.3 s on the hotspots JSON of 100,000 steps);
    # the search of re, twice as fast again as ``in`` where ":" is as common as in JSON.
    if _TWO_COLONS.search(safe) is None:
        return safe
    # The runner strips the spaces before a line's command.
    return re.sub(r"(?m)^([^\S\n]*)::", "\\1:\u200b:", safe)


def rich(text: str, style: str | None = None):
    """User text for rich: a ``Text`` (never parsed as markup), controls escaped, and no
    ``::`` or ``##[`` that GitHub Actions would run as a workflow command.

    Rich decides where lines start only as it draws (a table cell wraps, a column before
    it may be blank), so every ``::`` gets a zero-width space, not just one at the start;
    ``##[`` is the runner's older command, which it finds anywhere in a line.

    >>> rich("::warning::x ##[error]y").plain
    ':\\u200b:warning:\\u200b:x #\\u200b#[error]y'
    """
    from rich.text import Text

    inert = terminal(text).replace("::", ":\u200b:").replace("##[", "#\u200b#[")
    return Text(inert, style=style or "")


# Markdown: characters that start inline syntax, escaped with a backslash; "<" and ">"
# as entities so that no HTML (and no unclosed "<!--") reaches the page.
_MARKDOWN = re.compile(r"([\\`*_\[\]!|~])")


def markdown(text: str) -> str:
    """User text inside a markdown line or table cell, shown as written.

    Links, images, emphasis, HTML and comments are defused; ``@name`` gets a zero-width
    space so that it mentions nobody; a line break becomes a space (a cell is one line).

    >>> markdown("<!-- ![x](u) | @all *a*\\nb")
    '&lt;\\\\!-- \\\\!\\\\[x\\\\](u) \\\\| @\\u200ball \\\\*a\\\\* b'
    """
    text = terminal(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    text = _MARKDOWN.sub(r"\\\1", text.replace("&", "&amp;"))
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"@(?=\w)", "@\u200b", text)


def markdown_code(text: str) -> str:
    """User text as an inline code span: a fence of more backticks than the text holds.

    >>> markdown_code("a`b"), markdown_code("plain")
    ('`` a`b ``', '`plain`')
    """
    text = terminal(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    if longest == 0:
        return f"`{text}`"
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}"


def csv_cell(value: object) -> object:
    """A cell for a spreadsheet: text that a spreadsheet would run as a formula starts with
    a quote; numbers stay numbers.

    >>> csv_cell("=HYPERLINK(1)"), csv_cell("-2"), csv_cell(3.5), csv_cell("Kontera")
    ("'=HYPERLINK(1)", "'-2", 3.5, 'Kontera')
    """
    if not isinstance(value, str):
        return value
    text = terminal(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\\", "|") else text


# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except the
# surrogates and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """User text that an XML writer will escape (``&``, ``<``): characters XML 1.0
    forbids become visible escapes, so the document stays well-formed.

    >>> xml_text("a\\x1bb")
    'a\\\\x1bb'
    """
    return _NOT_XML.sub(lambda m: _shown(m.group()), text)


def html(text: str) -> str:
    """User text in HTML (or SVG, or a Graphviz HTML-like label), attribute-safe.

    >>> html('<b title="x">&\\x00')
    '&lt;b title=&quot;x&quot;&gt;&amp;\\\\x00'
    """
    import html as html_module

    return html_module.escape(xml_text(text), quote=True)


# Graphviz writes a name, a class or an id into its SVG escaping ``<``, ``>`` and ``"`` but
# keeping any ``&`` that starts an entity; a tooltip (an "escString") it reads further:
# entities decoded, then backslashes taken as escapes (``\N`` is the node's name, ``\n`` a
# line break), in two passes. So every character that could act is written as an entity,
# and a tooltip's backslash as four of them, which the two passes leave as one.
_GRAPHVIZ = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\\": "&#92;"}
_GRAPHVIZ_ACTING = re.compile(r'[&<>"\\]')


def graphviz(text: str) -> str:
    """User text in a Graphviz string that reaches its SVG as it stands (the graph's or a
    node's name, its ``id`` or ``class``): one line, every control character as a visible
    escape, what Graphviz or XML would act on as an entity. Plain text is unchanged.

    >>> print(graphviz('Tom &amp; "Jerry" a\\\\b\\x1b'))
    Tom &amp;amp; &quot;Jerry&quot; a&#92;b&#92;x1b
    >>> graphviz("Leverantörsfaktura")
    'Leverantörsfaktura'
    """
    return _GRAPHVIZ_ACTING.sub(lambda m: _GRAPHVIZ[m.group()], terminal(text))


def graphviz_tooltip(text: str) -> str:
    """User text as a Graphviz ``tooltip`` (the SVG's ``xlink:title``): as :func:`graphviz`,
    and a backslash written so that none of Graphviz's escapes (``\\N``, ``\\n``) acts.

    >>> print(graphviz_tooltip("roll: a\\\\N\\x07 → Chef"))
    roll: a&#92;&#92;&#92;&#92;N&#92;&#92;&#92;&#92;x07 → Chef
    """
    return graphviz(text).replace("&#92;", "&#92;" * 4)


#: Text as a JSON string, quotes included: what :mod:`json` writes for a string without
#: ``ensure_ascii``, by json's own function, called straight for the 600,000 strings of a
#: large process's hotspots.
json_string = json.encoder.encode_basestring


def github_data(text: str) -> str:
    """The message of a GitHub workflow command, escaped as the runner expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value of a GitHub workflow command (``file=``, ``title=``)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
