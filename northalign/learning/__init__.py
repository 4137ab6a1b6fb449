"""A learned second opinion beside the rubric: a linear model per indicator and friction.

``features`` and ``classifier`` are core (pure computation over a document and
the rubric's evidence); ``modelfile`` reads and writes the JSON model file, and
``train`` fits the weights with scikit-learn (the ``learn`` extra).
"""
