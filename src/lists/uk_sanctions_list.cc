// Placeholder: the uk_sanctions_list loader is being written.
#include "lists/loaders.h"

namespace cordon::lists {

bool IsUkSanctionsList(std::string_view) { return false; }
absl::StatusOr<LoadedList> LoadUkSanctionsList(const SourceFile& f, const LoadOptions&) {
  return absl::UnimplementedError(f.path + ": loader not implemented yet");
}

}  // namespace cordon::lists
