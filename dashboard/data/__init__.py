"""The dashboard's data access: the only SQL in the dashboard, read-only, bound parameters.

``warehouse`` (connection, caches, build info), ``indicators`` (catalogue, areas, values,
gradients), ``boundaries`` (GeoJSON, bounding boxes), and one module per page subject:
``gaps``, ``stroke``, ``investment``. Pages import these; these import only ``core``.
"""
