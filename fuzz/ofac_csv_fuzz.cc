// Feeds arbitrary bytes to the OFAC legacy CSV loader as a set of files: the
// input is cut at each 0x1E byte (ASCII record separator) into up to four
// files whose roles are detected from content, as the dispatcher would. Also
// runs the Remarks parser on the whole input. Must never crash, hang or
// leak; errors are fine. A loaded list must keep the loader contract: IDs
// "ofac:<digits>", unique within each list (two primary files may share
// entries, as OFAC's SDN and non-SDN lists do), each with a non-empty primary
// name, and only the given files listed.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "lists/loaders.h"
#include "lists/ofac_remarks.h"

namespace {

// Four files: primary, alt, add and comments, the largest real OFAC set.
constexpr size_t kMaxFiles = 4;

std::vector<cordon::lists::SourceFile> SplitFiles(std::string_view bytes) {
  std::vector<cordon::lists::SourceFile> out;
  while (out.size() + 1 < kMaxFiles) {
    const size_t cut = bytes.find('\x1e');
    if (cut == std::string_view::npos) break;
    out.push_back({"f" + std::to_string(out.size()) + ".csv", bytes.substr(0, cut)});
    bytes.remove_prefix(cut + 1);
  }
  out.push_back({"f" + std::to_string(out.size()) + ".csv", bytes});
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The loaders are only ever given valid UTF-8 (the dispatcher checks it).
  if (!cordon::ValidateUtf8("fuzz", bytes).ok()) return 0;
  cordon::Entity scratch;
  cordon::lists::ApplyOfacRemarks(bytes, &scratch);
  std::vector<cordon::lists::SourceFile> files = SplitFiles(bytes);
  for (auto& f : files) f.format = cordon::lists::OfacCsvRole(f.bytes.substr(0, 64 * 1024));
  auto loaded = cordon::lists::LoadOfacCsvFiles(files, {});
  if (!loaded.ok()) return 0;
  for (const cordon::LoadedList& l : *loaded) {
    std::set<std::string> ids;
    if (l.version.files.empty() || l.version.files.size() > files.size()) __builtin_trap();
    for (const cordon::Entity& e : l.entities) {
      if (!e.id.starts_with("ofac:") || e.names.empty() || e.names[0].full.empty()) {
        __builtin_trap();
      }
      if (!ids.insert(e.id).second) __builtin_trap();
    }
  }
  return 0;
}
