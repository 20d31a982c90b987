// Test fixture shared by the case store tests: each test gets a fresh database on each backend
// (a SQLite file in a temporary folder, a new database in the test process's PostgreSQL cluster).
// Test code only (hence the _test name, which lets it use src/testing like the *_test.cc files).
#ifndef CORDON_CASES_BACKEND_FIXTURE_TEST_H_
#define CORDON_CASES_BACKEND_FIXTURE_TEST_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "cordon/cases.h"
#include "testing/pg_cluster.h"

namespace cordon::cases {

class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      auto* pg = cordon::testing::PgCluster::Shared();
      if (pg->missing()) GTEST_SKIP() << pg->error();
      ASSERT_TRUE(pg->ok()) << pg->error();
      url_ = pg->CreateDatabase();
      ASSERT_FALSE(url_.empty()) << "createdb failed";
    } else {
      char tmpl[] = "/tmp/cordon-cases-XXXXXX";
      ASSERT_NE(mkdtemp(tmpl), nullptr);
      dir_ = tmpl;
      url_ = "sqlite:" + dir_ + "/cases.db";
    }
    auto s = CaseStore::Open(url_);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::string url_, dir_;
  std::unique_ptr<CaseStore> store_;
};

inline std::string BackendName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace cordon::cases

#define CORDON_BACKENDS(Suite)                                                         \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::Values("sqlite", "postgresql"), \
                           ::cordon::cases::BackendName)

#endif  // CORDON_CASES_BACKEND_FIXTURE_TEST_H_
