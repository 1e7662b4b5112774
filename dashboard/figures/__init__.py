"""Pure figure builders: tidy frame (+ indicator metadata) -> go.Figure."""
