"""The Neo4j store: the official driver over Bolt, its Cypher, the local server launcher and
the bulk importer (Neo4j's own ``neo4j-admin database import`` into an empty database)."""
