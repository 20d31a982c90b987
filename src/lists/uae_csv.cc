// Placeholder: the uae_csv loader is being written.
#include "lists/loaders.h"

namespace cordon::lists {

bool IsUaeCsv(std::string_view) { return false; }
absl::StatusOr<LoadedList> LoadUaeCsv(const SourceFile& f, const LoadOptions&) {
  return absl::UnimplementedError(f.path + ": loader not implemented yet");
}

}  // namespace cordon::lists
