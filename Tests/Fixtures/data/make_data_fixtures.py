#!/usr/bin/env python3
"""Writes the small recording fixtures for the collect tests. Run by hand, from the repository
root, when the fixtures must change (needs numpy and the `sox` program):

    python3 Tests/Fixtures/data/make_data_fixtures.py

Every file is deterministic (fixed formulas, no randomness), so re-running gives the same bytes.

- csv/<label>/*.csv: Edge Impulse CSV recordings (timestamp in ms at 62.5 Hz, accX/accY/accZ),
  written as text with 4 decimals; csv/notes.txt is a non-recording file the scanner skips.
- wav/*.wav: 16-bit PCM written by Python's `wave` module (mono, stereo), and by sox:
  WAVE_FORMAT_EXTENSIBLE (3 channels), and three encodings tinyops must refuse (IEEE float, u-law, 24-bit PCM).
  list_odd.wav is assembled here by hand: fmt, an odd-sized LIST chunk and its pad byte, data.
  For each readable file, <name>.expected.npy holds the int16 samples [frames, channels] that
  sox decodes (`sox FILE -t raw -e signed -b 16 -`): the oracle the Swift reader is checked against.
- npy/*.npy: a 1-D float64 recording and a 2-D [time, 2] int16 recording, saved by numpy.
"""
import math
import os
import struct
import subprocess
import wave

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def write_csv(path, rows, header=("timestamp", "accX", "accY", "accZ")):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(",".join(header) + "\n")
        for row in rows:
            out.write(",".join(row) + "\n")


def imu_rows(frames, phase, amplitude, period_ms=16):
    rows = []
    for i in range(frames):
        t = i * period_ms
        ax = amplitude * math.sin(phase + i * 0.7)
        ay = amplitude * math.cos(phase + i * 0.3)
        az = 9.81 + 0.1 * math.sin(i * 1.3 + phase)
        rows.append([str(t), f"{ax:.4f}", f"{ay:.4f}", f"{az:.4f}"])
    return rows


def csv_fixtures():
    root = os.path.join(HERE, "csv")
    write_csv(os.path.join(root, "wave", "wave_1.csv"), imu_rows(20, 0.0, 2.0))
    write_csv(os.path.join(root, "wave", "wave_2.csv"), imu_rows(16, 1.0, 2.5))
    write_csv(os.path.join(root, "idle", "idle_1.csv"), imu_rows(18, 0.5, 0.05))
    write_csv(os.path.join(root, "idle", "idle_2.csv"), imu_rows(12, 2.0, 0.04))
    with open(os.path.join(root, "notes.txt"), "w", encoding="utf-8") as out:
        out.write("not a recording\n")


def pcm_frames(frames, channels, rate):
    values = np.zeros((frames, channels), dtype=np.int16)
    for c in range(channels):
        for i in range(frames):
            values[i, c] = int(round(12000 * math.sin(2 * math.pi * (440 + 110 * c) * i / rate)))
    values[0, 0] = -32768  # the extremes, to check the scaling
    values[1, 0] = 32767
    return values


def write_wave_module(path, values, rate):
    with wave.open(path, "wb") as out:
        out.setnchannels(values.shape[1])
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(values.astype("<i2").tobytes())


def write_with_list_chunk(path, values, rate):
    """fmt, then a LIST/INFO chunk of odd size (followed by its pad byte), then data."""
    channels = values.shape[1]
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * channels * 2, channels * 2, 16)
    text = b"odd\x00\x00"  # ICMT payload of 5 bytes: the sub-chunk and the LIST chunk are odd
    info = b"INFO" + b"ICMT" + struct.pack("<I", len(text)) + text
    data = values.astype("<i2").tobytes()
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"LIST" + struct.pack("<I", len(info)) + info + (b"\x00" if len(info) % 2 else b"")
    body += b"data" + struct.pack("<I", len(data)) + data
    with open(path, "wb") as out:
        out.write(b"RIFF" + struct.pack("<I", len(body)) + body)


def sox(*args):
    subprocess.run(["sox", "-D", "-q", *args], check=True)


def sox_decode(path, channels):
    raw = subprocess.run(["sox", "-D", path, "-t", "raw", "-e", "signed", "-b", "16", "-L", "-"],
                         check=True, capture_output=True).stdout
    return np.frombuffer(raw, dtype="<i2").reshape(-1, channels)


def wav_fixtures():
    root = os.path.join(HERE, "wav")
    os.makedirs(root, exist_ok=True)
    write_wave_module(os.path.join(root, "mono16.wav"), pcm_frames(40, 1, 8000), 8000)
    write_wave_module(os.path.join(root, "stereo16.wav"), pcm_frames(30, 2, 16000), 16000)
    source = os.path.join(root, "stereo16.wav")
    sox(source, "-c", "3", "-b", "16", "-e", "signed-integer", os.path.join(root, "extensible3ch.wav"), "remix", "1", "2", "1v0.5,2v0.5")
    write_with_list_chunk(os.path.join(root, "list_odd.wav"), pcm_frames(30, 2, 16000), 16000)
    sox(source, "-e", "floating-point", "-b", "32", os.path.join(root, "float32.wav"))
    sox(source, "-e", "u-law", os.path.join(root, "ulaw.wav"))
    sox(source, "-b", "24", os.path.join(root, "pcm24.wav"))
    for name, channels in (("mono16", 1), ("stereo16", 2), ("extensible3ch", 3), ("list_odd", 2)):
        path = os.path.join(root, name + ".wav")
        np.save(os.path.join(root, name + ".expected.npy"), sox_decode(path, channels))


def npy_fixtures():
    root = os.path.join(HERE, "npy")
    os.makedirs(os.path.join(root, "hum"), exist_ok=True)
    os.makedirs(os.path.join(root, "knock"), exist_ok=True)
    np.save(os.path.join(root, "hum", "hum_1.npy"), np.array([math.sin(i / 3) for i in range(24)], dtype=np.float64))
    knock = np.array([[i * 3 - 20, (i * 7) % 11] for i in range(24)], dtype=np.int16)
    np.save(os.path.join(root, "knock", "knock_1.npy"), knock)


if __name__ == "__main__":
    csv_fixtures()
    wav_fixtures()
    npy_fixtures()
    print("wrote fixtures under", HERE)
