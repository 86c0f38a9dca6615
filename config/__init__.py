import os

# numpy's OpenBLAS starts a pool of threads that spin while they wait for work; this project
# does no linear algebra, and on a small server those threads take CPU from requests and from
# the postings import's worker process (which inherits the setting). Set before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
