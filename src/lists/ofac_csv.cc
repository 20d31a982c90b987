// Placeholder: the OFAC legacy CSV loader is being written.
#include "lists/loaders.h"

namespace cordon::lists {

ListFormat OfacCsvRole(std::string_view) { return ListFormat::kUnknown; }
absl::StatusOr<std::vector<LoadedList>> LoadOfacCsvFiles(const std::vector<SourceFile>& files,
                                                         const LoadOptions&) {
  return absl::UnimplementedError(files.at(0).path + ": loader not implemented yet");
}

}  // namespace cordon::lists
