#pragma once
// y' = -k y with a hand-written Jacobian of the wrong sign (the classic bug in a user jac):
// simplified Newton diverges unless the step is tiny, for the Newton-failure tests.

namespace odekit_test {

struct WrongSignJacobian {
  template <class T, class Y, class P, class D>
  void operator()(T, const Y& y, const P& p, D&& dydt) const {
    dydt[0] = -p[0] * y[0];
  }
  template <class T, class Y, class P, class View>
  void jac(T, const Y&, const P& p, View&& J) const {
    J(0, 0) = p[0];
  }
};

}  // namespace odekit_test
