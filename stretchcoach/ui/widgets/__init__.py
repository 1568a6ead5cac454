"""Custom widgets that paint what the stock ones cannot: the progress ring, the figure area."""
