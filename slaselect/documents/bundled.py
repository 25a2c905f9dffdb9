"""The templates and the demo evaluation that ship with SLASelect (``resources/``)."""

from __future__ import annotations

from slaselect.documents.interchange import InterchangeError, load_json_file
from slaselect.documents.resources import resources_folder
from slaselect.domain.model import Evaluation

__all__ = ["DEFAULT_TEMPLATE", "load_demo", "load_template", "resources_folder",
           "template_names"]

DEFAULT_TEMPLATE = "magento2_mobile"


def template_names() -> list[str]:
    """The names of the bundled templates, for ``slaselect new --template NAME``."""
    return sorted(p.stem for p in (resources_folder() / "templates").glob("*.json"))


def load_template(name: str = DEFAULT_TEMPLATE) -> Evaluation:
    """A bundled template: criteria, terms and scenario, no providers yet."""
    path = resources_folder() / "templates" / f"{name}.json"
    if not path.is_file():
        known = ", ".join(template_names()) or "none"
        raise InterchangeError(f'there is no template called "{name}" (available: {known})')
    return load_json_file(path)


def load_demo() -> Evaluation:
    """The bundled demo evaluation: five providers, three evaluators, negotiated rounds."""
    return load_json_file(resources_folder() / "demo" / "demo.json")
