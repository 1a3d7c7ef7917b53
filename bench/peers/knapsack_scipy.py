"""The relaxed multi-knapsack (autograd-minimize's examples/multiknapsack.py) with scipy fed by PyTorch autograd.

The data are the splitmix64 stream of examples/MultiKnapsack (seed 2024), so both sides solve the same problem.
The objective runs in float32 torch with gradients by autograd, as autograd-minimize's torch backend does; the
equality rows sum(W, 1) = 1 get their Jacobian from autograd as well, and the Hessian of the Lagrangian is scipy's
default for each method (trust-constr: a BFGS approximation, since scipy has no automatic second derivatives).

    /usr/bin/python3 bench/peers/knapsack_scipy.py [--items 100] [--method trust-constr|SLSQP|all] [--repeat 3] [--maxiter 1000]
"""
import argparse
import time

import numpy as np
import scipy.optimize as sopt
import torch

MASK = (1 << 64) - 1


def knapsack_data(rows, items, knapsacks, seed=2024):
    state = seed
    w = np.empty((rows, items))
    for r in range(rows):
        for i in range(items):
            state = (state + 0x9E3779B97F4A7C15) & MASK
            z = state
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            z ^= z >> 31
            w[r, i] = (z >> 11) * (1.0 / (1 << 53))
    cap = w.reshape((rows, -1, knapsacks)).sum(-2)
    return w, cap


def solve(method, items, knapsacks, rows, dtype, maxiter=1000):
    w, cap = knapsack_data(rows, items, knapsacks)
    wt = torch.tensor(w, dtype=dtype)
    ct = torch.tensor(cap, dtype=dtype)
    shape = (items, knapsacks)

    def fun_and_grad(x):
        W = torch.tensor(x.reshape(shape), dtype=dtype, requires_grad=True)
        loss = (torch.nn.functional.relu(wt @ torch.softmax(W, 1) - ct) ** 2).mean()
        g, = torch.autograd.grad(loss, W)
        return float(loss), g.detach().numpy().astype(np.float64).ravel()

    def eq(x):
        return x.reshape(shape).sum(1) - 1.0

    def eq_jac(x):
        W = torch.tensor(x.reshape(shape), dtype=dtype, requires_grad=True)
        J = torch.autograd.functional.jacobian(lambda v: v.sum(1) - 1, W)
        return J.reshape(items, -1).numpy().astype(np.float64)

    x0 = np.zeros(items * knapsacks)
    bounds = [(0, None)] * x0.size
    if method == "trust-constr":
        cons = [sopt.NonlinearConstraint(eq, 0, 0, jac=eq_jac)]
    else:
        cons = [{"type": "eq", "fun": eq, "jac": eq_jac}]
    t = time.perf_counter()
    r = sopt.minimize(fun_and_grad, x0, jac=True, method=method, bounds=bounds, constraints=cons, tol=1e-8,
                      options={"maxiter": maxiter})
    elapsed = time.perf_counter() - t
    return r, elapsed


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--items", type=int, default=100)
    p.add_argument("--knapsacks", type=int, default=5)
    p.add_argument("--weights", type=int, default=500)
    p.add_argument("--method", default="all")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--dtype", default="float32")
    p.add_argument("--maxiter", type=int, default=1000)
    a = p.parse_args()
    dtype = torch.float32 if a.dtype == "float32" else torch.float64
    torch.set_num_threads(1)
    methods = ["trust-constr", "SLSQP"] if a.method == "all" else [a.method]
    for m in methods:
        times = []
        for _ in range(a.repeat):
            r, elapsed = solve(m, a.items, a.knapsacks, a.weights, dtype, a.maxiter)
            times.append(elapsed)
        best = min(times)
        nit = getattr(r, "nit", 0) or getattr(r, "niter", 0)
        viol = float(np.abs(r.x.reshape(a.items, -1).sum(1) - 1).max())
        print(f"{m:<13} scipy+torch {a.dtype} items={a.items} best of {a.repeat}: {best * 1e3:.1f} ms  nit={nit} nfev={r.nfev} "
              f"f={r.fun:.4e} violation={viol:.2e} success={r.success} ({r.message})")
        print(f"{'':<13} ms per iteration {best * 1e3 / max(nit, 1):.2f}")
        print(f"{'':<13} assignment {' '.join(str(k) for k in r.x.reshape(a.items, -1).argmax(1))}")


if __name__ == "__main__":
    main()
