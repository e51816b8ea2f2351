"""The HTTP service: a FastAPI app over the index, its bounded worker pool and the web page."""
