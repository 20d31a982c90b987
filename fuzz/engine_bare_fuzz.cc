// Fuzzes a bare Screener's restore (Screener::CreateBare, engine/screener_compiled.cc: the bare
// IDs and their checks against the engine section), what case management's stored subject index
// is loaded with. The first byte chooses what the rest is: even, the bare IDs (with the engine
// section of four subjects); odd, the engine section after its version line (with those
// subjects' IDs; fuzz/corpus/engine_section's seed fits it). Restoring must fail cleanly or give
// a Screener that screens without crashing or reading out of bounds (the sanitizers check that).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/arrays.h"
#include "engine/screener_impl.h"

namespace {

struct BareFuzzSubjects {
  std::string version, ids, compiled;
};

const BareFuzzSubjects& Subjects() {
  static const BareFuzzSubjects s = [] {
    cordon::LoadedList l;
    l.version.list = "subjects";
    // The names and order of engine_section_fuzz.cc's list, so that its seed fits.
    const char* names[][2] = {{"1", "Abd al-Rahman AL-ZAWAHIRI"},
                              {"2", "Muhammad KHAN"},
                              {"3", "S. M. TUFAIL"},
                              {"4", "محمد يوسف"}};
    for (const auto& [id, name] : names) {
      cordon::Entity& e = l.entities.emplace_back();
      e.id = std::string("fuzz:") + id;
      e.list = "subjects";
      e.source_id = id;
      e.names.push_back({.full = name});
    }
    auto made = cordon::Screener::Create({std::move(l)});
    if (!made.ok()) std::abort();
    BareFuzzSubjects out{.ids = (*made)->BareIdBytes(), .compiled = (*made)->CompiledBytes()};
    cordon::WireReader r(out.compiled);
    cordon::GetString(&r);
    if (out.ids.empty() || !r.ok()) std::abort();
    out.version = out.compiled.substr(0, r.pos());
    return out;
  }();
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const BareFuzzSubjects& s = Subjects();
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto bare = data[0] % 2 == 0 ? cordon::Screener::CreateBare(rest, s.compiled)
                               : cordon::Screener::CreateBare(s.ids, s.version + rest);
  if (!bare.ok()) return 0;
  for (const char* q : {"Muhammad Khan", "Abdulrahman Zawahiri", "S Tufail", "محمد"}) {
    for (const cordon::Hit& h : (*bare)->Screen({.name = q}, {.threshold = 0.3, .limit = 10})) {
      if (h.entity_id.empty()) std::abort();  // every hit names its subject
    }
  }
  return 0;
}
