// Placeholder: the canada_sema_xml loader is being written.
#include "lists/loaders.h"

namespace cordon::lists {

bool IsCanadaSemaXml(std::string_view) { return false; }
absl::StatusOr<LoadedList> LoadCanadaSemaXml(const SourceFile& f, const LoadOptions&) {
  return absl::UnimplementedError(f.path + ": loader not implemented yet");
}

}  // namespace cordon::lists
