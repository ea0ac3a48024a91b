"""The documented JSON schema of a comparison, generated from the ``Comparison`` record.

Regenerate with ``python -m parallax.render.schema``; a test checks the file is current.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from parallax.models import Comparison

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "docs" / "comparison-schema.json"


def comparison_schema() -> dict[str, Any]:
    schema = Comparison.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://parallax.example/schemas/comparison.json"
    return schema


def schema_text() -> str:
    return json.dumps(comparison_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
