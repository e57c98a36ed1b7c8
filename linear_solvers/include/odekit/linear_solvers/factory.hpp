#pragma once
// Linear solvers and preconditioners by name, for runtime choice (Python, configuration files):
//   make_linear_solver("dense")                         DenseLU
//   make_linear_solver("sparse")                        SparseLU (KLU)
//   make_linear_solver("gmres", {.preconditioner = "ilu0"})   GMRES(m) + ILU(0)

#include <memory>
#include <string>
#include <string_view>

#include "odekit/linear_solvers/gmres.hpp"
#include "odekit/linear_solvers/linear_solver.hpp"
#include "odekit/linear_solvers/preconditioners.hpp"

namespace odekit {

struct LinearSolverOptions {
  GmresOptions gmres{};                 ///< "gmres" only
  std::string preconditioner = "none";  ///< "gmres" only: "none" | "jacobi" | "ilu0"
};

/// "dense" | "sparse" | "gmres". Throws std::invalid_argument for another name, or for a
/// preconditioner with a direct solver, listing the valid choices.
std::unique_ptr<LinearSolver> make_linear_solver(std::string_view name,
                                                 const LinearSolverOptions& options = {});

/// "none" (nullptr) | "jacobi" | "ilu0". Throws std::invalid_argument for another name.
std::unique_ptr<Preconditioner> make_preconditioner(std::string_view name);

}  // namespace odekit
