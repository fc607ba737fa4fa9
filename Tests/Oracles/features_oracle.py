#!/usr/bin/env python3
"""Log-mel and MFCC by librosa, with the conventions tinyops' logmel/mfcc blocks state
(docs/dataset-format.md, "Features"), for Tests/TinyOpsKitTests/Features/FeatureOracleTests.

    features_oracle.py JOBS.json

JOBS: {"jobs": [{"input": "x.npy" (mono samples, [W]), "sample_rate", "frame_length",
      "frame_step", "fft_length", "window" (hann|hamming|rect), "pre_emphasis", "mel_bands",
      "low_hz", "high_hz", "log_floor", "coefficients", "logmel_out": "a.npy",
      "mfcc_out": "b.npy"}, ...]}
Writes float64 [frames, mel_bands] and [frames, coefficients] for each job (one process, so
librosa is imported once).

Conventions matched:
- frames of frame_length samples every frame_step, no centering/padding of the signal; each
  frame windowed by a periodic window of frame_length (scipy get_window(fftbins=True)) and
  zero-padded at its end to fft_length. librosa.stft centers a shorter window inside n_fft;
  a circular shift does not change |X|, so padding the signal by (n_fft - L) // 2 in front
  and center=False give exactly these frames;
- power spectrum |X|^2, unnormalized (librosa power=2);
- mel filterbank librosa.filters.mel(htk=True, norm=None): HTK mel scale, triangles linear in
  Hz, peak 1;
- natural log of max(energy, log_floor);
- MFCC: DCT-II, norm="ortho", of the log-mel bands, first `coefficients`, no liftering
  (librosa.feature.mfcc(S=..., dct_type=2, norm="ortho", lifter=0));
- pre-emphasis y[t] = x[t] - a x[t-1], y[0] = x[0] (scipy lfilter with zero initial state).
"""
import json
import sys

import numpy as np
import scipy.signal
import librosa


def run(job):
    x = np.load(job["input"]).astype(np.float64).reshape(-1)
    a = job["pre_emphasis"]
    if a:
        x = scipy.signal.lfilter([1.0, -a], [1.0], x)
    n_fft, length, step = job["fft_length"], job["frame_length"], job["frame_step"]
    front = (n_fft - length) // 2
    padded = np.concatenate([np.zeros(front), x, np.zeros(n_fft - length - front)])
    window = {"hann": "hann", "hamming": "hamming", "rect": "boxcar"}[job["window"]]
    spectrum = np.abs(librosa.stft(padded, n_fft=n_fft, hop_length=step, win_length=length, window=window,
                                   center=False)) ** 2
    mel = librosa.filters.mel(sr=job["sample_rate"], n_fft=n_fft, n_mels=job["mel_bands"], fmin=job["low_hz"],
                              fmax=job["high_hz"], htk=True, norm=None, dtype=np.float64)
    logmel = np.log(np.maximum(mel @ spectrum, job["log_floor"]))
    np.save(job["logmel_out"], np.ascontiguousarray(logmel.T))
    if job.get("mfcc_out"):
        mfcc = librosa.feature.mfcc(S=logmel, n_mfcc=job["coefficients"], dct_type=2, norm="ortho", lifter=0)
        np.save(job["mfcc_out"], np.ascontiguousarray(mfcc.T))


def main():
    for job in json.load(open(sys.argv[1]))["jobs"]:
        run(job)


if __name__ == "__main__":
    main()
