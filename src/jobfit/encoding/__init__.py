"""Encoding: the Encoder seam, torch and ONNX backends and their export, windows, document vectors, the embedding cache."""
