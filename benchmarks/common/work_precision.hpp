#pragma once
// Work-precision records (DiffEqDevTools' WorkPrecision): for each solver, problem and
// tolerance pair the achieved error, the work counters and the time; JSON and Markdown
// output; and the time ratio of two solvers at equal achieved error.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace odekit_bench {

struct Point {
  std::string problem, solver;
  double rtol = 0, atol = 0;
  double error = 0;  ///< ||y(t1) - reference||_2
  double mescd = 0;  ///< significant digits (Bari test set metric)
  long nf = 0, steps = 0, njac = 0, nfactor = 0;
  double seconds = 0;
  bool ok = true;
  double dt = 0;  ///< the fixed step of a fixed-step run (0: adaptive)
  long ng = 0;    ///< SDE runs: diffusion evaluations
};

inline std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

inline void write_json(const std::vector<Point>& points, const std::string& path,
                       const std::string& machine) {
  std::ofstream out(path);
  out << "{\n  \"machine\": \"" << json_escape(machine) << "\",\n  \"points\": [\n";
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Point& p = points[i];
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "    {\"problem\": \"%s\", \"solver\": \"%s\", \"rtol\": %.1e, \"atol\": %.1e, "
                  "\"error\": %.6e, \"mescd\": %.3f, \"nf\": %ld, \"steps\": %ld, \"njac\": %ld, "
                  "\"nfactor\": %ld, \"seconds\": %.6e, \"ok\": %s, \"dt\": %.6e, \"ng\": %ld}%s\n",
                  json_escape(p.problem).c_str(), json_escape(p.solver).c_str(), p.rtol, p.atol,
                  p.error, p.mescd, p.nf, p.steps, p.njac, p.nfactor, p.seconds,
                  p.ok ? "true" : "false", p.dt, p.ng, i + 1 < points.size() ? "," : "");
    out << buf;
  }
  out << "  ]\n}\n";
}

/// log(time) at a given log(error) on a solver's work-precision curve, by linear
/// interpolation between the neighbouring points; empty outside the curve's error range.
inline std::optional<double> time_at_error(const std::vector<Point>& curve, double error) {
  std::vector<const Point*> pts;
  for (const auto& p : curve)
    if (p.ok && p.error > 0) pts.push_back(&p);
  std::sort(pts.begin(), pts.end(), [](auto a, auto b) { return a->error < b->error; });
  const double le = std::log(error);
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
    const double l0 = std::log(pts[i]->error), l1 = std::log(pts[i + 1]->error);
    if (le >= l0 && le <= l1) {
      const double w = l1 == l0 ? 0 : (le - l0) / (l1 - l0);
      return std::exp((1 - w) * std::log(pts[i]->seconds) + w * std::log(pts[i + 1]->seconds));
    }
  }
  return std::nullopt;
}

/// The largest error on a curve and the time of its fastest point (its successful runs).
inline double loosest_error(const std::vector<Point>& curve) {
  double e = 0;
  for (const auto& p : curve)
    if (p.ok) e = std::max(e, p.error);
  return e;
}
inline std::optional<double> fastest_time(const std::vector<Point>& curve) {
  std::optional<double> t;
  for (const auto& p : curve)
    if (p.ok && (!t || p.seconds < *t)) t = p.seconds;
  return t;
}

struct Ratio {
  std::string problem, baseline;
  double error = 0, baseline_seconds = 0, best_seconds = 0;
  std::string best_solver;
  bool bound = false;  ///< best_seconds is the time of a run more accurate than `error`
  double speedup() const { return baseline_seconds / best_seconds; }
};

/// At each of the baseline's points, the fastest of the candidate solvers at the same
/// achieved error (interpolated on its curve) and the time ratio baseline / best. With
/// bound_beyond_curves, a candidate whose every point is more accurate than the baseline's
/// counts with the time of its fastest point (an upper bound: the ratio is a lower bound), so
/// that a baseline point looser than every candidate still gets a ratio. Baseline points no
/// candidate reaches have no ratio.
inline std::vector<Ratio> equal_error_ratios(const std::vector<Point>& points,
                                             const std::string& problem,
                                             const std::string& baseline,
                                             const std::vector<std::string>& candidates,
                                             bool bound_beyond_curves = false) {
  std::map<std::string, std::vector<Point>> curves;
  for (const auto& p : points)
    if (p.problem == problem) curves[p.solver].push_back(p);
  std::vector<Ratio> ratios;
  for (const auto& b : curves[baseline]) {
    if (!b.ok || b.error <= 0) continue;
    Ratio r{problem, baseline, b.error, b.seconds, std::numeric_limits<double>::infinity(), ""};
    for (const auto& c : candidates) {
      auto t = time_at_error(curves[c], b.error);
      const bool bound = !t && bound_beyond_curves && loosest_error(curves[c]) < b.error;
      if (bound) t = fastest_time(curves[c]);
      if (t && *t < r.best_seconds) {
        r.best_seconds = *t;
        r.best_solver = c;
        r.bound = bound;
      }
    }
    if (!r.best_solver.empty()) ratios.push_back(r);
  }
  return ratios;
}

/// Replaces the text between <!-- begin:KEY --> and <!-- end:KEY --> in a Markdown file
/// (appending the block when absent), so each benchmark owns its section.
inline void replace_markdown_block(const std::string& path, const std::string& key,
                                   const std::string& body) {
  std::string text;
  {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  const std::string begin = "<!-- begin:" + key + " -->", end = "<!-- end:" + key + " -->";
  const std::string block = begin + "\n" + body + end;
  const auto b = text.find(begin), e = text.find(end);
  if (b != std::string::npos && e != std::string::npos && e > b) {
    text.replace(b, e + end.size() - b, block);
  } else {
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += "\n" + block + "\n";
  }
  std::ofstream(path) << text;
}

}  // namespace odekit_bench
