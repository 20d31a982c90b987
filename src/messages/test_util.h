// Test helpers for the message readers (tests only).
#ifndef CORDON_MESSAGES_TEST_UTIL_H_
#define CORDON_MESSAGES_TEST_UTIL_H_

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cordon/messages.h"

namespace cordon::messages {

inline std::string ReadTestFile(const std::string& relative) {
  std::ifstream in(std::string(CORDON_TESTDATA_DIR) + "/messages/" + relative, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> Roles(const Message& m) {
  std::vector<std::string> out;
  for (const Party& p : m.parties) out.push_back(p.role);
  return out;
}

inline const Party* FindParty(const Message& m, const std::string& path) {
  for (const Party& p : m.parties) {
    if (p.path == path) return &p;
  }
  return nullptr;
}

inline const FreeText* FindText(const Message& m, const std::string& path) {
  for (const FreeText& t : m.free_texts) {
    if (t.path == path) return &t;
  }
  return nullptr;
}

}  // namespace cordon::messages

#endif  // CORDON_MESSAGES_TEST_UTIL_H_
