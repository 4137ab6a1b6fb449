"""The way in: bytes of a file (text, Markdown, HTML, PDF, DOCX) become a :class:`Document`.

:mod:`.load` is the entry point; :mod:`.encoding` guesses how text was saved;
:mod:`.formats` holds one reader per format.
"""
