// Feeds arbitrary bytes to the subject import (cordon subjects import) on an in-memory SQLite
// case store. Must never crash, hang or leak; bad lines are fine. Every record is accounted for
// (added, updated, unchanged or a line error), and the audit chain stays valid.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cordon/cases.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static cordon::CaseStore* store = [] {
    auto s = cordon::CaseStore::Open("sqlite::memory:");
    if (!s.ok()) __builtin_trap();
    return s->release();
  }();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto r = store->ImportSubjects("fuzz", "fuzz.jsonl", bytes);
  if (!r.ok()) return 0;
  for (const cordon::LineError& e : r->errors) {
    if (e.line == 0 || e.message.empty()) __builtin_trap();
  }
  // The chain grows with every input: verify it now and then, not at every call.
  static size_t calls = 0;
  if (++calls % 512 == 0) {
    auto v = store->VerifyAudit();
    if (!v.ok() || !v->ok) __builtin_trap();
  }
  return 0;
}
