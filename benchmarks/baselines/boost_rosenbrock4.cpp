// Compiled as C++17 (see CMakeLists.txt): Boost 1.74's uBLAS predates C++20's allocator.
#include "baselines/boost_rosenbrock4.hpp"

#include <boost/numeric/odeint.hpp>

namespace odekit_bench {

namespace {

namespace ublas = boost::numeric::ublas;

struct System {
  const StiffCallbacks* callbacks;
  long* nf;
  void operator()(const ublas::vector<double>& x, ublas::vector<double>& dxdt, double t) const {
    callbacks->f(t, &x[0], &dxdt[0]);
    ++*nf;
  }
};

struct Jacobian {
  const StiffCallbacks* callbacks;
  std::vector<double>* column_major;
  long* njac;
  void operator()(const ublas::vector<double>& x, ublas::matrix<double>& J, double t,
                  ublas::vector<double>& dfdt) const {
    const std::size_t n = x.size();
    callbacks->jacobian(t, &x[0], column_major->data(), &dfdt[0]);
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t i = 0; i < n; ++i) J(i, j) = (*column_major)[j * n + i];
    ++*njac;
  }
};

}  // namespace

RunResult run_boost_rosenbrock4(std::size_t n, const StiffCallbacks& callbacks,
                                const std::vector<double>& y0, double t0, double t1, double rtol,
                                double atol) {
  namespace odeint = boost::numeric::odeint;
  RunResult r;
  ublas::vector<double> x(n);
  std::copy(y0.begin(), y0.end(), x.begin());
  std::vector<double> column_major(n * n);
  auto stepper = odeint::make_controlled(atol, rtol, odeint::rosenbrock4<double>());
  // No automatic initial step in Boost.Odeint: start small and let the controller grow it.
  r.steps = static_cast<long>(odeint::integrate_adaptive(
      stepper,
      std::make_pair(System{&callbacks, &r.nf}, Jacobian{&callbacks, &column_major, &r.njac}), x,
      t0, t1, 1e-6));
  r.y.assign(x.begin(), x.end());
  return r;
}

}  // namespace odekit_bench
