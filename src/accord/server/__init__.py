"""`accord serve`: a REST API and the analyst's dashboard over the same store and Python API.

The app is built by ``accord.server.app.create_app``; FastAPI and uvicorn are imported only
here, never by the CLI's module top.
"""
