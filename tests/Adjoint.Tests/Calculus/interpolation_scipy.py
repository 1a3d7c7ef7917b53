"""Reference values for the interpolation tests, from scipy (1.10).

Run: /usr/bin/python3 tests/Adjoint.Tests/Calculus/interpolation_scipy.py
Writes interpolation_scipy.json next to this file. NaN is written as null.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy.interpolate import interp1d, CubicSpline, PchipInterpolator, Akima1DInterpolator

rng = np.random.default_rng(20261202)
x = np.sort(rng.uniform(0.0, 10.0, 9))
x[0], x[-1] = 0.3, 9.6
y1 = np.sin(x) + 0.3 * x
y2 = np.stack([y1, np.cos(0.7 * x) - 0.1 * x ** 2, np.exp(-0.2 * x)], axis=1)  # (n, 3), axis 0
yp = np.sin(2 * np.pi * (x - x[0]) / (x[-1] - x[0]))
yp[-1] = yp[0]
yp2 = np.stack([yp, np.cos(2 * np.pi * (x - x[0]) / (x[-1] - x[0]))], axis=1)
yp2[-1] = yp2[0]
# monotone-ish data with flat parts and sign changes, for PCHIP and Akima branches
ym = np.array([0.0, 0.0, 0.5, 2.0, 2.1, 2.1, 1.0, -0.5, 3.0])

# random points, three knots (ties for previous/next) and two midpoints (ties for nearest)
midpoints = x[:-1] / 2.0 + x[1:] / 2.0
inside = np.sort(np.concatenate([rng.uniform(x[0], x[-1], 14), x[[0, 3, 8]], midpoints[[1, 4]]]))
wide = np.sort(np.concatenate([inside, [-1.5, 0.0, 9.9, 12.0]]))


def clean(a):
    a = np.asarray(a, dtype=float).ravel()
    return [None if math.isnan(v) else float(v) for v in a]


cases = []


def add(name, typ, xs, ys, xq, out, **params):
    ys = np.asarray(ys)
    out = np.asarray(out)
    cases.append(dict(name=name, type=typ, x=clean(xs), y=clean(ys), yShape=list(ys.shape), xq=clean(xq),
                      expected=clean(out), expectedShape=list(out.shape), **params))


def fill_json(f):
    if isinstance(f, str):
        return f
    if isinstance(f, tuple):
        return [f[0], f[1]]
    return [f, f]


kinds = ['linear', 'nearest', 'previous', 'next', 'slinear', 'quadratic', 'cubic']
for kind in kinds:
    for fill in [np.nan, -7.5, (-1.25, 4.5), 'extrapolate']:
        f = interp1d(x, y1, kind=kind, fill_value=fill, bounds_error=False)
        fj = fill_json(fill)
        fj = [None if (isinstance(v, float) and math.isnan(v)) else v for v in fj] if isinstance(fj, list) else fj
        add(f"interp1d {kind} fill={fill}", "interp1d", x, y1, wide, f(wide), kind=kind, axis=-1, fill=fj, boundsError=False)
    # default bounds_error (True) with in-range queries
    f = interp1d(x, y1, kind=kind)
    add(f"interp1d {kind} default", "interp1d", x, y1, inside, f(inside), kind=kind, axis=-1, fill=[None, None], boundsError=None)
    # vector-valued: y of shape (3, n) along axis -1, and (n, 3) along axis 0
    f = interp1d(x, y2.T, kind=kind, fill_value='extrapolate')
    add(f"interp1d {kind} vector axis -1", "interp1d", x, y2.T, wide, f(wide), kind=kind, axis=-1, fill="extrapolate", boundsError=None)
    f = interp1d(x, y2, kind=kind, axis=0, fill_value=(-1.0, 2.0), bounds_error=False)
    add(f"interp1d {kind} vector axis 0", "interp1d", x, y2, wide, f(wide), kind=kind, axis=0, fill=[-1.0, 2.0], boundsError=False)

# unsorted x: interp1d sorts
perm = np.array([3, 0, 8, 5, 1, 7, 2, 6, 4])
f = interp1d(x[perm], y1[perm], kind='cubic')
add("interp1d cubic unsorted input", "interp1d", x[perm], y1[perm], inside, f(inside), kind='cubic', axis=-1, fill=[None, None], boundsError=None)

bcs = {
    'not-a-knot': 'not-a-knot', 'natural': 'natural', 'clamped': 'clamped',
    'first(1.5,-0.5)': ((1, 1.5), (1, -0.5)), 'second(0.7,-2)': ((2, 0.7), (2, -2.0)),
    'mixed': ('not-a-knot', (1, 0.25)), 'mixed2': ((2, 1.0), 'natural'),
}


def bc_json(bc):
    if isinstance(bc, str):
        return [bc, bc]
    return [b if isinstance(b, str) else [b[0], b[1]] for b in bc]


def vector_bc(bc, c):
    # scipy wants one derivative value per column; the tests give one value for all columns.
    if isinstance(bc, str):
        return bc
    return tuple(b if isinstance(b, str) else (b[0], np.full(c, b[1])) for b in bc)


for label, bc in bcs.items():
    for extrap in [True, False]:
        s = CubicSpline(x, y1, bc_type=bc, extrapolate=extrap)
        for nu in [0, 1, 2, 3, -1, -2]:
            p = s.derivative(nu) if nu > 0 else (s.antiderivative(-nu) if nu < 0 else s)
            add(f"CubicSpline {label} extrapolate={extrap} nu={nu}", "cubic", x, y1, wide, p(wide), bc=bc_json(bc), extrapolate=extrap, axis=0, nu=nu)
    s = CubicSpline(x, y2, bc_type=vector_bc(bc, 3))
    add(f"CubicSpline {label} vector", "cubic", x, y2, wide, s(wide), bc=bc_json(bc), extrapolate=None, axis=0, nu=0)
    s = CubicSpline(x, y2.T, bc_type=vector_bc(bc, 3), axis=1)
    add(f"CubicSpline {label} vector axis 1", "cubic", x, y2.T, wide, s(wide), bc=bc_json(bc), extrapolate=None, axis=1, nu=0)

for extrap in [None, True, False, 'periodic']:
    s = CubicSpline(x, yp, bc_type='periodic', extrapolate=extrap)
    for nu in [0, 1, 2, -1]:
        p = s.derivative(nu) if nu > 0 else (s.antiderivative(-nu) if nu < 0 else s)
        add(f"CubicSpline periodic extrapolate={extrap} nu={nu}", "cubic", x, yp, wide, p(wide), bc=['periodic', 'periodic'], extrapolate=extrap, axis=0, nu=nu)
s = CubicSpline(x, yp2, bc_type='periodic')
add("CubicSpline periodic vector", "cubic", x, yp2, wide, s(wide), bc=['periodic', 'periodic'], extrapolate=None, axis=0, nu=0)
# few points: scipy's special cases
for npts in [2, 3]:
    xs, ys = x[:npts], y1[:npts]
    for label in ['not-a-knot', 'natural', 'clamped']:
        s = CubicSpline(xs, ys, bc_type=label)
        add(f"CubicSpline {npts} points {label}", "cubic", xs, ys, wide, s(wide), bc=[label, label], extrapolate=None, axis=0, nu=0)
xs3 = np.array([0.0, 1.3, 2.0]); ys3 = np.array([1.0, -0.4, 1.0])
s = CubicSpline(xs3, ys3, bc_type='periodic')
add("CubicSpline 3 points periodic", "cubic", xs3, ys3, wide / 4, s(wide / 4), bc=['periodic', 'periodic'], extrapolate=None, axis=0, nu=0)

for label, yy in [('smooth', y1), ('flat and sign changes', ym), ('vector', y2)]:
    p = PchipInterpolator(x, yy)
    for nu in [0, 1]:
        add(f"Pchip {label} nu={nu}", "pchip", x, yy, wide, p(wide, nu), axis=0, nu=nu)
    a = Akima1DInterpolator(x, yy)
    for nu in [0, 1]:
        add(f"Akima {label} nu={nu}", "akima", x, yy, wide, a(wide, nu), axis=0, nu=nu)
p = PchipInterpolator(x[:2], y1[:2])
add("Pchip 2 points", "pchip", x[:2], y1[:2], wide, p(wide), axis=0, nu=0)
p = PchipInterpolator(x, y2.T, axis=1)
add("Pchip vector axis 1", "pchip", x, y2.T, wide, p(wide), axis=1, nu=0)
a = Akima1DInterpolator(x, y2.T, axis=1)
add("Akima vector axis 1", "akima", x, y2.T, wide, a(wide), axis=1, nu=0)
# linear data: the Akima weights vanish everywhere and the fill value (mean of secants) is used
ylin = 2.0 * x - 1.0
a = Akima1DInterpolator(x, ylin)
add("Akima linear data", "akima", x, ylin, wide, a(wide), axis=0, nu=0)

# PPoly.integrate on CubicSpline (scalar and vector y), every extrapolation mode, reversed and outside limits
pairs = [(1.0, 4.2), (4.2, 1.0), (0.3, 9.6), (-1.0, 3.0), (2.0, 11.5), (-3.0, 25.0), (7.0, 7.0), (8.0, 30.1)]
for label, yy, bc in [('smooth', y1, 'not-a-knot'), ('vector', y2, 'natural'), ('periodic', yp, 'periodic'), ('periodic vector', yp2, 'periodic')]:
    for extrap in ([True, False, 'periodic'] if bc == 'periodic' else [True, False, 'periodic']):
        s = CubicSpline(x, yy, bc_type=bc, extrapolate=extrap)
        out = np.array([s.integrate(a, b) for a, b in pairs])
        cases.append(dict(name=f"integrate {label} extrapolate={extrap}", type="integrate", x=clean(x), y=clean(yy), yShape=list(yy.shape),
                          xq=clean(np.array(pairs)), expected=clean(out), expectedShape=list(out.shape),
                          bc=[bc, bc], extrapolate=extrap, axis=0))

# RegularGridInterpolator: a 2-D grid (scalar and vector values) and a 3-D grid
from scipy.interpolate import RegularGridInterpolator

gx = np.array([0.0, 0.7, 1.5, 2.0, 3.1, 4.0])
gy = np.array([-1.0, -0.2, 0.5, 1.0, 1.8, 2.5, 3.0])
GX, GY = np.meshgrid(gx, gy, indexing='ij')
v2 = np.sin(GX) * np.cos(0.8 * GY) + 0.1 * GX * GY
v2vec = np.stack([v2, np.exp(-0.3 * GX) + GY ** 2], axis=-1)
q_in = np.column_stack([rng.uniform(0.0, 4.0, 12), rng.uniform(-1.0, 3.0, 12)])
q_in = np.vstack([q_in, [[0.7, 0.5], [4.0, 3.0], [0.35, 0.15], [1.1, 2.15]]])  # a node, the far corner, cell midpoints
q_out = np.vstack([q_in, [[-0.5, 0.0], [2.0, 3.6], [4.5, -1.4]]])


def add_rgi(name, points, values, xi, **kw):
    f = RegularGridInterpolator(points, values, **kw)
    out = f(xi)
    fill = kw.get('fill_value', np.nan)
    cases.append(dict(name=name, type="rgi", points=[clean(pt) for pt in points], y=clean(values), yShape=list(values.shape),
                      x=[], xq=clean(xi), xqShape=list(xi.shape), expected=clean(out), expectedShape=list(out.shape),
                      method=kw.get('method', 'linear'), boundsError=kw.get('bounds_error', True),
                      fill=None if fill is None else ("nan" if (isinstance(fill, float) and math.isnan(fill)) else fill)))


for method in ['linear', 'nearest', 'slinear', 'cubic', 'quintic']:
    add_rgi(f"RGI {method} inside", (gx, gy), v2, q_in, method=method)
    add_rgi(f"RGI {method} fill nan", (gx, gy), v2, q_out, method=method, bounds_error=False)
    add_rgi(f"RGI {method} fill 3.5", (gx, gy), v2, q_out, method=method, bounds_error=False, fill_value=3.5)
    add_rgi(f"RGI {method} extrapolate", (gx, gy), v2, q_out, method=method, bounds_error=False, fill_value=None)
    add_rgi(f"RGI {method} vector", (gx, gy), v2vec, q_out, method=method, bounds_error=False, fill_value=None)
g3 = (np.array([0.0, 1.0, 2.5, 3.0]), np.array([0.0, 0.4, 1.0, 1.3, 2.0]), np.array([-1.0, 0.0, 0.5, 2.0]))
G = np.meshgrid(*g3, indexing='ij')
v3 = np.cos(G[0]) + G[1] * G[2] - 0.2 * G[2] ** 2
q3 = np.column_stack([rng.uniform(0, 3, 10), rng.uniform(0, 2, 10), rng.uniform(-1, 2, 10)])
for method in ['linear', 'nearest', 'cubic']:
    add_rgi(f"RGI 3-D {method}", g3, v3, q3, method=method)

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, 'interpolation_scipy.json'), 'w') as fh:
    # one case per line, so that a regenerated file diffs case by case
    fh.write('{"scipy": %s, "numpy": %s, "cases": [\n' % (json.dumps(scipy.__version__), json.dumps(np.__version__)))
    fh.write(',\n'.join(json.dumps(c, allow_nan=False) for c in cases))
    fh.write('\n]}\n')
print(len(cases), "cases, scipy", scipy.__version__)
