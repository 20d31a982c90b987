// Placeholder: the custom watchlist loaders are being written.
#include "lists/loaders.h"

namespace cordon::lists {

bool IsCustomCsv(std::string_view) { return false; }
bool IsCustomJsonl(std::string_view) { return false; }
absl::StatusOr<LoadedList> LoadCustomCsv(const SourceFile& f, const LoadOptions&) {
  return absl::UnimplementedError(f.path + ": loader not implemented yet");
}
absl::StatusOr<LoadedList> LoadCustomJsonl(const SourceFile& f, const LoadOptions&) {
  return absl::UnimplementedError(f.path + ": loader not implemented yet");
}

}  // namespace cordon::lists
