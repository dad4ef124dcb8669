"""chainatlas: an industry-chain knowledge graph for city investment planners."""

__version__ = "0.1.0"
