// The one settings table: a TOML file and the flags set the same ServiceConfig fields, with the
// same checks, and errors name the file, line and key (or the flag).
#include "service/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

namespace cordon::service {
namespace {

using ::testing::HasSubstr;

std::string WriteConfig(const std::string& name, const std::string& text) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "config_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

TEST(ServiceConfigTest, FileSetsEveryKindOfSetting) {
  const std::string path = WriteConfig("all.toml",
                                       "listen = \"0.0.0.0:9000\"\n"
                                       "lists = [\"lists/un\", \"/abs/ofac\"]\n"
                                       "threshold = 0.85\n"
                                       "max_batch = 50\n"
                                       "keys_file = \"keys.txt\"\n"
                                       "log_level = \"warn\"\n"
                                       "workers = 3\n");
  ServiceConfig c;
  ASSERT_TRUE(ReadServiceConfigFile(path, &c).ok());
  const std::string dir = std::filesystem::path(path).parent_path().string();
  EXPECT_EQ(c.listen, "0.0.0.0:9000");
  EXPECT_EQ(c.lists, (std::vector<std::string>{dir + "/lists/un", "/abs/ofac"}));
  EXPECT_DOUBLE_EQ(c.threshold, 0.85);
  EXPECT_EQ(c.max_batch, 50);
  EXPECT_EQ(c.keys_file, dir + "/keys.txt");  // relative to the file's folder
  EXPECT_EQ(c.log_level, "warn");
  EXPECT_EQ(c.workers, 3);
  EXPECT_EQ(c.limit, 10);  // not in the file: the default
  EXPECT_TRUE(CheckServiceConfig(c).ok());
}

TEST(ServiceConfigTest, FileErrorsNameTheLineAndKey) {
  ServiceConfig c;
  absl::Status s = ReadServiceConfigFile(WriteConfig("a.toml", "limit = 5\nlimt = 5\n"), &c);
  EXPECT_THAT(s.message(), HasSubstr("a.toml:2: key 'limt': unknown key"));
  s = ReadServiceConfigFile(WriteConfig("b.toml", "max_batch = 0\n"), &c);
  EXPECT_THAT(s.message(), HasSubstr("b.toml:1: key 'max_batch': must be between 1 and 1000000"));
  s = ReadServiceConfigFile(WriteConfig("c.toml", "log_level = \"loud\"\n"), &c);
  EXPECT_THAT(s.message(), HasSubstr("expected one of debug, info, warn, error"));
  s = ReadServiceConfigFile(WriteConfig("d.toml", "lists = \"one\"\n"), &c);
  EXPECT_THAT(s.message(), HasSubstr("expected an array of paths"));
  EXPECT_EQ(ReadServiceConfigFile("/nonexistent.toml", &c).code(), absl::StatusCode::kNotFound);
}

TEST(ServiceConfigTest, FlagsUseTheSameChecks) {
  ServiceConfig c;
  ASSERT_TRUE(SetFromFlag(*FindSetting("threads"), {"4"}, &c).ok());
  EXPECT_EQ(c.threads, 4);
  ASSERT_TRUE(SetFromFlag(*FindSetting("lists"), {"a", "b"}, &c).ok());
  EXPECT_EQ(c.lists, (std::vector<std::string>{"a", "b"}));  // relative to the working folder
  ASSERT_TRUE(SetFromFlag(*FindSetting("threshold"), {"0.7"}, &c).ok());
  EXPECT_DOUBLE_EQ(c.threshold, 0.7);
  EXPECT_EQ(SetFromFlag(*FindSetting("threads"), {"-1"}, &c).message(),
            "--threads: must be between 0 and 1024");
  EXPECT_EQ(SetFromFlag(*FindSetting("threads"), {"4x"}, &c).message(),
            "--threads: expected an integer");
  EXPECT_EQ(SetFromFlag(*FindSetting("threshold"), {"1.5"}, &c).message(),
            "--threshold: must be between 0 and 1");
  EXPECT_EQ(c.threads, 4);  // a refused value changes nothing
}

TEST(ServiceConfigTest, SettingsTableIsConsistent) {
  std::set<std::string_view> keys, flags;
  for (const ServiceSetting& s : ServiceSettings()) {
    EXPECT_TRUE(keys.insert(s.key).second) << s.key;
    if (!s.flag.empty()) {
      EXPECT_TRUE(s.flag.starts_with("--")) << s.flag;
      EXPECT_TRUE(flags.insert(s.flag).second) << s.flag;
    }
    EXPECT_FALSE(s.help.empty()) << s.key;
  }
  // The defaults pass the checks.
  EXPECT_TRUE(CheckServiceConfig(ServiceConfig{}).ok());
}

TEST(ServiceConfigTest, CrossChecksAndListen) {
  ServiceConfig c;
  c.tls_cert = "cert.pem";
  EXPECT_THAT(CheckServiceConfig(c).message(), HasSubstr("TLS needs both"));
  std::string host;
  uint16_t port = 0;
  ASSERT_TRUE(ParseListen("[::1]:8443", &host, &port).ok());
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 8443);
  EXPECT_FALSE(ParseListen("localhost", &host, &port).ok());
  EXPECT_FALSE(ParseListen("h:65536", &host, &port).ok());
}

}  // namespace
}  // namespace cordon::service
