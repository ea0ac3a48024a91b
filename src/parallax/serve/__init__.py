"""Serve: the database as a web app (pages and a JSON API) on localhost.

The app factory is ``parallax.serve.app.create_app``; importing this package alone
loads nothing, so the CLI starts fast.
"""
