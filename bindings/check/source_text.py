"""Small helpers for reading binding sources: balanced brackets, top-level splits, line numbers."""

OPENING = {"(": ")", "[": "]", "{": "}"}


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def matching_close(text, start):
    """Index of the bracket closing the one at text[start], skipping string literals."""
    stack = []
    i = start
    while i < len(text):
        c = text[i]
        if c in "\"'" and stack:
            # Julia/Rust/Fortran strings; a Julia char literal like ',' is short enough to skip alike.
            end = text.find(c, i + 1)
            while end != -1 and text[end - 1] == "\\":
                end = text.find(c, end + 1)
            if end == -1:
                return -1
            i = end + 1
            continue
        if c in OPENING:
            stack.append(OPENING[c])
        elif stack and c == stack[-1]:
            stack.pop()
            if not stack:
                return i
        i += 1
    return -1


def split_top_level(text, separator=",", extra_open="", extra_close=""):
    """Splits at separators that are outside (), [], {} and any extra bracket pair."""
    parts, depth, current = [], 0, []
    opening, closing = "([{" + extra_open, ")]}" + extra_close
    for c in text:
        if c in opening:
            depth += 1
        elif c in closing:
            depth -= 1
        if c == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(c)
    parts.append("".join(current))
    return [p.strip() for p in parts]


def read_sources(paths):
    sources = {}
    for path in paths:
        with open(path, encoding="utf-8") as source:
            sources[str(path)] = source.read()
    return sources
