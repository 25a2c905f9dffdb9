"""Parsing the XML parts of an untrusted workbook: expat, with any document type refused.

Entity expansion ("billion laughs") and external entities both need a document type
declaration (``<!DOCTYPE ...>``) to declare them. No spreadsheet program writes one, so every
part is parsed by expat with a handler that stops the parse the moment a declaration begins:
nothing can be declared, expanded or fetched, and a reference to an undeclared entity is an
error of the document itself. The parsers here never read anything but the bytes given.

Big parts (sheets, shared strings) are streamed through :func:`streaming_parser` with
handlers of the caller's; small ones (the package's directories, styles) are read into a tree
by :func:`small_tree`.
"""

from __future__ import annotations

from typing import NoReturn
from xml.etree import ElementTree
from xml.parsers import expat

from slaselect.domain.errors import EvaluationError

NAMESPACE_SEPARATOR = "}"
"""Between an element's namespace and its local name, as ElementTree spells ``{ns}name``
(without the opening brace)."""


class DeclarationRefused(EvaluationError):
    """A part declares a document type, entities or notations: refused before any is used."""

    def __init__(self) -> None:
        super().__init__("cannot read workbook: it contains XML document type, entity or "
                         "external-reference declarations, which are refused")


def _refuse(*_: object) -> NoReturn:
    raise DeclarationRefused


def streaming_parser() -> expat.XMLParserType:
    """An expat parser that reports namespaces as ``ns}local`` names (an element without a
    namespace by its local name only) and refuses any document type or entity declaration.
    Set its element and character handlers, then feed it."""
    parser = expat.ParserCreate(namespace_separator=NAMESPACE_SEPARATOR)
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.NotationDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    return parser


def declares_nothing(data: bytes) -> None:
    """Raise DeclarationRefused when ``data`` declares a document type; ExpatError when it is
    not well-formed XML. Expat reads the whole part in C with only the refusal handlers set
    (honouring the part's own encoding, so a UTF-16 part cannot hide a declaration)."""
    parser = streaming_parser()
    parser.Parse(data, True)


def small_tree(data: bytes) -> ElementTree.Element:
    """A small part (a few kilobytes: directories, relationships, styles) as an ElementTree,
    once expat has found that it declares nothing. ExpatError or ParseError when malformed."""
    declares_nothing(data)
    return ElementTree.fromstring(data)


def local_name(tag: str) -> str:
    """An element's name without its namespace (``{ns}sheet`` and ``ns}sheet`` -> ``sheet``)."""
    return tag.rpartition("}")[2]
