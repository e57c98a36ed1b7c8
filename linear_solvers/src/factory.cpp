#include "odekit/linear_solvers/factory.hpp"

#include <stdexcept>

#include "odekit/linear_solvers/dense_lu.hpp"
#include "odekit/linear_solvers/sparse_lu.hpp"

namespace odekit {

std::unique_ptr<LinearSolver> make_linear_solver(std::string_view name,
                                                 const LinearSolverOptions& options) {
  if (name == "gmres") {
    return std::make_unique<Gmres>(options.gmres, make_preconditioner(options.preconditioner));
  }
  if (name != "dense" && name != "sparse") {
    throw std::invalid_argument("make_linear_solver: unknown solver \"" + std::string(name) +
                                "\", expected \"dense\", \"sparse\" or \"gmres\"");
  }
  if (options.preconditioner != "none") {
    throw std::invalid_argument("make_linear_solver: preconditioner = \"" + options.preconditioner +
                                "\" with the direct solver \"" + std::string(name) +
                                "\"; preconditioners apply to \"gmres\"");
  }
  if (name == "dense") return std::make_unique<DenseLU>();
  return std::make_unique<SparseLU>();
}

std::unique_ptr<Preconditioner> make_preconditioner(std::string_view name) {
  if (name == "none") return nullptr;
  if (name == "jacobi") return std::make_unique<Jacobi>();
  if (name == "ilu0") return std::make_unique<ILU0>();
  throw std::invalid_argument("make_preconditioner: unknown preconditioner \"" + std::string(name) +
                              "\", expected \"none\", \"jacobi\" or \"ilu0\"");
}

}  // namespace odekit
