// Placeholder: the un_xml loader is being written.
#include "lists/loaders.h"

namespace cordon::lists {

bool IsUnXml(std::string_view) { return false; }
absl::StatusOr<LoadedList> LoadUnXml(const SourceFile& f, const LoadOptions&) {
  return absl::UnimplementedError(f.path + ": loader not implemented yet");
}

}  // namespace cordon::lists
