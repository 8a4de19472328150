"""``python -m bench``: run every benchmark (today: the PB counting engine, ``bench/pb.py``)."""

from bench.pb import main

main()
