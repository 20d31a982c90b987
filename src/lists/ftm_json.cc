// Placeholder: the ftm_json loader is being written.
#include "lists/loaders.h"

namespace cordon::lists {

bool IsFtmJson(std::string_view) { return false; }
absl::StatusOr<LoadedList> LoadFtmJson(const SourceFile& f, const LoadOptions&) {
  return absl::UnimplementedError(f.path + ": loader not implemented yet");
}

}  // namespace cordon::lists
