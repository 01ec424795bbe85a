"""Image-quality scores of vision notes (super-resolution, denoising, compression): the peak signal-to-noise
ratio PSNR = 10·log₁₀(MAX²/MSE), in decibels, of a reconstruction against its reference image.

The truth takes another road to the same number: both images divided by the peak value first (so the peak is 1),
torch's MSE between them, and −10·log₁₀ of it; the reference is the note's form on the unscaled images.
"""
from __future__ import annotations

import math
import random
import re

from kb.formulas._build import Example, entry, t, with_fixed


def _mse(x, y) -> float:
    return sum((a - b) ** 2 for a, b in zip(x, y)) / len(x)


def psnr(x, y, peak):
    return 10 * math.log10(peak ** 2 / _mse(x, y))


def _truth_psnr(x, y, peak):
    import torch
    import torch.nn.functional as fn
    return (-10 * torch.log10(fn.mse_loss(t(x) / peak, t(y) / peak))).item()


def _images(rng: random.Random) -> Example:
    """A flattened reference image and a noisy copy of it, with 8-bit (255) or unit (1.0) peak values."""
    peak = rng.choice([1.0, 255.0])
    k = rng.randint(4, 32)
    x = [rng.uniform(0, peak) for _ in range(k)]
    y = [min(peak, max(0.0, v + rng.gauss(0, peak * rng.choice([0.01, 0.05, 0.2])))) for v in x]
    if x == y:
        y[0] = peak - y[0]
    return dict(x=x, y=y, peak=peak)


# an 8-bit image off by 1 everywhere: MSE 1, PSNR = 20·log₁₀ 255 ≈ 48.13 dB; then unit-range images with MSE 0.01 (20 dB)
_IMAGES = with_fixed([dict(x=[10.0, 20.0, 30.0, 40.0], y=[11.0, 19.0, 31.0, 39.0], peak=255.0),
                      dict(x=[0.2, 0.5], y=[0.3, 0.4], peak=1.0)], _images)

_PEAK_NAMES = ("MAX_I", "\\text{MAX}_I", "\\mathrm{MAX}_I", "\\mathrm{MAX}_{I}", "\\text{MAX}_{I}", "MAX",
               "\\text{MAX}", "\\mathrm{MAX}", "\\max_I", "I_{max}", "I_{\\max}", "L")
_KW_PSNR = ("PSNR", "peak signal-to-noise ratio", "peak signal to noise ratio", "峰值信噪比", "пиковое отношение сигнала к шуму",
            "rapport signal sur bruit de crête", "Spitzen-Signal-Rausch-Verhältnis", "relación señal-ruido de pico",
            "relação sinal-ruído de pico", "ピーク信号対雑音比", "최대 신호 대 잡음비")

FORMULAS = [
    entry("psnr", {"en": "Peak signal-to-noise ratio (PSNR)", "zh": "峰值信噪比 (PSNR)",
                   "ru": "Пиковое отношение сигнала к шуму (PSNR)", "fr": "Rapport signal sur bruit de crête (PSNR)",
                   "de": "Spitzen-Signal-Rausch-Verhältnis (PSNR)", "es": "Relación señal-ruido de pico (PSNR)",
                   "pt": "Relação sinal-ruído de pico (PSNR)", "ja": "ピーク信号対雑音比 (PSNR)"},
          r"\mathrm{PSNR}=10\log_{10}\frac{\mathrm{MAX}_I^2}{\mathrm{MSE}}",
          {"x": "reference image (pixels)", "y": "reconstructed image (pixels)", "peak": "largest pixel value MAX_I"},
          psnr, _truth_psnr, _IMAGES,
          {"20·log₁₀(MAX²/MSE) (20 on a squared ratio)": lambda x, y, peak: 20 * math.log10(peak ** 2 / _mse(x, y)),
           "10·log₁₀(MAX/MSE) (peak not squared)": lambda x, y, peak: 10 * math.log10(peak / _mse(x, y)),
           "10·log₁₀(MSE/MAX²) (ratio upside down)": lambda x, y, peak: 10 * math.log10(_mse(x, y) / peak ** 2),
           "20·log₁₀(MAX/MSE) (MSE for RMSE)": lambda x, y, peak: 20 * math.log10(peak / _mse(x, y))},
          _KW_PSNR,
          {"peak": _PEAK_NAMES, "psnr": ("\\text{PSNR}", "\\mathrm{PSNR}", "PSNR", "\\operatorname{PSNR}")},
          tol=1e-9, n=40,
          # decibels are a decimal logarithm: notes often write it \log without the base, which kb reads as ln
          conventions={"\\log without a base is the decimal one": lambda x, y, peak: 10 * math.log(peak ** 2 / _mse(x, y))},
          convention_signs={"\\log without a base is the decimal one": re.compile(r"\\log(?!_)").search},
          # notes write the score in the images' MSE (or its root) and the peak, not in the pixels behind them
          note_view=lambda x, y, peak: {"MSE": _mse(x, y), "RMSE": math.sqrt(_mse(x, y))}),
]
