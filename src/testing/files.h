// Test helper: the whole content of a file ("" when it cannot be read; the
// test's own assertions on the content then fail). Header-only so that tests
// of every module can use it without linking src/testing.
#ifndef CORDON_TESTING_FILES_H_
#define CORDON_TESTING_FILES_H_

#include <fstream>
#include <sstream>
#include <string>

namespace cordon::test_support {

inline std::string ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace cordon::test_support

#endif  // CORDON_TESTING_FILES_H_
