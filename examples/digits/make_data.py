"""Write scikit-learn's bundled handwritten digits as tinyops array-import files.

    python make_data.py          # needs numpy and scikit-learn; writes arrays/

arrays/x.npy  uint8 [1797, 8, 8, 1]  pixel intensities 0..16, as scikit-learn ships them
arrays/y.npy  int32 [1797]           the digit
arrays/labels.txt                    "0" .. "9"

`tinyops collect --arrays arrays` (or the pipeline's "collect": {"arrays": "arrays"}) imports
them and draws each image into train/val/test by a hash of its index. Deterministic: the same
scikit-learn data gives the same bytes (see data.sha256).
"""
import os

import numpy as np
from sklearn.datasets import load_digits

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "arrays")
os.makedirs(out, exist_ok=True)
digits = load_digits()
np.save(os.path.join(out, "x.npy"), digits.images.astype(np.uint8)[..., None])
np.save(os.path.join(out, "y.npy"), digits.target.astype(np.int32))
with open(os.path.join(out, "labels.txt"), "w") as f:
    f.write("\n".join(str(d) for d in range(10)) + "\n")
print(f"wrote {len(digits.target)} images to {out}")
