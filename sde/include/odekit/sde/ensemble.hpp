#pragma once
// Ensembles: N trajectories of one SDE on independent Brownian paths, run on all cores, with
// the mean and variance of every component at the save times.
//
// Reproducibility: trajectory i runs on a path seeded with derive_seed(options.seed, i)
// (Philox keyed by the seed, counter = i), whatever thread runs it. Trajectories are grouped in
// fixed blocks of kBlock consecutive indices; each block accumulates Welford's running mean
// and sum of squared deviations (Welford 1962) in index order, and the blocks are merged in
// block order with the pairwise update of Chan, Golub & LeVeque (1979). The grouping depends
// on N only, so the statistics are bitwise identical for any number of threads.
//
// Trajectories that fail (a terminal status) are left out of the statistics and counted; the
// ensemble's status is the first failure by index, with its message.
//
// solve_ensemble_simd() runs the same fixed-step ensemble (on EnsemblePath::fixed_grid or
// grid_bridge) with W = Method::simd_lanes trajectories per call of the drift, the diffusion
// and the method (detail/lane_runner.hpp), and gives the same results bit for bit (with the
// floating-point contraction that the odekit::sde target turns off); its drift and diffusion
// must be generic enough to run on Lanes<T, W> (lanes.hpp).

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "odekit/core/format.hpp"
#include "odekit/sde/detail/lane_runner.hpp"
#include "odekit/sde/fixed_grid_brownian_path.hpp"
#include "odekit/sde/gaussian.hpp"
#include "odekit/sde/grid_bridge_brownian_path.hpp"
#include "odekit/sde/sde_integrator.hpp"
#include "odekit/sde/sde_options.hpp"
#include "odekit/sde/sde_problem.hpp"
#include "odekit/sde/sde_solution.hpp"
#include "odekit/sde/sde_solve.hpp"
#include "odekit/sde/virtual_brownian_tree.hpp"

namespace odekit {

/// Which Brownian path each trajectory gets.
enum class EnsemblePath {
  virtual_tree,  ///< a VirtualBrownianTree (any step sequence, adaptive included)
  fixed_grid,    ///< a FixedGridBrownianPath on the step grid of options.dt (fixed steps only)
  /// a GridBridgeBrownianPath on the step grid of options.dt (fixed steps; save times anywhere)
  grid_bridge,
};

struct EnsembleOptions {
  std::size_t trajectories = 1000;
  /// Worker threads; 0 uses every core (std::thread::hardware_concurrency()).
  unsigned threads = 0;
  EnsemblePath path = EnsemblePath::virtual_tree;
  /// Keep every trajectory's saved states (paths()), not only the statistics.
  bool keep_paths = false;
};

template <class T>
struct BasicEnsembleSolution {
  using value_type = T;

  std::vector<T> t;                  ///< save times
  std::vector<std::vector<T>> mean;  ///< mean[i][j]: component j at t[i]
  std::vector<std::vector<T>> var;   ///< unbiased sample variance (0 with fewer than 2 paths)
  /// Every trajectory's saved states, [trajectory][time][component] flattened (keep_paths).
  std::vector<T> paths;
  std::size_t trajectories = 0;
  std::size_t state_size = 0;
  std::size_t failed = 0;  ///< trajectories left out of the statistics
  Status status = Status::success;
  std::string message = "success";
  SdeStats stats;  ///< summed over trajectories
  std::string method;
  std::uint64_t seed = 0;

  bool ok() const noexcept { return status == Status::success; }
  /// Trajectory k's state component j at t[i] (keep_paths).
  T path(std::size_t k, std::size_t i, std::size_t j) const {
    return paths.at((k * t.size() + i) * state_size + j);
  }
};

using EnsembleSolution = BasicEnsembleSolution<double>;

namespace detail {

inline constexpr std::size_t kEnsembleBlock = 64;

/// Welford accumulators of one block: count, mean and M2 per (time, component).
template <class T>
struct Moments {
  double count = 0;
  std::vector<T> mean, m2;

