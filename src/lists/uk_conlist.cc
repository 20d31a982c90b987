// Placeholder: the uk_conlist loader is being written.
#include "lists/loaders.h"

namespace cordon::lists {

bool IsUkConList(std::string_view) { return false; }
absl::StatusOr<LoadedList> LoadUkConList(const SourceFile& f, const LoadOptions&) {
  return absl::UnimplementedError(f.path + ": loader not implemented yet");
}

}  // namespace cordon::lists
