"""Refuse hostile or wrong files before any library parses them.

An Office file is a zip. Before python-docx or openpyxl sees it we check, in
one pass linear in the file size: the upload size; that it is a zip at all;
the number of members; every member's name; the decompressed size, counted
while actually decompressing (so a lying header cannot fool it) and bounded
per member and in total (a zip bomb stops at the bound, not at the end);
no macros (``vbaProject.bin``, macro-enabled content types), no external
links, OLE objects or attached templates; and that the main part of the
expected kind is there. The XML itself is parsed by the libraries with entity
expansion off (openpyxl uses defusedxml when it is installed, python-docx
parses with ``resolve_entities=False``)."""

from __future__ import annotations

import io
import re
import zipfile

from domain.errors import DomainError

MAX_FILE_BYTES = 5_000_000
MAX_MEMBERS = 500
MAX_MEMBER_BYTES = 20_000_000
MAX_TOTAL_BYTES = 60_000_000
MAX_RATIO = 200
CHUNK = 64 * 1024
MAIN_PART = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}
FORBIDDEN = (
    (re.compile(r"(^|/)vbaProject\.bin$", re.IGNORECASE), "het bestand bevat macro's"),
    (re.compile(r"(^|/)vbaData\.xml$", re.IGNORECASE), "het bestand bevat macro's"),
    (re.compile(r"^xl/externalLinks/", re.IGNORECASE), "het werkboek bevat externe koppelingen"),
    (re.compile(r"(^|/)embeddings/", re.IGNORECASE), "het bestand bevat ingesloten objecten"),
    (re.compile(r"(^|/)activeX/", re.IGNORECASE), "het bestand bevat ActiveX-besturingselementen"),
)
EXTERNAL_REL = re.compile(rb'TargetMode="External"', re.IGNORECASE)
ALLOWED_EXTERNAL = re.compile(rb"/hyperlink\"", re.IGNORECASE)
MACRO_TYPES = re.compile(rb"macroEnabled|vbaProject", re.IGNORECASE)


class FileRefused(DomainError):
    """The file is refused as a whole; nothing was read from it, nothing changed."""

    code = "FILE_REFUSED"


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Decompress one member, stopping as soon as a bound is passed."""
    limit = min(MAX_MEMBER_BYTES, budget)
    if info.file_size > limit:
        raise FileRefused(f"onderdeel {info.filename} is uitgepakt te groot ({info.file_size} bytes)")
    out = bytearray()
    with zf.open(info) as fh:
        while chunk := fh.read(CHUNK):
            out += chunk
            if len(out) > limit:
                raise FileRefused(f"onderdeel {info.filename} is uitgepakt te groot (zip-bom?)")
            if len(out) > 1_000_000 and len(out) > MAX_RATIO * max(info.compress_size, 1):
                raise FileRefused(f"onderdeel {info.filename} pakt verdacht sterk uit (zip-bom?)")
    return bytes(out)


def _check_rels(name: str, data: bytes) -> None:
    if not name.endswith(".rels"):
        return
    for rel in re.findall(rb"<Relationship\b[^>]*>", data):
        if EXTERNAL_REL.search(rel) and not ALLOWED_EXTERNAL.search(rel):
            raise FileRefused("het bestand verwijst naar externe bronnen (koppelingen, sjablonen of objecten)")
        if re.search(rb"/(oleObject|attachedTemplate|externalLink|subDocument|frame)\"", rel):
            raise FileRefused("het bestand bevat gekoppelde of ingesloten objecten")


def inspect(data: bytes, kind: str) -> dict[str, bytes]:
    """Check a .docx / .xlsx upload; the decompressed members, or FileRefused."""
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(f"het bestand is groter dan {MAX_FILE_BYTES // 1_000_000} MB")
    if not data.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileRefused(f"dit is geen .{kind}-bestand (geen Office Open XML-zip)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise FileRefused(f"het bestand heeft meer dan {MAX_MEMBERS} onderdelen")
            members: dict[str, bytes] = {}
            budget = MAX_TOTAL_BYTES
            for info in infos:
                name = info.filename
                if name.startswith("/") or ".." in name.split("/") or "\\" in name:
                    raise FileRefused(f"onderdeel met een ongeldige naam: {name!r}")
                for pattern, reason in FORBIDDEN:
                    if pattern.search(name):
                        raise FileRefused(reason)
                content = _read_member(zf, info, budget)
                budget -= len(content)
                _check_rels(name, content)
                members[name] = content
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise FileRefused(f"het bestand is beschadigd: {exc}") from None
    if MACRO_TYPES.search(members.get("[Content_Types].xml", b"")):
        raise FileRefused("het bestand bevat macro's")
    if MAIN_PART[kind] not in members:
        other = next((k for k, part in MAIN_PART.items() if part in members), None)
        hint = f" (het is een .{other})" if other else ""
        raise FileRefused(f"dit is geen .{kind}-bestand{hint}")
    return members


def kind_of(filename: str, data: bytes) -> str:
    """``docx`` or ``xlsx``, from the name or else from the content."""
    lower = filename.lower()
    for kind in ("docx", "xlsx"):
        if lower.endswith("." + kind):
            return kind
    if lower.endswith((".xlsm", ".docm", ".xls", ".doc")):
        raise FileRefused("alleen .docx en .xlsx zonder macro's worden gelezen")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError):
        raise FileRefused("dit is geen .docx- of .xlsx-bestand") from None
    for kind, part in MAIN_PART.items():
        if part in names:
            return kind
    raise FileRefused("dit is geen .docx- of .xlsx-bestand")
