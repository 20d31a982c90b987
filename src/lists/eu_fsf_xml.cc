// Placeholder: the eu_fsf_xml loader is being written.
#include "lists/loaders.h"

namespace cordon::lists {

bool IsEuFsfXml(std::string_view) { return false; }
absl::StatusOr<LoadedList> LoadEuFsfXml(const SourceFile& f, const LoadOptions&) {
  return absl::UnimplementedError(f.path + ": loader not implemented yet");
}

}  // namespace cordon::lists
