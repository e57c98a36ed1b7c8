#pragma once
// A switch of the auto-switching default between its non-stiff and stiff methods.

#include <string_view>

namespace odekit {

struct MethodSwitch {
  double t;                 ///< time of the switch: the step from t on is taken by `method`
  std::string_view method;  ///< name of the method taking over ("Tsit5", "Rodas5P")
};

}  // namespace odekit
