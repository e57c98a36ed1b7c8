#pragma once
// What the bad-input tests check: the message of the std::invalid_argument a call throws, and
// that a message names what it should.

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

/// EXPECT that `text` contains `fragment` (printing the text otherwise).
#define EXPECT_MENTIONS(text, fragment) \
  EXPECT_NE(std::string(text).find(fragment), std::string::npos) << (text)

namespace odekit_test {

/// The message of the std::invalid_argument that fn() throws, or "(no error)".
template <class Fn>
std::string invalid_argument_message(Fn&& fn) {
  try {
    fn();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace odekit_test
