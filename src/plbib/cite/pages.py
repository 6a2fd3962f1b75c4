"""Page ranges in the style's ``page-range-format``, as citeproc-js shortens them.

CSL names the formats (expanded, minimal, minimal-two, chicago-15, chicago-16); citeproc-py
compared the two numbers digit by digit from the left even when they differ in length, so
"1-16" came out "1–6" under minimal. citeproc-js first completes an abbreviated last page
("321-28" is 321–328), leaves a range that does not go up as it is, and then:

* minimal: drops the leading digits the two numbers share (42–5, 321–8) — only when they
  have as many digits;
* minimal-two: the same, keeping at least two digits (42–45, 321–28);
* chicago / chicago-15: above 100 and not a multiple of 100, within the same hundred, the
  last page's last two digits (321–28, 101–8); from 10000, its last three;
* chicago-16: above 100 and not a multiple of 100, the last page from the first power of
  ten (hundreds up) at which the numbers agree;
* expanded (and no format): the whole last page.
"""

from __future__ import annotations

import re

_PAGE = re.compile(r"^([0-9]*[a-zA-Z]+0*)?([0-9]+)$")


def last_page(first: str, last: str, range_format: str | None) -> str:
    """The last page of ``first``–``last`` as the format prints it. Pages with the same
    letter prefix ("e12–e15") are shortened as numbers and lose the repeated prefix
    ("e12–15") in every format but expanded."""
    one, other = _PAGE.match(first), _PAGE.match(last)
    if one is None or other is None or (other.group(1) or "") not in ("", one.group(1) or ""):
        return last
    prefix, first_digits = one.group(1) or "", one.group(2)
    last_digits = other.group(2)
    if len(last_digits) < len(first_digits):  # "321-28": the last page is 328
        last_digits = first_digits[:len(first_digits) - len(last_digits)] + last_digits
    begin, end = int(first_digits), int(last_digits)
    if begin >= end:
        return last
    if range_format == "minimal":
        return _minimal(first_digits, last_digits, 0)
    if range_format == "minimal-two":
        return _minimal(first_digits, last_digits, 2)
    if range_format in ("chicago", "chicago-15"):
        if begin > 100 and begin % 100 and begin // 100 == end // 100:
            return str(end % 100)
        if begin >= 10000:
            return str(end % 1000)
        return last_digits
    if range_format == "chicago-16":
        if begin > 100 and begin % 100:
            for power in range(2, len(last_digits)):
                divisor = 10 ** power
                if begin // divisor == end // divisor:
                    return str(end % divisor)
        return last_digits
    return prefix + last_digits


def _minimal(first: str, last: str, keep: int) -> str:
    if len(first) != len(last):
        return last
    kept = len(last)
    for a, b in zip(first, last, strict=True):
        if a != b or kept <= keep:
            break
        kept -= 1
    return last[len(last) - kept:]
