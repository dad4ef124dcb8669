"""The city's workflow files: clusters (产业集群), key projects (重点项目), target profiles (信息库).

Each kind reads from CSV/XLSX/JSON (one row per record, English or Chinese headers) or YAML (a
list under ``clusters:``, ``projects:`` or ``profiles:``; top-level ``source`` and ``as_of`` apply
to every item that has none). Every problem names the file, the line or row, the field and
the value. Enterprises and segments may be written as ids, names or aliases; they are resolved
against the atlas (the store plus the files of the same load).

One module per kind: ``clusters``, ``projects``, ``profiles`` (their formats are in their
docstrings); ``workflow_items`` reads and checks the items they share, ``workflow_words`` holds
the column names and cell words. This module gathers their readers, which ``read_file`` finds
here by kind (``read_clusters`` for ``clusters``).
"""

from __future__ import annotations

from .clusters import read_clusters
from .profiles import read_profiles
from .projects import read_projects
from .workflow_words import (
    CLUSTER_HEADERS,
    PROFILE_HEADERS,
    PROJECT_HEADERS,
    parse_channel,
    parse_investment,
    parse_status,
)

__all__ = [
    "read_clusters",
    "read_projects",
    "read_profiles",
    "parse_status",
    "parse_channel",
    "parse_investment",
    "CLUSTER_HEADERS",
    "PROJECT_HEADERS",
    "PROFILE_HEADERS",
]
