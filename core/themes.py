"""Index themes: the catalogue indicators that measure need and coverage for a theme (stroke
pathway, preventive services), with default weights, and the preventive-service measures.

Documented data, read by the gaps, prevention and investment pages and by
:mod:`core.indices`. Weights are editable in the app; the defaults below are the documented
starting point (see :mod:`core.indices` for how they are combined).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class IndexTheme:
    """A set of need and coverage indicators with default weights (weights >= 0)."""

    theme_id: str
    name: str
    description: str
    need_weights: Mapping[str, float] = field(default_factory=dict)
    coverage_weights: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for label, weights in (("need", self.need_weights), ("coverage", self.coverage_weights)):
            if not weights:
                msg = f"theme {self.theme_id}: no {label} indicators"
                raise ValueError(msg)
            bad = {k: w for k, w in weights.items() if not (w >= 0 and np.isfinite(w))}
            if bad:
                msg = f"theme {self.theme_id}: {label} weights must be finite and >= 0: {bad}"
                raise ValueError(msg)

    @property
    def indicator_ids(self) -> list[str]:
        """Need indicators then coverage indicators, in catalogue order of the theme."""
        return [*self.need_weights, *self.coverage_weights]


THEMES: tuple[IndexTheme, ...] = (
    IndexTheme(
        "stroke",
        "Stroke pathway",
        "Need: crude emergency stroke admissions (weight 2: the events the pathway exists "
        "for), recorded hypertension (QOF 2022/23) and smoking (the largest modifiable risks), "
        "and IMD 2025 deprivation. Hypertension is QOF's count-based prevalence (sub-ICB "
        "locations, ICBs and counties/UAs measured; districts a labelled estimate from their "
        "sub-ICB location), not the Health Index 'High blood pressure' series, which has "
        "implausible values (Lancaster 96% in 2021). Coverage: share of residents within 30 minutes of a thrombolysis unit "
        "and within 60 minutes of a thrombectomy centre, and the thrombolysis rate of the "
        "unit nearest to residents (weight 1 each). The SSNAP thrombectomy figure by first "
        "admitting team counts transfers only and is missing wherever the nearest unit is a "
        "thrombectomy centre, so it is not part of the index.",
        need_weights={
            "stroke_admissions_rate": 2.0,
            "hypertension_qof_pct": 1.0,
            "smoking_pct": 1.0,
            "imd2025_score": 1.0,
        },
        coverage_weights={
            "ivt_within_30min_pct": 1.0,
            "mt_within_60min_pct": 1.0,
            "serving_unit_thrombolysis_rate_pct": 1.0,
        },
    ),
    IndexTheme(
        "prevention",
        "Preventive services",
        "Need: IMD 2025 deprivation, smoking, recorded hypertension (QOF 2022/23), avoidable "
        "mortality and recorded cardiovascular conditions (weight 1 each). Coverage: cancer screening "
        "attendance and childhood vaccination coverage (England-wide, weight 1 each) and the "
        "distance to the nearest GP practice (weight 0.5). NHS Health Check offers and breast "
        "screening are published in the shipped sample for the North West only, so their "
        "default weight is 0 (raise it when looking at the North West alone).",
        need_weights={
            "imd2025_score": 1.0,
            "smoking_pct": 1.0,
            "hypertension_qof_pct": 1.0,
            "avoidable_mortality_rate": 1.0,
            "cardiovascular_conditions_pct": 1.0,
        },
        coverage_weights={
            "cancer_screening_pct": 1.0,
            "child_vaccination_pct": 1.0,
            "gp_distance_km_mean": 0.5,
            "nhs_health_check_offered_pct": 0.0,
            "breast_screening_pct": 0.0,
        },
    ),
)
THEMES_BY_ID = {t.theme_id: t for t in THEMES}

#: words of the need and coverage tertile classes 1-3
CLASS_WORDS = ("low", "middle", "high")

# Preventive-service measures shown side by side (coverage first, then the smoking measures).
PREVENTIVE_MEASURES: tuple[str, ...] = (
    "nhs_health_check_offered_pct",
    "cancer_screening_pct",
    "breast_screening_pct",
    "child_vaccination_pct",
    "smoking_pct",
    "smoking_aps_pct",
    "smoking_at_delivery_pct",
)
#: the deprivation measure the preventive-services page ranks areas by for its gradients
PREVENTION_DEPRIVATION = "imd2025_score"
