"""Planner-editable weights of the candidate score (a YAML file; defaults documented here).

```yaml
# chainatlas-weights.yaml — every weight is how much one factor (valued 0..1) adds to the score
fit: 0.45          # capability fit: tagged on the segment, main product, industry class, text
scale: 0.15        # revenue (log scale) and size
lists: 0.10        # Fortune Global 500 / China 500 / private 500 / central SOE
geography: 0.10    # distance of the HQ to the region, same province
expansion: 0.10    # planned plants, project intentions
ties: 0.05         # already supplies or buys from local firms, executive ties
soe_pairing: 0.05  # a central SOE the city pairs with for this industry
```
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from chainatlas.errors import ChainAtlasError

__all__ = ["Weights", "load_weights"]


class Weights(BaseModel):
    """How much each named factor (valued 0..1) contributes to a candidate's score."""

    model_config = ConfigDict(extra="forbid")

    fit: float = Field(0.45, ge=0)
    scale: float = Field(0.15, ge=0)
    lists: float = Field(0.10, ge=0)
    geography: float = Field(0.10, ge=0)
    expansion: float = Field(0.10, ge=0)
    ties: float = Field(0.05, ge=0)
    soe_pairing: float = Field(0.05, ge=0)


def load_weights(path: str | Path | None) -> Weights:
    """Weights from a YAML file (missing keys keep their defaults); defaults when ``path`` is None."""
    if path is None:
        return Weights()
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ChainAtlasError(f"cannot read weights file {p}: {exc}") from exc
    if not isinstance(data, dict):
        raise ChainAtlasError(f"weights file {p} must be a mapping of factor: weight")
    try:
        return Weights.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(x) for x in first["loc"])
        raise ChainAtlasError(
            f"weights file {p}: {field}: {first['msg']} (known factors: "
            f"{', '.join(Weights.model_fields)})"
        ) from exc
