#pragma once
// Work counters, incremented where the work happens (the RHS wrapper counts nf, the
// linear solver counts factorisations, the integrator counts accepted and rejected steps).
// One X-macro list generates the fields, so files, printing and bindings see every counter.

namespace odekit {

#define ODEKIT_STATS_LIST(X)                                       \
  X(nf, "right-hand side evaluations")                             \
  X(njac, "Jacobian evaluations")                                  \
  X(njvp, "Jacobian-vector products")                              \
  X(nvjp, "vector-Jacobian products")                              \
  X(nfactor, "matrix factorisations and preconditioner set-ups")   \
  X(nlinsolve, "linear solves")                                    \
  X(nlinear_iter, "Krylov iterations")                             \
  X(nnewton, "Newton iterations")                                  \
  X(nnewton_fail, "Newton convergence failures")                   \
  X(naccept, "accepted steps")                                     \
  X(nreject, "rejected steps (error test or recoverable failure)") \
  X(nswitch, "method switches of the auto-switching default")

struct Stats {
#define ODEKIT_STATS_FIELD(field, doc) long field = 0;
  ODEKIT_STATS_LIST(ODEKIT_STATS_FIELD)
#undef ODEKIT_STATS_FIELD

  Stats& operator+=(const Stats& o) noexcept {
#define ODEKIT_STATS_ADD(field, doc) field += o.field;
    ODEKIT_STATS_LIST(ODEKIT_STATS_ADD)
#undef ODEKIT_STATS_ADD
    return *this;
  }
  friend bool operator==(const Stats&, const Stats&) = default;
};

}  // namespace odekit
