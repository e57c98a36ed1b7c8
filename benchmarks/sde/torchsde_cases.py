#!/usr/bin/env python3
"""The torchsde side of the comparison (run_torchsde_comparison.sh), the same cases as
sde_torchsde_cases.cpp: torchsde's README examples and 10,000 GBM paths at dt = 1e-3 with
torchsde's 'euler', 'milstein' and 'srk' (Itô), float64 on the CPU, its default Brownian motion
(BrownianInterval; space-time Lévy area for 'srk'). Prints one JSON object per line.

Then, given --odekit FILE (the odekit side's output), writes the combined JSON and a Markdown
table (--json, --markdown)."""
import argparse
import json
import math
import platform
import statistics
import sys
import time


def torch_cases(threads):
    import torch
    import torchsde

    torch.set_num_threads(threads)
    dt, mu, sigma, y0v = 1e-3, 0.5, 1.0, 0.1
    ts20 = torch.linspace(0, 1, 20, dtype=torch.float64)
    rows = []

    class GBM(torch.nn.Module):
        noise_type, sde_type = "diagonal", "ito"

        def f(self, t, y):
            return mu * y

        def g(self, t, y):
            return sigma * y

    def timed(fn, repeats):
        fn()
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - start)
        return statistics.median(times), out

    def gbm(case, batch, ts, repeats):
        for method in ("euler", "milstein", "srk"):
            levy = "space-time" if method == "srk" else "none"
            y0 = torch.full((batch, 1), y0v, dtype=torch.float64)
            bm = torchsde.BrownianInterval(t0=0.0, t1=1.0, size=(batch, 1), dtype=torch.float64,
                                           levy_area_approximation=levy, entropy=7)
            with torch.no_grad():
                seconds, ys = timed(lambda: torchsde.sdeint(GBM(), y0, ts, bm=bm, method=method,
                                                            dt=dt), repeats)
                w = bm(0.0, 1.0)
                exact = y0v * torch.exp((mu - 0.5 * sigma**2) + sigma * w)
                err = (ys[-1] - exact).abs().mean().item()
            rows.append({"side": "torchsde", "case": case, "method": method, "dt": dt,
                         "seconds": seconds, "strong_error": err, "trajectories": batch})

    gbm("gbm_batch4", 4, ts20, 3)

    # The quick example: 3 states, 2 Brownian motions, general noise, linear layers with the
    # weights fixed as in odekit::problems::torchsde_linear_general: p_q = sin(q + 1)/sqrt(3).
    p = [math.sin(q + 1) / math.sqrt(3) for q in range(36)]
    A = torch.tensor(p[0:9], dtype=torch.float64).view(3, 3)
    a = torch.tensor(p[9:12], dtype=torch.float64)
    B = torch.tensor(p[12:30], dtype=torch.float64).view(6, 3)
    b = torch.tensor(p[30:36], dtype=torch.float64)

    class Linear(torch.nn.Module):
        noise_type, sde_type = "general", "ito"

        def f(self, t, y):
            return y @ A.T + a

        def g(self, t, y):
            return (y @ B.T + b).view(y.shape[0], 3, 2)

    batch = 32
    y0 = torch.full((batch, 3), 0.1, dtype=torch.float64)
    bm = torchsde.BrownianInterval(t0=0.0, t1=1.0, size=(batch, 2), dtype=torch.float64,
                                   entropy=7)
    with torch.no_grad():
        seconds, ys = timed(lambda: torchsde.sdeint(Linear(), y0, ts20, bm=bm, method="euler",
                                                    dt=dt), 3)
        ref = torchsde.sdeint(Linear(), y0, torch.tensor([0.0, 1.0], dtype=torch.float64),
                              bm=bm, method="euler", dt=1e-5)
        err = (ys[-1] - ref[-1]).abs().mean().item()
    rows.append({"side": "torchsde", "case": "linear_batch32", "method": "euler", "dt": dt,
                 "seconds": seconds, "strong_error": err, "trajectories": batch})

    gbm("gbm_10000", 10000, torch.tensor([0.0, 1.0], dtype=torch.float64), 1)
    rows.append({"side": "torchsde", "case": "machine", "torch": torch.__version__,
                 "torchsde": torchsde.__version__, "torch_threads": threads})
    return rows


