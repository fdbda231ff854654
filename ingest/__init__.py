"""Ingest: from a folder of Vietnamese documents to a citation graph.

Data flows one way, each step a plain function over plain data in its own module:
read -> parse -> find -> resolve -> classify -> graph -> store.
"""
