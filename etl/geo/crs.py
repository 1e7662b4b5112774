"""Coordinate reference systems of the boundary geometry.

* Inputs and outputs are WGS84 longitude/latitude (EPSG:4326), in decimal degrees.
* Simplification and nearest-neighbour distances work in British National Grid (EPSG:27700),
  whose units are metres; tolerances are given in metres and distances returned in kilometres.
"""

WGS84 = "EPSG:4326"
BNG = "EPSG:27700"  # British National Grid, metres
