"""Measure a rubric: read gold sets (:mod:`.gold`), score them (:mod:`.evaluate`)."""
