"""The password hasher: Argon2id with OWASP's lighter parameter set.

Django's defaults (100 MiB of memory and 8 lanes per hash) made a login cost
about 100 ms of CPU and 100 MiB, so 50 people signing in at once needed 5 GB
and several seconds. OWASP's Password Storage Cheat Sheet lists equivalent
Argon2id settings; radkla uses "m=19 MiB, t=2, p=1". A hash made with other
parameters (Django's) still verifies, and is re-made with these at the user's
next successful login (Django's ``must_update``).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class RadklaArgon2PasswordHasher(Argon2PasswordHasher):
    # Same algorithm name as Django's: stored hashes keep verifying.
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
