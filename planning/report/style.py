"""The report's stylesheet, inlined in the document: screen layout, and an ``@media print``
block that sets A4 portrait and fits the report on one page (nothing is hidden)."""

from __future__ import annotations

__all__ = ["CSS"]

CSS = """
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, Arial, Helvetica, sans-serif; color: #1a1a1a;
       font-size: 9pt; line-height: 1.28; margin: 0; background: #fff; }
main { max-width: 200mm; margin: 0 auto; padding: 8mm 6mm; }
h1 { font-size: 12.5pt; margin: 0 0 0.8mm 0; color: #1f3b57; }
h2 { font-size: 9.5pt; margin: 2mm 0 0.8mm 0; color: #1f3b57;
     border-bottom: 0.4pt solid #1f3b57; padding-bottom: 0.3mm; }
p { margin: 0.6mm 0; }
.meta { color: #444; font-size: 7.5pt; }
.lead { font-size: 9pt; background: #eef3f8; border-left: 3pt solid #1f3b57;
        padding: 1.2mm 2.2mm; margin: 1.5mm 0; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 5mm; }
.head { display: grid; grid-template-columns: 1fr 62mm; gap: 4mm; align-items: start; }
table { border-collapse: collapse; width: 100%; font-size: 7.8pt; }
table.fixed { table-layout: fixed; }
th, td { text-align: left; padding: 0.35mm 1mm; border-bottom: 0.3pt solid #d0d0d0;
         vertical-align: top; }
th { background: #f0f0f0; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.sub td:first-child { padding-left: 4mm; color: #333; }
.small { font-size: 7pt; color: #333; }
.tiny { font-size: 6.4pt; color: #333; }
.badge { display: inline-block; border-radius: 2pt; padding: 0 0.8mm; font-size: 6.3pt;
         font-weight: 600; white-space: nowrap; }
.badge.published { background: #e3f1e9; color: #0b5d3b; border: 0.3pt solid #0b5d3b; }
.badge.assumption { background: #fff1dc; color: #7a4300; border: 0.3pt solid #7a4300; }
.badge.your { background: #fde0e0; color: #8a1010; border: 0.3pt solid #8a1010; }
.map svg { display: block; width: 100%; height: auto; border: 0.3pt solid #bbb;
           background: #fbfbfb; }
.legend { font-size: 6.8pt; margin: 0.4mm 0 0 0; }
.legend span { margin-right: 3mm; white-space: nowrap; }
.key { display: inline-block; width: 6mm; height: 2.4mm; vertical-align: middle;
       margin-right: 1mm; }
.error { color: #8a1010; font-weight: 600; }
ol.sources { margin: 0; padding-left: 4.5mm; columns: 3; column-gap: 4mm; font-size: 6pt;
             line-height: 1.15; }
ol.sources li { break-inside: avoid; margin-bottom: 0.4mm; }
ul.notes { margin: 0.5mm 0; padding-left: 4mm; }
.url { word-break: break-all; color: #1f3b57; }
table.tornado td.tlabel { width: 30%; }
table.tornado td.tbar { width: 45%; }
.track { position: relative; height: 3mm; background: #f4f4f4; }
.track .bar { position: absolute; top: 0.4mm; height: 2.2mm; }
.track .axis { position: absolute; top: 0; bottom: 0; width: 0.4pt; background: #1a1a1a; }
td.clip { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.caveat { color: #7a4300; font-weight: 600; }
footer { margin-top: 1.5mm; font-size: 6.3pt; color: #555; border-top: 0.3pt solid #ccc;
         padding-top: 0.8mm; }
@media print {
  @page { size: A4 portrait; margin: 6mm 8mm; }
  main { max-width: none; padding: 0; }
  body { font-size: 8pt; line-height: 1.14; }
  th, td { padding: 0.1mm 0.8mm; }
  .lead { font-size: 8pt; padding: 0.8mm 2mm; margin: 1mm 0; }
  h2 { margin-top: 1.2mm; }
  table { font-size: 7pt; }
  .small { font-size: 6.6pt; }
  .tiny { font-size: 6.1pt; }
  ol.sources { font-size: 5.8pt; }
  main { zoom: 0.9; }
  h2 { break-after: avoid; }
  h2.newpage { break-before: page; margin-top: 0; }
  table, .map, li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""
