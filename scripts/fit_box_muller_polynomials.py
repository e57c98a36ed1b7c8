#!/usr/bin/env python3
"""Fits the polynomials of the Box-Muller transform (sde/include/odekit/sde/detail/box_muller.hpp)
and prints their coefficients, highest degree first, with the approximation error of the
coefficients rounded to double (exact arithmetic otherwise, 50 digits; needs mpmath):

  log x = 2 s + s z Q(z),           s = (x - 1)/(x + 1), z = s^2, x in [sqrt(1/2), sqrt(2)]
  sin(pi r / 2) = r (pi/2 + w S(w)),  cos(pi r / 2) = 1 + w C(w),  w = r^2, r in [-1/2, 1/2]

Q, S and C are Chebyshev interpolants (mpmath.chebyfit) of the remainders; the errors are
measured on a grid of 2001 points: relative in log x (|z dQ / 2|), absolute in the sine
(|r w dS|) and cosine (|w dC|)."""
import mpmath as mp

mp.mp.dps = 50
Z_MAX = ((mp.sqrt(2) - 1) / (mp.sqrt(2) + 1)) ** 2


def q_remainder(z):
    if z == 0:
        return mp.mpf(2) / 3
    s = mp.sqrt(z)
    return (2 * mp.atanh(s) - 2 * s) / (s * z)


def s_remainder(w):
    if w == 0:
        return -(mp.pi / 2) ** 3 / 6
    r = mp.sqrt(w)
    return (mp.sin(mp.pi * r / 2) / r - mp.pi / 2) / w


def c_remainder(w):
    if w == 0:
        return -(mp.pi ** 2) / 8
    r = mp.sqrt(w)
    return (mp.cos(mp.pi * r / 2) - 1) / w


def fit(name, f, b, n, weight):
    poly = mp.chebyfit(f, [0, b], n)
    rounded = [float(c) for c in poly]
    worst = max(abs(weight(x) * (mp.polyval([mp.mpf(c) for c in rounded], x) - f(x)))
                for x in (b * i / 2000 for i in range(2001)))
    print(f"{name} ({n} coefficients, error {float(worst):.2g}):")
    print("  " + ", ".join(repr(c) for c in rounded))


def main():
    fit("Q", q_remainder, Z_MAX, 7, lambda z: z / 2)
    fit("S", s_remainder, mp.mpf(1) / 4, 6, lambda w: w * mp.sqrt(w))
    fit("C", c_remainder, mp.mpf(1) / 4, 7, lambda w: w)


if __name__ == "__main__":
    main()
