#include "core/files.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "core/strcat.h"

namespace cordon {

absl::StatusOr<std::string> ReadFileToString(const std::string& path) {
  std::ostringstream buf;
  if (path == "-") {
    buf << std::cin.rdbuf();
    if (std::cin.bad()) return absl::DataLossError("standard input: read error");
    return buf.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat(path, ": cannot open"));
  buf << in.rdbuf();
  if (in.bad()) return absl::DataLossError(StrCat(path, ": read error"));
  return buf.str();
}

}  // namespace cordon
