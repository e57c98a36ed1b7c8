#pragma once
// DiscreteAdjointStep<Method>: the reverse of one accepted step of Method, which
// DiscreteAdjoint needs. A method has one when this template is specialised for it with
// `available = true` and a nested Engine<Problem> offering
//
//   Engine(const Problem&, const Options&, VjpWorkspace<F>&, const detail::LossTerms&)
//   Status advance(Problem&, double t, double dt, const double* y, double* y1, Stats&)
//   void reverse(Problem&, double t, double dt, const double* y,
//                std::span<const SaveInStep> saves, double* ybar, double* pbar,
//                double& value, Stats&)
//
// advance() repeats the step (t, y) -> (t + dt, y1); reverse() maps the cotangent ybar of
// y1 to that of y and adds the step's contribution to pbar, evaluating the loss at the
// saves of the step (interpolated inside it, or y1 at its end) and the running cost by the
// method's own quadrature. The step sizes of the forward pass are constants here.
//
// Explicit Runge–Kutta methods have one (explicit_rk_adjoint.hpp). Extension point for
// Rosenbrock methods: stages solve W k_i = dt f(Y_i) + dt J sum_j gamma_ij k_j with
// W = I - gamma dt J, so the reverse step solves with W^T (the transposed Linearization
// of adjoint_rhs.hpp) and needs the directional second derivative (d/dy)(J^T w) v, which
// dual numbers over the vjp provide.

#include <cstddef>

namespace odekit {

/// One save time inside a step: save index i at time t; at_end when t is the step's end.
struct SaveInStep {
  std::size_t index;
  double t;
  bool at_end;
};

template <class Method>
struct DiscreteAdjointStep {
  static constexpr bool available = false;
};

}  // namespace odekit
