#pragma once
// ODEKIT_HOST_DEVICE marks functions that must also compile as CUDA device code (dual
// numbers, right-hand sides, tableau arithmetic). Plain C++ compilers see nothing.

#if defined(__CUDACC__)
#define ODEKIT_HOST_DEVICE __host__ __device__
#else
#define ODEKIT_HOST_DEVICE
#endif
