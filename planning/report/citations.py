"""Short forms of the catalogue's citations: a label for the page ('Ettehad 2016') and a
Vancouver-style author list for the report's list of sources."""

from __future__ import annotations

import re

from planning.interventions import SOURCES

__all__ = ["short_citation", "short_source"]

_ABBREVIATIONS = {
    "National Institute for Health and Care Excellence": "NICE",
    "Health and Social Care Information Centre": "HSCIC",
    "London School of Economics": "LSE",
    "HM Treasury": "HM Treasury",
}


def short_source(key: str) -> str:
    """A short label for a source key: first author or body, and year ('Ettehad 2016')."""
    citation = SOURCES[key].citation
    head = re.split(r"[.,]", citation, maxsplit=1)[0].strip()
    words = head.split(" ")
    if head in _ABBREVIATIONS:
        label = _ABBREVIATIONS[head]
    elif len(words) == 2 and words[1].isupper() and len(words[1]) <= 3:
        label = words[0]  # "Ettehad D" -> "Ettehad"
    else:
        label = head
    year = re.search(r"\b(?:19|20)\d{2}\b", citation)
    return f"{label} {year.group(0)}" if year else label


def short_citation(citation: str) -> str:
    """Vancouver-style author list: the first three authors then 'et al.'."""
    head, sep, rest = citation.partition(". ")
    authors = head.split(", ")
    looks_like_authors = len(authors) > 3 and all(
        len(a.split(" ")) == 2 and a.split(" ")[1].isupper() for a in authors)
    if not looks_like_authors:
        return citation
    return ", ".join(authors[:3]) + ", et al" + sep + rest
