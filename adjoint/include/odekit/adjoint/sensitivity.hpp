#pragma once
// How gradient() differentiates a solve: one small settings object per sensitivity method
// (Diffrax's adjoint objects; SciMLSensitivity's sensealg). docs/adjoint.md compares them.
//
//   ForwardSensitivity    y and S = dy/d(y0, p) solved together (dual numbers); exact to the
//                         tolerance, cost grows with n (n + p); best for small n + p
//   DiscreteAdjoint       exact gradient of the discrete solve (reverse pass through the
//                         accepted steps), binomial checkpointing bounds the stored states
//   BacksolveAdjoint      continuous adjoint, y re-solved backward with lambda and mu: O(1)
//                         memory, unstable on stiff and chaotic problems
//   InterpolatingAdjoint  continuous adjoint, lambda and mu backward, y from the forward
//                         dense output (or from checkpoints and local re-solves)
//   QuadratureAdjoint     continuous adjoint, lambda alone backward (size n), dL/dp by
//                         Gauss–Legendre quadrature over each reverse step
//   ReversibleAdjoint     SDEs solved by ReversibleHeun: exact algebraic adjoint, O(1) memory
//   AutoSensitivity       picks one of the above (see gradient.hpp)

#include <cstddef>
#include <optional>
#include <string_view>

namespace odekit {

/// Where the vector-Jacobian products w^T df/dy, w^T df/dp come from.
enum class VjpMethod {
  automatic,  ///< user when f has vjp, else sparse when f declares jac_sparsity() and
              ///< n >= 32, else jac when f has one, else dual
  user,       ///< f.vjp(t, y, p, w, wJy, wJp)
  dual,       ///< the dense Jacobian [df/dy | df/dp] by dual numbers (small systems)
  sparse,     ///< the coloured sparse Jacobian (f.jac_sparsity(), and f.param_sparsity()
              ///< when declared) by dual numbers
  jac,        ///< df/dy from f.jac (dense), df/dp by dual numbers over the parameters
};

constexpr std::string_view name(VjpMethod m) noexcept {
  switch (m) {
    case VjpMethod::automatic:
      return "automatic";
    case VjpMethod::user:
      return "user";
    case VjpMethod::dual:
      return "dual";
    case VjpMethod::sparse:
      return "sparse";
    case VjpMethod::jac:
      return "jac";
  }
  return "unknown";
}

struct ForwardSensitivity {
  static constexpr std::string_view name = "ForwardSensitivity";
};

struct DiscreteAdjoint {
  static constexpr std::string_view name = "DiscreteAdjoint";
  /// Most states held at once for the reverse pass, the initial state included (>= 1);
  /// steps between them are recomputed on a binomial schedule. 0: keep every step.
  std::size_t checkpoints = 0;
  VjpMethod vjp = VjpMethod::automatic;
};

struct BacksolveAdjoint {
  static constexpr std::string_view name = "BacksolveAdjoint";
  /// Tolerances of the reverse solve; the forward ones when absent.
  std::optional<double> rtol{}, atol{};
  VjpMethod vjp = VjpMethod::automatic;
};

struct InterpolatingAdjoint {
  static constexpr std::string_view name = "InterpolatingAdjoint";
  /// 0: y(t) from the forward dense output. c >= 1: only c states are kept (at t0 + j
  /// (t1 - t0) / c), and each interval between them is re-solved forward, with dense
  /// output, when the reverse pass reaches it.
  std::size_t checkpoints = 0;
  std::optional<double> rtol{}, atol{};
  VjpMethod vjp = VjpMethod::automatic;
};

struct QuadratureAdjoint {
  static constexpr std::string_view name = "QuadratureAdjoint";
  /// As for InterpolatingAdjoint.
  std::size_t checkpoints = 0;
  /// Gauss–Legendre nodes per reverse step; 0 picks enough for the method's interpolant.
  int nodes = 0;
  std::optional<double> rtol{}, atol{};
  VjpMethod vjp = VjpMethod::automatic;
};

struct ReversibleAdjoint {
  static constexpr std::string_view name = "ReversibleAdjoint";
};

struct AutoSensitivity {
  static constexpr std::string_view name = "AutoSensitivity";
};

}  // namespace odekit
