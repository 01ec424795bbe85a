"""`python build.py [options]` does what `kb build [options]` does."""
import sys

from kb.cli import main

if __name__ == "__main__":
    main(["build", *sys.argv[1:]])
