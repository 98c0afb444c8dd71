"""`python -m fieldcase` runs the same command as the `fieldcase` script."""

from fieldcase.cli import main

if __name__ == "__main__":
    main()