  /// Adds one trajectory's saved states (flat, time-major).
  void add(std::span<const T> y) {
    count += 1;
    for (std::size_t q = 0; q < y.size(); ++q) {
      const T delta = y[q] - mean[q];
      mean[q] += delta / static_cast<T>(count);
      m2[q] += delta * (y[q] - mean[q]);
    }
  }
  void merge(const Moments& o) {
    if (o.count == 0) return;
    const double n = count + o.count;
    for (std::size_t q = 0; q < mean.size(); ++q) {
      const T delta = o.mean[q] - mean[q];
      mean[q] += delta * static_cast<T>(o.count / n);
      m2[q] += o.m2[q] + delta * delta * static_cast<T>(count * o.count / n);
    }
    count = n;
  }
};

/// The ensemble driver; Simd: packs of Method::simd_lanes trajectories on the fixed grid.
template <bool Simd, class F, class G, class T, class Method>
BasicEnsembleSolution<T> solve_ensemble(const SdeProblem<F, G, T>& problem, const Method& method,
                                        const SdeOptions& options,
                                        const EnsembleOptions& ensemble) {
  const bool on_grid = ensemble.path != EnsemblePath::virtual_tree;
  if (Simd && !on_grid) {
    throw std::invalid_argument(
        "path = EnsemblePath::virtual_tree: solve_ensemble_simd runs fixed steps on "
        "EnsemblePath::fixed_grid or EnsemblePath::grid_bridge; set {.path = "
        "EnsemblePath::grid_bridge} or call solve_ensemble");
  }
  if (options.brownian) {
    throw std::invalid_argument(
        "brownian is set: an ensemble draws one path per trajectory from options.seed; leave "
        "brownian empty");
  }
  if (ensemble.trajectories == 0) {
    throw std::invalid_argument("trajectories = 0: an ensemble needs at least one trajectory");
  }
  SdeProblem<F, G, T> checked = problem;
  validate(checked);
  SdeOptions o = options;
  if (o.saveat.empty())
    o.saveat = {static_cast<double>(problem.t0()), static_cast<double>(problem.t1())};
  o.save_everystep = false;
  const double t0 = static_cast<double>(problem.t0()), t1 = static_cast<double>(problem.t1());
  const std::size_t d = problem.size(), m = problem.brownian_dim();
  const std::size_t nt = o.saveat.size(), N = ensemble.trajectories;

  std::size_t grid_steps = 0;
  if (on_grid) {
    const std::string path_name = ensemble.path == EnsemblePath::fixed_grid
                                      ? "EnsemblePath::fixed_grid"
                                      : "EnsemblePath::grid_bridge";
    if (!o.dt) throw std::invalid_argument("dt is not set: " + path_name + " needs the fixed step");
    const double steps = (t1 - t0) / *o.dt;
    if (std::abs(steps - std::nearbyint(steps)) > 1e-9 * steps) {
      throw std::invalid_argument("dt = " + detail::num(*o.dt) + " does not divide tspan: " +
                                  path_name + " needs (t1 - t0) / dt to be an integer");
    }
    grid_steps = static_cast<std::size_t>(std::nearbyint(steps));
  }
  // Fail on bad options once, here, rather than in every worker.
  {
    SdeOptions probe_options = o;
    if (ensemble.path == EnsemblePath::fixed_grid) {
      probe_options.adaptive = false;
      const FixedGridBrownianPath probe(t0, *o.dt, grid_steps, m, 0, Method::needs_levy_area);
      SdeIntegrator check(problem, method, probe, probe_options);
    } else if (ensemble.path == EnsemblePath::grid_bridge) {
      probe_options.adaptive = false;
      const GridBridgeBrownianPath probe(t0, *o.dt, grid_steps, m, 0, o.brownian_tol);
      SdeIntegrator check(problem, method, probe, probe_options);
    } else {
      const VirtualBrownianTree probe(t0, t1, m, 0, o.brownian_tol);
      SdeIntegrator check(problem, method, probe, probe_options);
    }
  }

  BasicEnsembleSolution<T> out;
  out.t.assign(o.saveat.begin(), o.saveat.end());
  out.trajectories = N;
  out.state_size = d;
  out.method = std::string(Method::name);
  out.seed = o.seed;
  if (ensemble.keep_paths) out.paths.assign(N * nt * d, T(0));

  const std::size_t blocks = (N + detail::kEnsembleBlock - 1) / detail::kEnsembleBlock;
  std::vector<detail::Moments<T>> moments(blocks);
  std::vector<SdeStats> block_stats(blocks);
  std::vector<Status> status(N, Status::success);
  std::vector<std::string> messages(N);  // filled only for failed trajectories
  std::atomic<std::size_t> next_block{0};

  // What trajectory k produced, whichever engine computed it: its counters and status, and its
  // saved states into its block's statistics (in index order within the block).
  auto record = [&](std::size_t b, std::size_t k, Status s, const SdeStats& stats, double fail_t,
                    std::span<const T> ys, const SdeOptions& wo) {
    block_stats[b] += stats;
    status[k] = s;
    if (s != Status::success) {
      messages[k] = detail::failure_detail(s, fail_t, wo.max_steps, wo.dtmin, kDriftOrDiffusion);
      return;
    }
    moments[b].add(ys);
    if (ensemble.keep_paths) std::copy(ys.begin(), ys.end(), out.paths.begin() + k * nt * d);
  };

  // One path and one integrator per thread, reseeded and restarted for every trajectory: no
  // allocation and no validation per trajectory.
  auto worker_on = [&]<class Path>(Path path, const SdeOptions& wo) {
    SdeIntegrator integ(problem, method, path, wo);
    std::vector<T> ys(nt * d);
    auto solve_one = [&](std::size_t b, std::size_t k) {
      path.reseed(derive_seed(o.seed, k));
      integ.restart(path);
      std::size_t saved = 0;
      auto save_due = [&] {
        while (saved < nt && static_cast<T>(wo.saveat[saved]) <= integ.t()) {
          std::copy(integ.y().begin(), integ.y().end(), ys.begin() + saved * d);
          ++saved;
        }
      };
      save_due();
      while (!integ.done() && integ.step() == Status::success) save_due();
      record(b, k, integ.status(), integ.stats(), static_cast<double>(integ.failure_time()), ys,
             wo);
    };
    // Blocks of kEnsembleBlock trajectories, taken by whichever thread is free.
    auto for_each_block = [&](auto&& solve_block) {
      for (;;) {
        const std::size_t b = next_block.fetch_add(1);
        if (b >= blocks) return;
        moments[b].mean.assign(nt * d, T(0));
        moments[b].m2.assign(nt * d, T(0));
        const std::size_t first = b * detail::kEnsembleBlock;
        solve_block(b, first, std::min(N, first + detail::kEnsembleBlock));
      }
    };
    if constexpr (Simd) {
      constexpr std::size_t W = Method::simd_lanes;
      static_assert(detail::kEnsembleBlock % W == 0, "a block holds whole packs");
      detail::LaneRunner<F, G, T, Method, W> lanes(problem, path, wo);
      for_each_block([&](std::size_t b, std::size_t first, std::size_t last) {
        for (std::size_t k = first; k < last; k += W) {
          const std::size_t n = std::min(W, last - k);
          std::uint64_t seeds[W];
          for (std::size_t l = 0; l < n; ++l) seeds[l] = derive_seed(o.seed, k + l);
          if (lanes.run(seeds, n)) {
            for (std::size_t l = 0; l < n; ++l) {
              record(b, k + l, Status::success, lanes.stats(), 0.0, lanes.saved(l), wo);
            }
          } else {
            for (std::size_t l = 0; l < n; ++l) solve_one(b, k + l);  // reports the failure
          }
        }
      });
    } else {
      for_each_block([&](std::size_t b, std::size_t first, std::size_t last) {
        for (std::size_t k = first; k < last; ++k) solve_one(b, k);
      });
    }
  };
  auto worker = [&] {
    SdeOptions wo = o;
    wo.adaptive = false;
    if (ensemble.path == EnsemblePath::fixed_grid) {
      worker_on(FixedGridBrownianPath(t0, *o.dt, grid_steps, m, 0, Method::needs_levy_area), wo);
    } else if (ensemble.path == EnsemblePath::grid_bridge) {
      worker_on(GridBridgeBrownianPath(t0, *o.dt, grid_steps, m, 0, o.brownian_tol), wo);
    } else if constexpr (!Simd) {
      worker_on(VirtualBrownianTree(t0, t1, m, 0, o.brownian_tol), o);
    }
  };
  unsigned threads = ensemble.threads ? ensemble.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(blocks)));
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();

