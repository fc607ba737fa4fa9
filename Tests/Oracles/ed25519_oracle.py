#!/usr/bin/env python3
"""Cross-checks tinyops' SHA-256, SHA-512, Ed25519 and .tpk packages with Python.

Test oracle only (tinyops never runs Python). Uses hashlib and the `cryptography`
package (OpenSSL's Ed25519). Usage: ed25519_oracle.py JOB.json OUT.json

JOB.json (written by Tests/TinyOpsKitTests/Package/CryptoOracleTests.swift):
  messages          hex strings
  keys              [{"private_pem", "public_pem"}] made by tinyops
  signatures        per key, per message: tinyops' signatures (hex)
  python_key_count  how many key pairs Python should make and sign the messages with
  packages          [{"path", "public_pem"}]: .tpk files to check independently, following
                    docs/package-format.md

OUT.json:
  sha256, sha512              per message, hashlib's digests
  tinyops_signatures_valid    per key, per message: does OpenSSL accept tinyops' signature?
  tampered_signatures_valid   the same with the last bit of each signature flipped
  resigned                    per key, per message: OpenSSL's signature with tinyops' key
  public_keys                 per tinyops key: the raw public key OpenSSL derives from it
  python_keys                 [{"private_pem", "public_pem"}] made by Python
  python_signatures           per Python key, per message (hex)
  packages                    [{"valid", "reason", "manifest"}]
"""
import hashlib
import json
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def verifies(public_key, signature, message):
    try:
        public_key.verify(signature, message)
        return True
    except InvalidSignature:
        return False


def check_package(path, public_pem):
    """An independent reading of docs/package-format.md (format version 1)."""
    data = open(path, "rb").read()
    if len(data) < 32 or data[:4] != b"TPK1":
        return {"valid": False, "reason": "bad magic or short file"}
    (version, algorithm, header_len, manifest_len, model_off, model_len,
     sig_off, sig_len) = struct.unpack_from("<HHIIIIII", data, 4)
    expected_model_off = (32 + manifest_len + 15) // 16 * 16
    if (version, algorithm, header_len, sig_len) != (1, 1, 32, 64):
        return {"valid": False, "reason": "unexpected header constants"}
    if model_off != expected_model_off or sig_off != model_off + model_len:
        return {"valid": False, "reason": "inconsistent offsets"}
    if len(data) != sig_off + 64:
        return {"valid": False, "reason": "wrong file length"}
    public_key = serialization.load_pem_public_key(public_pem.encode())
    if not verifies(public_key, data[sig_off:], data[:sig_off]):
        return {"valid": False, "reason": "signature"}
    if any(data[32 + manifest_len:model_off]):
        return {"valid": False, "reason": "padding"}
    manifest_bytes = data[32:32 + manifest_len]
    manifest = json.loads(manifest_bytes)
    canonical = json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    if canonical != manifest_bytes:
        return {"valid": False, "reason": "manifest not canonical"}
    model = data[model_off:sig_off]
    if manifest["size"] != len(model) or manifest["content_sha256"] != hashlib.sha256(model).hexdigest():
        return {"valid": False, "reason": "content"}
    return {"valid": True, "reason": "", "manifest": manifest}


def main():
    job = json.load(open(sys.argv[1]))
    messages = [bytes.fromhex(m) for m in job["messages"]]
    out = {
        "sha256": [hashlib.sha256(m).hexdigest() for m in messages],
        "sha512": [hashlib.sha512(m).hexdigest() for m in messages],
        "tinyops_signatures_valid": [],
        "tampered_signatures_valid": [],
        "resigned": [],
        "public_keys": [],
        "python_keys": [],
        "python_signatures": [],
        "packages": [],
    }
    for key, signatures in zip(job["keys"], job["signatures"]):
        private_key = serialization.load_pem_private_key(key["private_pem"].encode(), password=None)
        public_key = serialization.load_pem_public_key(key["public_pem"].encode())
        raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        derived = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        out["public_keys"].append(derived.hex() if derived == raw else "mismatch:" + derived.hex())
        valid, tampered = [], []
        for message, signature in zip(messages, signatures):
            signature = bytes.fromhex(signature)
            valid.append(verifies(public_key, signature, message))
            flipped = signature[:-1] + bytes([signature[-1] ^ 0x40])
            tampered.append(verifies(public_key, flipped, message))
        out["tinyops_signatures_valid"].append(valid)
        out["tampered_signatures_valid"].append(tampered)
        out["resigned"].append([private_key.sign(m).hex() for m in messages])
    for _ in range(job["python_key_count"]):
        private_key = Ed25519PrivateKey.generate()
        out["python_keys"].append({
            "private_pem": private_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()).decode(),
            "public_pem": private_key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode(),
        })
        out["python_signatures"].append([private_key.sign(m).hex() for m in messages])
    for package in job["packages"]:
        out["packages"].append(check_package(package["path"], package["public_pem"]))
    json.dump(out, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
