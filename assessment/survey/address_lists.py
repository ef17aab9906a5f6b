"""Lists of e-mail addresses as coordinators paste or upload them, one invitation each.

People paste addresses from a spreadsheet, a mail client ("Ana Silva <ana@x.example>;
ben@x.example") or a CSV file. Everything is read before anything is sent: each address
that is not one, or appears twice, is reported with its line on a page that shows what
will be sent, and nothing leaves until the coordinator confirms that list (``exact``
reads it again then: the list comes back from the browser and is never trusted).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from assessment.accounts.services import normalise_email

# Commas, semicolons and new lines separate addresses; so do spaces, outside "<...>".
_SEPARATORS = re.compile(r"[,;]")
_BRACKETED = re.compile(r"<([^<>]*)>")
# Deliberately simple: one @, no spaces, a dotted domain of letters, digits and hyphens.
# The mail server is the final judge; this catches typing and pasting slips.
_ADDRESS = re.compile(
    r"^[^@\s<>()\[\]\\,;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
MAX_ADDRESS_LENGTH = 254
MAX_FILE_BYTES = 100 * 1024
MAX_ADDRESSES = 1000


@dataclass
class AddressList:
    """The addresses read, in order and once each, and what was wrong, line by line.

    ``invalid`` holds (line, text) of what is not an address, ``repeated`` (line,
    address, first line) of what was read before; ``problems`` says why the list as a
    whole cannot be used (a file that cannot be read, too many addresses).
    """

    addresses: list[str] = field(default_factory=list)
    invalid: list[tuple[int, str]] = field(default_factory=list)
    repeated: list[tuple[int, str, int]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    _lines: dict[str, int] = field(default_factory=dict)

    def add(self, candidate: str, line: int) -> None:
        address = normalise_email(candidate)
        if not address:
            return
        if len(address) > MAX_ADDRESS_LENGTH or not _ADDRESS.match(address):
            self.invalid.append((line, candidate))
        elif address in self._lines:
            self.repeated.append((line, address, self._lines[address]))
        else:
            self._lines[address] = line
            self.addresses.append(address)

    def line_of(self, address: str) -> int:
        """The line where ``address`` was read."""
        return self._lines[address]

    def line_problems(self) -> list[str]:
        """Each invalid or repeated entry, worded with its line, in the order of lines."""
        worded = [
            (line, _("Line %(line)d: “%(text)s” is not an email address.", line=line, text=text))
            for line, text in self.invalid
        ] + [
            (
                line,
                _(
                    "Line %(line)d: %(email)s is already on line %(first)d.",
                    line=line,
                    email=address,
                    first=first,
                ),
            )
            for line, address, first in self.repeated
        ]
        return [text for _line, text in sorted(worded, key=lambda pair: pair[0])]


def _candidates(text: str) -> list[str]:
    found = []
    for piece in _SEPARATORS.split(text):
        bracketed = _BRACKETED.search(piece)
        if bracketed:  # "Ana Silva <ana@x.example>": the name is not an address
            found.append(bracketed.group(1).strip())
        else:
            found.extend(piece.split())
    return found


def from_text(text: str, into: AddressList | None = None) -> AddressList:
    """Read the addresses of a pasted list, whatever separates them."""
    read = into or AddressList()
    for number, line in enumerate(text.splitlines(), start=1):
        for candidate in _candidates(line):
            read.add(candidate, number)
    _limit(read)
    return read


def from_csv(data: bytes) -> AddressList:
    """Read the addresses of an uploaded CSV file: every cell with an @ in it.

    A first row without any @ is a header and is skipped; other cells without an @
    (names, teams) are ignored.
    """
    read = AddressList()
    if len(data) > MAX_FILE_BYTES:
        read.problems.append(
            _(
                "The file is larger than %(size)d KB: split it into smaller files.",
                size=MAX_FILE_BYTES // 1024,
            )  # fmt: skip
        )
        return read
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        read.problems.append(
            _("The file could not be read: save it as CSV (UTF-8) and upload it again.")
        )
        return read
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect=_dialect(text)))
    except csv.Error as error:
        read.problems.append(_("The file could not be read as CSV: %(error)s.", error=error))
        return read
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row if cell.strip()]
        if number == 1 and not any("@" in cell for cell in cells):
            continue
        for cell in cells:
            if "@" in cell:
                for candidate in _candidates(cell):
                    read.add(candidate, number)
    if not read.addresses and not read.problems:
        read.problems.append(_("The file has no email address in it."))
    _limit(read)
    return read


def exact(text: str) -> AddressList:
    """Read a list that should hold exactly one valid address per line, as shown before.

    Nothing is split or skipped: a line with anything else on it is invalid, so a list
    altered on its way back from the browser is refused rather than quietly repaired.
    """
    read = AddressList()
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            read.add(line.strip(), number)
    _limit(read)
    return read


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    # Spreadsheets in French save CSV with semicolons; sniff the first lines.
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _limit(read: AddressList) -> None:
    if len(read.addresses) > MAX_ADDRESSES:
        read.problems.append(
            _("At most %(num)d addresses can be invited at once.", num=MAX_ADDRESSES)
        )
