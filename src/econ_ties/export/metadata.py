"""Provenance written inside the exported files, one writer per format, so a figure found loose can be traced back.

Each writer stores the same record (`export.provenance.provenance_record`): PNG text chunks (`png_text_entries`,
`add_png_text`, written chunk by chunk without re-encoding the pixels), an SVG `<title>`, `<desc>` and `<metadata>`
element with Dublin Core and econ-ties' own namespace (`add_svg_metadata`), and a PDF's document information and XMP
packet written with pypdf (`pdf_info_entries`, `add_pdf_metadata`). The three share the record and the checks on what
the renderer returned, so they live in one module (about 200 lines) rather than three.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import struct
import zlib
from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree as ET

from econ_ties.export.provenance import SOFTWARE, SnapshotError
from econ_ties.language import _

PROVENANCE_NS = "https://econ-ties.org/ns/provenance/1"
DC_NS = "http://purl.org/dc/elements/1.1/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ET.register_namespace("et", PROVENANCE_NS)
ET.register_namespace("dc", DC_NS)
ET.register_namespace("rdf", RDF_NS)


def png_text_entries(record: Mapping[str, Any], alt_text: str = "") -> dict[str, str]:
    """PNG text chunks: the registered keywords (Title, Description, Source, …) and econ-ties' own."""
    entries = {
        "Title": record["title"],
        "Description": " ".join(part for part in (record["subtitle"], alt_text) if part),
        "Source": record["source_line"],
        "Comment": "; ".join(record["notes"]),
        "Software": SOFTWARE,
        "Creation Time": record["exported_on"],
        "econ-ties:claim_ids": " ".join(record["claim_ids"]),
        "econ-ties:source_ids": " ".join(record["source_ids"]),
        "econ-ties:source_urls": " ".join(record["source_urls"]),
        "econ-ties:content_hash": record["content_hash"],
        "econ-ties:revision": "" if record["revision"] is None else str(record["revision"]),
        "econ-ties:permalink": record["permalink"],
        "econ-ties:language": record["language"],
        "econ-ties:provenance": json.dumps(record, ensure_ascii=False, sort_keys=True),
    }
    return {key: value for key, value in entries.items() if value}


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def add_png_text(png: bytes, entries: Mapping[str, str]) -> bytes:
    """The PNG with text chunks inserted after its header: tEXt for Latin-1 text, iTXt (UTF-8) for anything else.

    Written chunk by chunk rather than through an image library so the pixels are not decoded and re-compressed.
    """
    signature = b"\x89PNG\r\n\x1a\n"
    if not png.startswith(signature) or png[12:16] != b"IHDR":
        raise SnapshotError(_("the renderer returned something that is not a PNG image"))
    header_end = 8 + 8 + struct.unpack(">I", png[8:12])[0] + 4
    chunks = []
    for keyword, text in entries.items():
        key = keyword.encode("latin-1")[:79]
        try:
            chunks.append(_png_chunk(b"tEXt", key + b"\0" + text.encode("latin-1")))
        except UnicodeEncodeError:
            # iTXt: keyword, compression flag and method (none), empty language tag, empty translated keyword, UTF-8 text.
            chunks.append(_png_chunk(b"iTXt", key + b"\0\0\0" + b"\0" + b"\0" + text.encode("utf-8")))
    return png[:header_end] + b"".join(chunks) + png[header_end:]


def svg_metadata(record: Mapping[str, Any]) -> ET.Element:
    """An SVG `<metadata>` element: Dublin Core for general tools, econ-ties' own elements for claim-level tracing."""
    metadata = ET.Element("metadata", {"id": "econ-ties-provenance"})
    rdf = ET.SubElement(metadata, f"{{{RDF_NS}}}RDF")
    description = ET.SubElement(rdf, f"{{{RDF_NS}}}Description")
    ET.SubElement(description, f"{{{DC_NS}}}title").text = record["title"]
    ET.SubElement(description, f"{{{DC_NS}}}description").text = record["subtitle"]
    ET.SubElement(description, f"{{{DC_NS}}}date").text = record["exported_on"]
    ET.SubElement(description, f"{{{DC_NS}}}identifier").text = record["content_hash"]
    ET.SubElement(description, f"{{{DC_NS}}}language").text = record["language"]
    for url in record["source_urls"]:
        ET.SubElement(description, f"{{{DC_NS}}}source").text = url
    attributes = {"content-hash": record["content_hash"], "exported-on": record["exported_on"], "software": record["software"]}
    if record["revision"] is not None:
        attributes["revision"] = str(record["revision"])
    if record["permalink"]:
        attributes["permalink"] = record["permalink"]
    provenance = ET.SubElement(metadata, f"{{{PROVENANCE_NS}}}provenance", attributes)
    ET.SubElement(provenance, f"{{{PROVENANCE_NS}}}source-line").text = record["source_line"]
    for note in record["notes"]:
        ET.SubElement(provenance, f"{{{PROVENANCE_NS}}}note").text = note
    for claim_id in record["claim_ids"]:
        ET.SubElement(provenance, f"{{{PROVENANCE_NS}}}claim", {"id": claim_id})
    for source_id in record["source_ids"]:
        ET.SubElement(provenance, f"{{{PROVENANCE_NS}}}source", {"id": source_id})
    for url in record["source_urls"]:
        ET.SubElement(provenance, f"{{{PROVENANCE_NS}}}source-url", {"href": url})
    return metadata


