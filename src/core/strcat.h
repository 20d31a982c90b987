// StrCat for std::string_view and numbers. (Debian's Abseil is built with its
// own absl::string_view, so absl::StrCat does not take std::string_view.)
#ifndef CORDON_CORE_STRCAT_H_
#define CORDON_CORE_STRCAT_H_

#include <fmt/format.h>

#include <string>

namespace cordon {

template <typename... Args>
std::string StrCat(const Args&... args) {
  std::string out;
  (fmt::format_to(std::back_inserter(out), "{}", args), ...);
  return out;
}

}  // namespace cordon

#endif  // CORDON_CORE_STRCAT_H_
