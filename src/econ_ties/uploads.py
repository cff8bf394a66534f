"""Checking an uploaded CSV before anything is published.

An upload is one CSV file. `validate_upload_bytes` reads it, recognises its format from the header and returns the
claims it holds with a row-level report. The published sources are what uploaded claims may cite.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from econ_ties.dataset import claims_from_bytes, load_dataset
from econ_ties.problems import ValidationReport
from econ_ties.reading import UnreadableFile, read_bytes
from econ_ties.schema import Source

NATIVE_FORMAT = "econ-ties claims"


@dataclass
class UploadResult:
    format_name: str
    claims: pd.DataFrame
    report: ValidationReport


def validate_upload_bytes(data: bytes, file_name: str, sources: dict[str, Source]) -> UploadResult:
    claims, report = claims_from_bytes(data, file_name, sources)
    return UploadResult(NATIVE_FORMAT, claims, report)


def validate_upload(path: Path, published_dir: Path) -> UploadResult:
    dataset, _ = load_dataset(published_dir)
    try:
        data = read_bytes(path)
    except UnreadableFile as failure:
        report = ValidationReport([failure.problem])
        return UploadResult("", claims_from_bytes(b"", path.name, {})[0], report)
    return validate_upload_bytes(data, path.name, dataset.sources)
