#!/usr/bin/env python3
"""The same measurements as crypto-bench, with hashlib and `cryptography` (both OpenSSL).
Prints one JSON object. Usage: bench_python.py"""
import hashlib
import json
import os
import time

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def seconds_per_call(body, minimum=0.3):
    body()
    best = float("inf")
    for _ in range(3):
        calls, start = 0, time.perf_counter()
        while True:
            body()
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= minimum:
                break
        best = min(best, elapsed / calls)
    return best


megabytes = 16
data = os.urandom(megabytes << 20)
key = Ed25519PrivateKey.generate()
public = key.public_key()
message = data[:64]
signature = key.sign(message)
print(json.dumps({
    "implementation": "Python hashlib + cryptography %s (OpenSSL)" % __import__("cryptography").__version__,
    "sha256_MBps": round(megabytes / seconds_per_call(lambda: hashlib.sha256(data).digest())),
    "sha512_MBps": round(megabytes / seconds_per_call(lambda: hashlib.sha512(data).digest())),
    "ed25519_keygen_per_s": round(1 / seconds_per_call(lambda: Ed25519PrivateKey.generate().public_key())),
    "ed25519_sign_per_s": round(1 / seconds_per_call(lambda: key.sign(message))),
    "ed25519_verify_per_s": round(1 / seconds_per_call(lambda: public.verify(signature, message))),
}, indent=2))
