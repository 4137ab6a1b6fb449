"""Text: the one normalizer, segmentation into sentences, languages and scripts.

Pure functions over strings: no I/O, no file formats, nothing of the terminal.
"""
