#pragma once
// Markdown pieces shared by the work-precision runners: number formatting, the table of
// equal-error time ratios and the table of all points.

#include <cstdio>
#include <string>
#include <vector>

#include "common/work_precision.hpp"

namespace odekit_bench {

inline std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

/// "<=" and ">=" mark the ratios bounded by a more accurate odekit run (equal_error_ratios).
inline std::string ratio_table(const std::vector<Ratio>& ratios) {
  std::string md =
      "| problem | baseline | error | baseline [us] | odekit best | odekit [us] | speed-up |\n"
      "|---|---|---|---|---|---|---|\n";
  for (const auto& r : ratios) {
    md += "| " + r.problem + " | " + r.baseline + " | " + fmt("%.1e", r.error) + " | " +
          fmt("%.2f", r.baseline_seconds * 1e6) + " | " + r.best_solver + " | " +
          (r.bound ? "<= " : "") + fmt("%.2f", r.best_seconds * 1e6) + " | " +
          (r.bound ? ">= " : "") + fmt("%.2fx", r.speedup()) + " |\n";
  }
  return md;
}

/// One row per point; with linear_algebra, the Jacobian and factorisation counts too.
inline std::string points_table(const std::vector<Point>& points, const std::string& error_header,
                                bool linear_algebra) {
  std::string md = "| problem | solver | rtol | atol | " + error_header + " | mescd | f evals | " +
                   (linear_algebra ? "Jacobians | factorisations | " : "") +
                   "steps | time [us] |\n|---|---|---|---|---|---|---|" +
                   (linear_algebra ? "---|---|" : "") + "---|---|\n";
  for (const auto& p : points) {
    md +=
        "| " + p.problem + " | " + p.solver + (p.ok ? "" : " (failed)") + " | " +
        fmt("%.0e", p.rtol) + " | " + fmt("%.0e", p.atol) + " | " + fmt("%.2e", p.error) + " | " +
        fmt("%.2f", p.mescd) + " | " + std::to_string(p.nf) + " | " +
        (linear_algebra ? std::to_string(p.njac) + " | " + std::to_string(p.nfactor) + " | " : "") +
        std::to_string(p.steps) + " | " + fmt("%.2f", p.seconds * 1e6) + " |\n";
  }
  return md;
}

}  // namespace odekit_bench
