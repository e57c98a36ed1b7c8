#pragma once
// Status codes of the integrators. One X-macro list generates the enum and the message
// table so the two never drift apart. Sign convention (as in SUNDIALS): zero is success,
// positive values are recoverable inside a step (the integrator retries with a smaller
// step), negative values are terminal and end the solve with a message that says what to do.

#include <string_view>

namespace odekit {

#define ODEKIT_STATUS_LIST(X)                                                                  \
  X(success, 0, "success")                                                                     \
  X(step_rejected, 1, "step rejected by the error control; retried with a smaller step")       \
  X(rhs_not_finite_recoverable, 2,                                                             \
    "the right-hand side returned NaN or Inf; step retried with a smaller step")               \
  X(newton_not_converged, 3,                                                                   \
    "Newton iteration did not converge; step retried with a smaller step")                     \
  X(linear_solve_failed_recoverable, 4,                                                        \
    "linear solve failed (singular iteration matrix?); step retried with a smaller step")      \
  X(linear_solve_not_converged, 5,                                                             \
    "iterative linear solve missed its tolerance; step retried with a smaller step (a better " \
    "preconditioner or larger restart or max_iterations avoids this)")                         \
  X(max_steps_reached, -1,                                                                     \
    "max_steps reached before the end of the time span: raise Options::max_steps, loosen the " \
    "tolerances, or use a stiff method if the problem is stiff")                               \
  X(dt_below_min, -2,                                                                          \
    "the step size fell below dtmin: the problem may be stiff (use a stiff method), have a "   \
    "singularity, or dtmin may be too large")                                                  \
  X(rhs_not_finite, -3,                                                                        \
    "the right-hand side returned NaN or Inf and smaller steps did not help: check f for "     \
    "divisions by zero, logs of negative values or a blow-up of the solution")                 \
  X(newton_failed, -4,                                                                         \
    "Newton iteration failed repeatedly even with small steps: check the Jacobian, or loosen " \
    "the tolerances")                                                                          \
  X(linear_solve_failed, -5,                                                                   \
    "the iteration matrix stayed singular after repeated step reductions: check the Jacobian " \
    "and the problem's well-posedness")                                                        \
  X(user_stopped, -6, "the user's callback asked to stop")                                     \
  X(external_solver_failed, -7, "the external solver (SUNDIALS) reported a failure")           \
  X(internal_error, -99, "internal error in odekit: please report it with a minimal reproducer")

enum class Status : int {
#define ODEKIT_STATUS_ENUM(name, value, message) name = value,
  ODEKIT_STATUS_LIST(ODEKIT_STATUS_ENUM)
#undef ODEKIT_STATUS_ENUM
};

/// The fixed message of a status: what happened and what to do about it.
constexpr std::string_view message(Status s) noexcept {
  switch (s) {
#define ODEKIT_STATUS_MESSAGE(name, value, message) \
  case Status::name:                                \
    return message;
    ODEKIT_STATUS_LIST(ODEKIT_STATUS_MESSAGE)
#undef ODEKIT_STATUS_MESSAGE
  }
  return "unknown status";
}

/// The enumerator's name, e.g. "max_steps_reached" (used in files and Python).
constexpr std::string_view name(Status s) noexcept {
  switch (s) {
#define ODEKIT_STATUS_NAME(name, value, message) \
  case Status::name:                             \
    return #name;
    ODEKIT_STATUS_LIST(ODEKIT_STATUS_NAME)
#undef ODEKIT_STATUS_NAME
  }
  return "unknown";
}

constexpr bool is_recoverable(Status s) noexcept {
  return static_cast<int>(s) > 0;
}
constexpr bool is_terminal(Status s) noexcept {
  return static_cast<int>(s) < 0;
}

/// The terminal status a recoverable failure becomes when smaller steps stop helping.
constexpr Status terminal_of(Status s) noexcept {
  switch (s) {
    case Status::rhs_not_finite_recoverable:
      return Status::rhs_not_finite;
    case Status::newton_not_converged:
      return Status::newton_failed;
    case Status::linear_solve_failed_recoverable:
    case Status::linear_solve_not_converged:
      return Status::linear_solve_failed;
    case Status::step_rejected:
      return Status::dt_below_min;
    default:
      return is_terminal(s) ? s : Status::internal_error;
  }
}

}  // namespace odekit
