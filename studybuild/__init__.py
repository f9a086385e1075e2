"""Builds the study: validates the data, renders the book with Quarto when it is installed and with the offline
renderer (`bookbuild`) otherwise, and swaps the result in atomically; also the preview server and the benchmark.
"""
