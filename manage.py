#!/usr/bin/env python
from kancelaria.cli import main

if __name__ == "__main__":
    main()
