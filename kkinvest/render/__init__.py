"""Renderers: turn results into rich tables or JSON-ready data. They return objects, never print."""
