#!/usr/bin/env python3
"""Regenerates the keyword-spotting example clips: speech synthesized by espeak-ng, mixed
with noise synthesized by sox; 1 s, 16 kHz, mono, 16-bit PCM WAV, one folder per label.

    examples/audio-keywords/make_data.py                    # the committed set (10 per label)
    examples/audio-keywords/make_data.py --count 100 --out build/kws-large

Needs the Debian packages espeak-ng and sox (apt-get install espeak-ng sox); Python standard
library only. Every choice (voice, speed, pitch, placement, levels, noise) is drawn from a
random generator seeded with the clip's name, and sox runs in repeatable mode (-R), so the
same tool versions give byte-identical files (data.sha256 lists the committed ones; check
with `cd examples/audio-keywords && sha256sum -c data.sha256`).
"""
import argparse
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile

KEYWORDS = ["yes", "no", "up", "down"]
# Other words said in the same voices: the "unknown" class (most are from the Speech Commands
# vocabulary, so the example resembles the usual 12-class KWS task in miniature).
UNKNOWN = ["left", "right", "stop", "go", "on", "off", "zero", "one", "two", "three", "four",
           "five", "bed", "bird", "cat", "dog", "house", "tree", "wow", "happy", "learn", "follow"]
LABELS = KEYWORDS + ["unknown", "noise"]
# espeak-ng English voices and voice variants (espeak-ng-data/voices/!v).
VOICES = ["en-us", "en", "en-gb-scotland", "en-029", "en-gb-x-rp", "en-gb-x-gbcwmd", "en-gb-x-gbclan"]
VARIANTS = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5",
            "klatt", "klatt2", "klatt3", "Annie", "Mike", "Andy", "linda", "steph", "max", "paul"]
NOISES = ["whitenoise", "pinknoise", "brownnoise"]
RATE = 16000


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def noise_bed(work, kind):
    """60 s of sox noise (repeatable mode), cut into different 1 s pieces per clip."""
    path = os.path.join(work, kind + ".wav")
    if not os.path.exists(path):
        run("sox", "-R", "-n", "-r", str(RATE), "-c", "1", "-b", "16", path, "synth", "60", kind)
    return path


def make_clip(label, index, out_path, work):
    rng = random.Random(f"tinyops-kws-{label}-{index}")
    kind = rng.choice(NOISES)
    noise_level = 10 ** (rng.uniform(-50, -22) / 20)     # amplitude factor on a full-scale noise bed
    piece = os.path.join(work, "noise_piece.wav")
    run("sox", "-R", noise_bed(work, kind), piece, "trim", f"{rng.uniform(0, 58):.4f}", "1", "vol", f"{noise_level:.6f}")
    if label == "noise":
        # Background only, with a mains hum in some clips.
        if rng.random() < 0.5:
            hum = os.path.join(work, "hum.wav")
            run("sox", "-R", "-n", "-r", str(RATE), "-c", "1", "-b", "16", hum, "synth", "1",
                "sine", str(rng.choice([50, 60])), "vol", f"{10 ** (rng.uniform(-40, -25) / 20):.6f}")
            run("sox", "-R", "-m", "-v", "1", piece, "-v", "1", hum, "-b", "16", out_path)
        else:
            shutil.copyfile(piece, out_path)
        return f"{kind} noise"
    word = rng.choice(UNKNOWN) if label == "unknown" else label
    voice = f"{rng.choice(VOICES)}+{rng.choice(VARIANTS)}"
    speed, pitch = rng.randint(120, 210), rng.randint(25, 75)
    raw = os.path.join(work, "speech.wav")
    run("espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", raw, word)
    # 16 kHz mono, leading and trailing silence trimmed, peak at -3..-14 dBFS.
    trimmed = os.path.join(work, "trimmed.wav")
    run("sox", "-R", raw, "-r", str(RATE), "-c", "1", "-b", "16", trimmed,
        "silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse",
        "gain", "-n", f"{-rng.uniform(3, 14):.2f}")
    length = float(subprocess.run(["soxi", "-D", trimmed], check=True, capture_output=True, text=True).stdout)
    length = min(length, 0.95)
    offset = rng.uniform(0.02, max(0.02, 0.98 - length))
    placed = os.path.join(work, "placed.wav")
    run("sox", "-R", trimmed, placed, "trim", "0", f"{length:.4f}", "pad", f"{offset:.4f}", "1", "trim", "0", "1")
    run("sox", "-R", "-m", "-v", "1", placed, "-v", "1", piece, "-b", "16", out_path)
    return f"'{word}' {voice} -s {speed} -p {pitch}, {kind} noise"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--out", default=os.path.join(here, "data"), help="output folder (replaced)")
    parser.add_argument("--count", type=int, default=10, help="clips per label")
    parser.add_argument("--verbose", action="store_true", help="print what each clip is")
    args = parser.parse_args()
    for tool in ("espeak-ng", "sox", "soxi"):
        if not shutil.which(tool):
            sys.exit(f"make_data.py: {tool} not found (apt-get install espeak-ng sox)")
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    sums = []
    with tempfile.TemporaryDirectory() as work:
        for label in LABELS:
            os.makedirs(os.path.join(args.out, label))
            for index in range(args.count):
                name = f"{label}/{label}_{index:03d}.wav"
                what = make_clip(label, index, os.path.join(args.out, name), work)
                samples = int(subprocess.run(["soxi", "-s", os.path.join(args.out, name)], check=True,
                                             capture_output=True, text=True).stdout)
                if samples != RATE:
                    sys.exit(f"make_data.py: {name} has {samples} samples, expected {RATE}")
                with open(os.path.join(args.out, name), "rb") as f:
                    sums.append(f"{hashlib.sha256(f.read()).hexdigest()}  {name}")
                if args.verbose:
                    print(f"{name}: {what}")
    with open(args.out.rstrip("/") + ".sha256", "w") as f:
        f.write("\n".join(sums) + "\n")
    print(f"wrote {len(sums)} clips to {args.out}")


if __name__ == "__main__":
    main()
