"""Make ``python -m northalign`` behave like the ``northalign`` command."""

from northalign.cli import main

if __name__ == "__main__":
    main()
