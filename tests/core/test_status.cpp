#include <gtest/gtest.h>

#include <odekit/core/solution.hpp>
#include <odekit/core/status.hpp>

namespace {

using odekit::Status;

TEST(Status, SignSeparatesRecoverableFromTerminal) {
  EXPECT_FALSE(odekit::is_recoverable(Status::success));
  EXPECT_FALSE(odekit::is_terminal(Status::success));
  EXPECT_TRUE(odekit::is_recoverable(Status::step_rejected));
  EXPECT_TRUE(odekit::is_recoverable(Status::newton_not_converged));
  EXPECT_TRUE(odekit::is_terminal(Status::max_steps_reached));
  EXPECT_TRUE(odekit::is_terminal(Status::rhs_not_finite));
}

TEST(Status, TerminalMessagesSayWhatToDo) {
  EXPECT_NE(odekit::message(Status::max_steps_reached).find("raise Options::max_steps"),
            std::string_view::npos);
  EXPECT_NE(odekit::message(Status::dt_below_min).find("stiff"), std::string_view::npos);
  EXPECT_EQ(odekit::name(Status::rhs_not_finite), "rhs_not_finite");
}

TEST(Solution, FailureKeepsDetailAndAdviceAndThrowsAtTheEdge) {
  odekit::Solution sol;
  EXPECT_TRUE(sol.ok());
  EXPECT_NO_THROW(sol.throw_if_failed());
  sol.set_status(Status::max_steps_reached, "max_steps = 10 reached at t = 0.5");
  EXPECT_FALSE(sol.ok());
  EXPECT_NE(sol.message().find("at t = 0.5"), std::string::npos);
  EXPECT_NE(sol.message().find("raise Options::max_steps"), std::string::npos);
  try {
    sol.throw_if_failed();
    FAIL() << "expected SolverError";
  } catch (const odekit::SolverError& e) {
    EXPECT_EQ(e.status(), Status::max_steps_reached);
    EXPECT_NE(std::string(e.what()).find("t = 0.5"), std::string::npos);
  }
}

TEST(Solution, DenseOutputMissingIsAClearError) {
  odekit::Solution sol;
  EXPECT_FALSE(sol.has_dense());
  try {
    (void)sol(0.5);
    FAIL() << "expected logic_error";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find(".dense = true"), std::string::npos);
  }
}

}  // namespace
