"""What the build and the app share: statistical methods, indices and themes, geographies,
verdicts and number formatting. No Dash and no duckdb here; both ``etl`` and ``dashboard``
import from ``core``, never the other way round."""
