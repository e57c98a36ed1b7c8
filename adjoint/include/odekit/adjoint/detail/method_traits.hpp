#pragma once
// What gradient() asks of a method object, for one-step methods (constants of the type) and
// multistep ones (BDF and CVODE_BDF: settings objects) alike.

#include <string_view>

namespace odekit::detail {

/// The method's name: a constant of its type, or its settings' name() (BDF or NDF).
template <class Method>
constexpr std::string_view method_name(const Method& method) {
  if constexpr (requires { method.name(); }) {
    return method.name();
  } else {
    return Method::name;
  }
}

/// A variable-order multistep method (its settings name a highest order).
template <class Method>
concept Multistep = requires(const Method& m) {
  m.max_order;
};

/// A method that solves linear systems with df/dy: a Rosenbrock or ESDIRK method (W = I -
/// gamma dt J) or a multistep one (Newton).
template <class Method>
concept Implicit = Multistep<Method> || requires {
  Method::gamma;
};

/// The order of the method's dense output: its interpolant's, or for a variable-order
/// multistep method the highest order it may use.
template <class Method>
constexpr int dense_order(const Method& method) {
  if constexpr (Multistep<Method>) {
    return method.max_order;
  } else {
    return Method::dense_order;
  }
}

}  // namespace odekit::detail
