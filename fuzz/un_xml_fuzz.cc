// Feeds arbitrary bytes straight to the UN consolidated list XML loader (no
// format detection in front, so every input reaches the XML and field code).
// Must never crash, hang or leak; errors are fine. A loaded list must keep the
// loader contract: IDs "un:<REFERENCE_NUMBER>", unique, each with a name.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "core/text.h"
#include "lists/loaders.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The loaders are only ever given valid UTF-8 (the dispatcher checks it).
  if (!cordon::ValidateUtf8("fuzz", bytes).ok()) return 0;
  cordon::LoadOptions options;
  options.max_xml_depth = 32;
  (void)cordon::lists::IsUnXml(bytes.substr(0, 64 * 1024));
  const cordon::lists::SourceFile file{"fuzz.xml", bytes, cordon::ListFormat::kUnXml};
  auto loaded = cordon::lists::LoadUnXml(file, options);
  if (!loaded.ok()) return 0;
  std::set<std::string> ids;
  for (const cordon::Entity& e : loaded->entities) {
    if (!e.id.starts_with("un:") || e.names.empty() || e.names[0].full.empty()) __builtin_trap();
    if (!ids.insert(e.id).second) __builtin_trap();
  }
  return 0;
}