def add_svg_metadata(svg: str, record: Mapping[str, Any], alt_text: str = "") -> str:
    """The SVG with `<title>`, `<desc>` (for screen readers) and `<metadata>` as the first children of its root."""
    root = re.search(r"<svg\b[^>]*>", svg)
    if root is None:
        raise SnapshotError(_("the renderer returned something that is not an SVG image"))
    title = ET.Element("title")
    title.text = record["title"]
    parts = [ET.tostring(title, encoding="unicode")]
    if alt_text:
        desc = ET.Element("desc")
        desc.text = alt_text
        parts.append(ET.tostring(desc, encoding="unicode"))
    parts.append(ET.tostring(svg_metadata(record), encoding="unicode"))
    head = root.group(0)
    if 'role="img"' not in head:
        head = head[:-1].rstrip("/") + ' role="img">' if not head.endswith("/>") else head
    if "xml:lang=" not in head and head.endswith(">") and not head.endswith("/>"):
        # The language of the drawing's text, for screen readers and search (the same code as dc:language).
        head = head[:-1] + f' xml:lang="{record["language"]}">'
    return svg[: root.start()] + head + "".join(parts) + svg[root.end() :]


#: The PDF document-information keys econ-ties adds beside the standard ones (a PDF name may hold any such key).
PDF_INFO_KEYS = {
    "claim_ids": "/EconTiesClaimIds",
    "source_ids": "/EconTiesSourceIds",
    "source_urls": "/EconTiesSourceURLs",
    "content_hash": "/EconTiesContentHash",
    "revision": "/EconTiesRevision",
    "permalink": "/EconTiesPermalink",
    "language": "/EconTiesLanguage",
    "provenance": "/EconTiesProvenance",
}


def pdf_info_entries(record: Mapping[str, Any]) -> dict[str, str]:
    """The PDF's document information: Title, Subject, Author, Creator, Keywords, and econ-ties' own keys."""
    keywords = [f"claim {claim_id}" for claim_id in record["claim_ids"]]
    keywords.append(record["content_hash"])
    if record["revision"] is not None:
        keywords.append(f"dataset revision {record['revision']}")
    entries = {
        "/Title": record["title"],
        "/Subject": record["subtitle"],
        "/Author": SOFTWARE,
        "/Creator": SOFTWARE,
        "/Keywords": "; ".join(keywords),
        "/CreationDate": "D:" + record["exported_on"].replace("-", ""),
        PDF_INFO_KEYS["claim_ids"]: " ".join(record["claim_ids"]),
        PDF_INFO_KEYS["source_ids"]: " ".join(record["source_ids"]),
        PDF_INFO_KEYS["source_urls"]: " ".join(record["source_urls"]),
        PDF_INFO_KEYS["content_hash"]: record["content_hash"],
        PDF_INFO_KEYS["revision"]: "" if record["revision"] is None else str(record["revision"]),
        PDF_INFO_KEYS["permalink"]: record["permalink"],
        PDF_INFO_KEYS["language"]: record["language"],
        PDF_INFO_KEYS["provenance"]: json.dumps(record, ensure_ascii=False, sort_keys=True),
    }
    return {key: value for key, value in entries.items() if value}


def add_pdf_metadata(pdf: bytes, record: Mapping[str, Any], alt_text: str = "") -> tuple[bytes, dict[str, str]]:
    """The PDF with its document information and an XMP packet saying what it shows and where the numbers come from.

    Chromium names every printed page "Kaleido-fier"; this replaces that with the chart's title, subtitle, claim ids,
    source addresses and the dataset's content hash (Dublin Core in the XMP packet, for tools that read only XMP).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError
    from pypdf.generic import NameObject, TextStringObject
    from pypdf.xmp import XmpInformation

    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    except (PyPdfError, ValueError) as failure:
        raise SnapshotError(_("the renderer returned something that is not a readable PDF ({reason})").format(reason=failure)) from failure
    entries = pdf_info_entries(record)
    writer.metadata = None  # drop Chromium's Title; Producer is set again below
    writer.add_metadata({**entries, "/Producer": f"{SOFTWARE} (Chromium, pypdf)"})
    # The document's natural language (PDF 1.4 /Lang), which screen readers use to pick a voice.
    writer._root_object[NameObject("/Lang")] = TextStringObject(record["language"])
    xmp = XmpInformation.create()
    xmp.dc_title = {"x-default": record["title"]}
    description = " ".join(part for part in (record["subtitle"], alt_text) if part)
    if description:
        xmp.dc_description = {"x-default": description}
    xmp.dc_creator = [SOFTWARE]
    xmp.dc_date = [dt.datetime.fromisoformat(record["exported_on"])]
    xmp.dc_identifier = record["content_hash"]
    xmp.dc_language = [record["language"]]
    xmp.dc_subject = list(record["claim_ids"])
    xmp.dc_relation = list(record["source_urls"])
    if record["source_line"]:
        xmp.dc_source = record["source_line"]
    xmp.pdf_keywords = entries["/Keywords"]
    xmp.xmp_creator_tool = SOFTWARE
    writer.xmp_metadata = xmp
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), entries
