// Placeholder: the ofac_xml loader is being written.
#include "lists/loaders.h"

namespace cordon::lists {

bool IsOfacXml(std::string_view) { return false; }
absl::StatusOr<LoadedList> LoadOfacXml(const SourceFile& f, const LoadOptions&) {
  return absl::UnimplementedError(f.path + ": loader not implemented yet");
}

}  // namespace cordon::lists