METHOD_PAIRS = {"euler": "EulerMaruyama", "milstein": "ItoMilstein", "srk": "SRIW1"}


STEPS = 1000  # t in [0, 1] at dt = 1e-3: the nominal steps per path of every case


def per_path_step_ns(row):
    return row["seconds"] / (row["trajectories"] * STEPS) * 1e9


def merge(torch_rows, odekit_rows, json_path, markdown_path, command):
    table = []
    for t in torch_rows:
        if t["case"] == "machine":
            continue
        for o in odekit_rows:
            if o["case"] != t["case"] or o["method"] != METHOD_PAIRS[t["method"]]:
                continue
            table.append({"case": t["case"], "trajectories": t["trajectories"], "dt": t["dt"],
                          "torchsde_method": t["method"], "odekit_method": o["method"],
                          "odekit_variant": o.get("variant", ""),
                          "torchsde_seconds": t["seconds"], "odekit_seconds": o["seconds"],
                          "torchsde_ns_per_path_step": per_path_step_ns(t),
                          "odekit_ns_per_path_step": per_path_step_ns(o),
                          "speedup": t["seconds"] / o["seconds"],
                          "torchsde_strong_error": t["strong_error"],
                          "odekit_strong_error": o["strong_error"]})
    machine = {"platform": platform.platform(), "python": sys.version.split()[0]}
    for r in torch_rows + odekit_rows:
        if r["case"] == "machine":
            machine.update({k: v for k, v in r.items() if k not in ("side", "case")})
    with open(json_path, "w") as f:
        json.dump({"command": command, "machine": machine, "comparison": table,
                   "torchsde": torch_rows, "odekit": odekit_rows}, f, indent=2)
    lines = [
        "| case | paths | method (torchsde / odekit) | odekit variant | torchsde s/solve | "
        "odekit s/solve | torchsde ns/path-step | odekit ns/path-step | speedup | "
        "strong error torchsde | strong error odekit |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in table:
        lines.append(
            f"| {r['case']} | {r['trajectories']} | {r['torchsde_method']} / {r['odekit_method']}"
            f" | {r['odekit_variant']} | {r['torchsde_seconds']:.3g} | {r['odekit_seconds']:.3g}"
            f" | {r['torchsde_ns_per_path_step']:.3g} | {r['odekit_ns_per_path_step']:.3g}"
            f" | {r['speedup']:.0f}x | {r['torchsde_strong_error']:.2e}"
            f" | {r['odekit_strong_error']:.2e} |")
    with open(markdown_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return machine, lines


def replace_docs_block(path, key, body):
    """Replaces the text between <!-- begin:KEY --> and <!-- end:KEY --> in a Markdown file, as
    the C++ runners do (benchmarks/common/work_precision.hpp)."""
    begin, end = f"<!-- begin:{key} -->", f"<!-- end:{key} -->"
    with open(path) as f:
        text = f.read()
    block = begin + "\n" + body + end
    b, e = text.find(begin), text.find(end)
    if b >= 0 and e > b:
        text = text[:b] + block + text[e + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--odekit", help="odekit side's JSON lines (sde_torchsde_cases output)")
    ap.add_argument("--json", default="sde_torchsde.json")
    ap.add_argument("--markdown", default="sde_torchsde.md")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--command", default="")
    ap.add_argument("--docs", help="Markdown file whose sde_torchsde block gets the table")
    args = ap.parse_args()
    try:
        rows = torch_cases(args.threads)
    except ImportError as e:
        sys.exit(f"torch/torchsde not importable ({e}): run benchmarks/sde/install_torchsde.sh")
    for r in rows:
        print(json.dumps(r))
    if args.odekit:
        with open(args.odekit) as f:
            odekit_rows = [json.loads(line) for line in f if line.strip()]
        machine, lines = merge(rows, odekit_rows, args.json, args.markdown, args.command)
        if args.docs:
            described = ", ".join(f"{k} {v}" for k, v in machine.items())
            replace_docs_block(args.docs, "sde_torchsde",
                               f"Command: `{args.command}`; {described}.\n\n" +
                               "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
