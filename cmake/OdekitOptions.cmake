# Build options. Optional dependencies are off by default; asking for one that is not
# installed stops the configure step with a message saying how to install it (never a
# silent downgrade). scripts/setup.sh installs all of them.

option(ODEKIT_ENABLE_HDF5 "HDF5 output and input of solutions (module io)" OFF)
option(ODEKIT_ENABLE_SUNDIALS "SUNDIALS CVODE/CVODES as a method and benchmark baseline" OFF)
option(ODEKIT_ENABLE_CUDA "CUDA kernels (ensembles, neural networks on the GPU)" OFF)
option(ODEKIT_ENABLE_PYTHON "Python bindings (pybind11 module odekit._core)" OFF)
option(ODEKIT_ENABLE_MPI "MPI for ensembles and data-parallel training" OFF)
option(ODEKIT_BUILD_TESTS "Build the GoogleTest suites" ${PROJECT_IS_TOP_LEVEL})
option(ODEKIT_BUILD_EXAMPLES "Build the examples and the demo" ${PROJECT_IS_TOP_LEVEL})
option(ODEKIT_BUILD_BENCHMARKS "Build the benchmarks (needs Boost and SUNDIALS)" OFF)

# The gradient tests and the gradient benchmark instantiate the adjoint machinery for many
# method x sensitivity pairs: at -O3 one such file takes up to 7 minutes to compile, 2.8 times
# as long as at -O1. The test build (preset ci) passes -O1 here to stay within its time budget;
# the benchmark build (preset bench) leaves it empty, so its timings are of -O3 code.
set(ODEKIT_GRADIENT_TARGETS_FLAGS "" CACHE STRING
    "Extra compile flags for the gradient tests and the gradient benchmark (preset ci: -O1)")

set(ODEKIT_SETUP_HINT "run scripts/setup.sh, which installs every dependency")

# Required dependencies of the linear_solvers module (and so of every stiff method).
find_package(Eigen3 3.4 NO_MODULE)
if(NOT Eigen3_FOUND)
  message(FATAL_ERROR
    "odekit needs Eigen >= 3.4 (Jacobians and the linear_solvers module), which "
    "was not found. Install it (Debian: apt-get install libeigen3-dev), ${ODEKIT_SETUP_HINT}, "
    "or add its prefix to CMAKE_PREFIX_PATH.")
endif()
find_package(KLU)
if(NOT KLU_FOUND)
  message(FATAL_ERROR
    "odekit needs SuiteSparse KLU (the sparse LU of the linear_solvers module), which was not "
    "found. Install it (Debian: apt-get install libsuitesparse-dev), ${ODEKIT_SETUP_HINT}, or "
    "add its prefix to CMAKE_PREFIX_PATH.")
endif()

function(odekit_require found what option package)
  if(NOT ${found})
    message(FATAL_ERROR
      "${option}=ON needs ${what}, which was not found. Install it (Debian: apt-get install "
      "${package}), ${ODEKIT_SETUP_HINT}, or configure with -D${option}=OFF.")
  endif()
endfunction()

if(ODEKIT_ENABLE_HDF5)
  enable_language(C)  # FindHDF5 test-compiles a C program
  find_package(HDF5 COMPONENTS C)
  odekit_require(HDF5_FOUND "the HDF5 C library" ODEKIT_ENABLE_HDF5 libhdf5-dev)
endif()
if(ODEKIT_ENABLE_SUNDIALS OR ODEKIT_BUILD_BENCHMARKS)
  find_package(SUNDIALS 6 CONFIG COMPONENTS cvode cvodes sunlinsolklu)
  if(ODEKIT_ENABLE_SUNDIALS)
    odekit_require(SUNDIALS_FOUND "SUNDIALS >= 6 (CVODE, CVODES)" ODEKIT_ENABLE_SUNDIALS
                   libsundials-dev)
  else()
    odekit_require(SUNDIALS_FOUND "SUNDIALS >= 6 (CVODE, CVODES)" ODEKIT_BUILD_BENCHMARKS
                   libsundials-dev)
  endif()
endif()
if(ODEKIT_BUILD_BENCHMARKS)
  find_package(Boost 1.71)
  odekit_require(Boost_FOUND "Boost headers (Boost.Odeint)" ODEKIT_BUILD_BENCHMARKS libboost-dev)
endif()
if(ODEKIT_ENABLE_CUDA)
  include(CheckLanguage)
  check_language(CUDA)
  odekit_require(CMAKE_CUDA_COMPILER "a CUDA compiler (nvcc)" ODEKIT_ENABLE_CUDA
                 nvidia-cuda-toolkit)
  enable_language(CUDA)
  find_package(CUDAToolkit REQUIRED)
endif()
if(ODEKIT_ENABLE_MPI)
  find_package(MPI COMPONENTS CXX)
  odekit_require(MPI_FOUND "an MPI implementation" ODEKIT_ENABLE_MPI libopenmpi-dev)
endif()
if(ODEKIT_ENABLE_PYTHON)
  find_package(Python 3.9 COMPONENTS Interpreter Development.Module)
  odekit_require(Python_FOUND "Python development headers" ODEKIT_ENABLE_PYTHON python3-dev)
  find_package(pybind11 CONFIG)
  odekit_require(pybind11_FOUND "pybind11" ODEKIT_ENABLE_PYTHON pybind11-dev)
endif()
if(ODEKIT_BUILD_TESTS)
  find_package(GTest)
  odekit_require(GTest_FOUND "GoogleTest" ODEKIT_BUILD_TESTS libgtest-dev)
endif()

function(odekit_print_summary)
  message(STATUS "")
  message(STATUS "odekit ${PROJECT_VERSION} configuration (${CMAKE_BUILD_TYPE})")
  foreach(opt ODEKIT_ENABLE_HDF5 ODEKIT_ENABLE_SUNDIALS ODEKIT_ENABLE_CUDA ODEKIT_ENABLE_PYTHON
              ODEKIT_ENABLE_MPI ODEKIT_BUILD_TESTS ODEKIT_BUILD_EXAMPLES ODEKIT_BUILD_BENCHMARKS)
    if(${opt})
      message(STATUS "  [on ] ${opt}")
    else()
      message(STATUS "  [off] ${opt}")
    endif()
  endforeach()
  if(ODEKIT_GRADIENT_TARGETS_FLAGS)
    message(STATUS "  gradient tests and benchmark compiled with: ${ODEKIT_GRADIENT_TARGETS_FLAGS}")
  endif()
  message(STATUS "  required: Eigen ${Eigen3_VERSION}, KLU (${KLU_LIBRARY})")
  string(REPLACE ";" ", " modules "${ODEKIT_MODULES}")
  message(STATUS "  modules: ${modules}")
  message(STATUS "")
endfunction()