  detail::Moments<T> total;
  total.mean.assign(nt * d, T(0));
  total.m2.assign(nt * d, T(0));
  for (std::size_t b = 0; b < blocks; ++b) {
    total.merge(moments[b]);
    out.stats += block_stats[b];
  }
  out.mean.assign(nt, std::vector<T>(d));
  out.var.assign(nt, std::vector<T>(d));
  for (std::size_t i = 0; i < nt; ++i) {
    for (std::size_t j = 0; j < d; ++j) {
      out.mean[i][j] = total.mean[i * d + j];
      out.var[i][j] =
          total.count > 1 ? total.m2[i * d + j] / static_cast<T>(total.count - 1) : T(0);
    }
  }
  for (std::size_t k = 0; k < N; ++k) {
    if (status[k] == Status::success) continue;
    if (out.failed++ == 0) {
      out.status = status[k];
      out.message = "trajectory " + std::to_string(k) + ": " + messages[k];
    }
  }
  if (out.failed > 0) {
    out.message = std::to_string(out.failed) + " of " + std::to_string(N) +
                  " trajectories failed and are left out of the statistics; first " + out.message;
  }
  return out;
}

}  // namespace detail

/// Solves N independent trajectories (ensemble.trajectories) of the problem with the method.
/// options.saveat gives the save times ({t0, t1} when empty); options.seed the ensemble's
/// seed; options.brownian must be empty (every trajectory gets its own path). Throws
/// std::invalid_argument naming the argument on misuse.
template <class F, class G, class T, class Method>
BasicEnsembleSolution<T> solve_ensemble(const SdeProblem<F, G, T>& problem, const Method& method,
                                        const SdeOptions& options,
                                        const EnsembleOptions& ensemble) {
  return detail::solve_ensemble<false>(problem, method, options, ensemble);
}

/// solve_ensemble() on EnsemblePath::fixed_grid or grid_bridge (required) with fixed steps of
/// options.dt, Method::simd_lanes (64, or 32 for the SRI and SRA methods) trajectories at a time
/// in SIMD lanes: the same results bit for bit, several times faster. The drift and diffusion
/// are called with Lanes<T, Method::simd_lanes> values (lanes.hpp), so they must be generic
/// and must not branch on the state. A pack in which any trajectory fails
/// is solved again one trajectory at a time, which reports the failure as solve_ensemble does.
template <class F, class G, class T, class Method>
BasicEnsembleSolution<T> solve_ensemble_simd(const SdeProblem<F, G, T>& problem,
                                             const Method& method, const SdeOptions& options,
                                             const EnsembleOptions& ensemble) {
  return detail::solve_ensemble<true>(problem, method, options, ensemble);
}

}  // namespace odekit
