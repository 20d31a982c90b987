// Fuzzes the engine section of a snapshot (engine/screener_compiled.cc, index::NameIndex::Decode,
// score::TokenWeights::Decode): the fuzzer's bytes follow the current version line, over a
// small hand-made list. Decoding must fail cleanly or give a Screener that screens without
// crashing or reading out of bounds (the sanitizers check that).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/arrays.h"
#include "engine/screener_impl.h"
#include "normalize/normalizer.h"

namespace {

std::vector<cordon::LoadedList> Lists() {
  cordon::LoadedList l;
  l.version.list = "fuzz";
  const char* names[][2] = {{"1", "Abd al-Rahman AL-ZAWAHIRI"},
                            {"2", "Muhammad KHAN"},
                            {"3", "S. M. TUFAIL"},
                            {"4", "محمد يوسف"}};
  for (const auto& [id, name] : names) {
    cordon::Entity e;
    e.id = std::string("fuzz:") + id;
    e.list = "fuzz";
    e.source_id = id;
    e.schema = cordon::Schema::kPerson;
    e.names.push_back({.full = name});
    l.entities.push_back(std::move(e));
  }
  return {std::move(l)};
}

const std::string& Version() {
  static const std::string v = [] {
    auto n = cordon::normalize::Normalizer::Create();
    if (!n.ok()) std::abort();
    std::string out;
    cordon::PutString(&out, cordon::engine::ScreenerImpl::CompiledVersion(**n));
    return out;
  }();
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string section = Version() + std::string(reinterpret_cast<const char*>(data), size);
  auto s = cordon::engine::ScreenerImpl::FromCompiled(Lists(), section);
  if (!s.ok()) return 0;
  for (const char* q : {"Muhammad Khan", "Abdulrahman Zawahiri", "S Tufail", "محمد"}) {
    (*s)->Screen({.name = q}, {.threshold = 0.3, .limit = 10});
  }
  return 0;
}
