#pragma once
// DiscreteAdjointStep<Method>: the reverse of one accepted step of Method, which
// DiscreteAdjoint needs. A method has one when this template is specialised for it with
// `available = true`, `accepts<F>` (whether it can differentiate f; `requirement` says what
// it needs when not) and a nested Engine<Problem> offering
//
//   Engine(const Problem&, const Options&, VjpWorkspace<F>&, const detail::LossTerms&)
//   Status advance(Problem&, double t, double dt, const double* y, double* y1, Stats&)
//   void reverse(Problem&, double t, double dt, const double* y,
//                std::span<const SaveInStep> saves, double* ybar, double* pbar,
//                double& value, Stats&)
//   Status status() const        (optional: the first failure of a reverse step)
//
// advance() repeats the step (t, y) -> (t + dt, y1); reverse() maps the cotangent ybar of
// y1 to that of y and adds the step's contribution to pbar, evaluating the loss at the
// saves of the step (interpolated inside it, or y1 at its end) and the running cost by a
// quadrature of the method's own. The step sizes of the forward pass are constants here.
//
// Explicit Runge–Kutta methods (explicit_rk_adjoint.hpp) and Rosenbrock methods
// (rosenbrock_adjoint.hpp) have one. Multistep methods (BDF, CVODE_BDF) and ESDIRK methods
// do not: their steps depend on a history or on Newton iterations a reverse pass would
// have to differentiate too.

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
