"""The embedded store: a networkx graph persisted to one file, for one planner's laptop."""
