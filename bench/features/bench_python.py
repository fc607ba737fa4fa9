#!/usr/bin/env python3
"""Feature throughput of librosa and python_speech_features on the same one-second 16 kHz
clips as bench/features (windows per second, best of three rounds, one thread).

    bench_python.py CLIPS_DIR

librosa is timed twice: with the steps tinyops' mfcc block matches (features_oracle.py's
calls: stft without centering, HTK mel, log, orthonormal DCT), and as librosa.feature.mfcc
with its defaults. python_speech_features is set as close as its conventions allow
(40 ms / 20 ms, 1024-point FFT, 40 filters over 20-4000 Hz, 10 coefficients, Hann window,
no pre-emphasis, no liftering, c0 kept)."""
import glob
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np
import scipy.io.wavfile
import librosa
import python_speech_features as psf


def best(fn, clips, minimum=0.5):
    fn(clips[0])
    times = []
    for _ in range(3):
        calls, start = 0, time.perf_counter()
        while True:
            for clip in clips:
                fn(clip)
            calls += len(clips)
            elapsed = time.perf_counter() - start
            if elapsed >= minimum:
                break
        times.append(elapsed / calls)
    return 1 / min(times)


def main():
    files = sorted(glob.glob(os.path.join(sys.argv[1], "*", "*.wav")))
    clips = [scipy.io.wavfile.read(f)[1].astype(np.float32) / 32768 for f in files]
    mel = librosa.filters.mel(sr=16000, n_fft=1024, n_mels=40, fmin=20, fmax=4000, htk=True, norm=None)

    def librosa_matched(y):
        padded = np.concatenate([np.zeros(192, np.float32), y, np.zeros(192, np.float32)])
        s = np.abs(librosa.stft(padded, n_fft=1024, hop_length=320, win_length=640, window="hann", center=False)) ** 2
        logmel = np.log(np.maximum(mel @ s, 1e-10))
        return librosa.feature.mfcc(S=logmel, n_mfcc=10, dct_type=2, norm="ortho", lifter=0)

    def librosa_default(y):
        return librosa.feature.mfcc(y=y, sr=16000, n_mfcc=10)

    def speech_features(y):
        return psf.mfcc(y, samplerate=16000, winlen=0.04, winstep=0.02, numcep=10, nfilt=40, nfft=1024, lowfreq=20,
                        highfreq=4000, preemph=0, ceplifter=0, appendEnergy=False, winfunc=np.hanning)

    print(json.dumps({
        "clips": len(clips),
        "librosa " + librosa.__version__ + " (tinyops conventions)": round(best(librosa_matched, clips)),
        "librosa " + librosa.__version__ + " feature.mfcc defaults": round(best(librosa_default, clips)),
        "python_speech_features (closest settings)": round(best(speech_features, clips)),
    }, indent=2))


if __name__ == "__main__":
    main()
