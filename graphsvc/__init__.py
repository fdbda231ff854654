"""graphsvc package."""
