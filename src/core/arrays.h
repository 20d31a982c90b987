// Strings and arrays of fixed-width numbers on the wire (core/wire.h): a varint count, then
// the bytes. Arrays of numbers are copied as they are in memory, which is little-endian on every
// platform cordon builds on (checked at compile time), so large arrays (the matching index's
// keys and postings) load with one copy each.
#ifndef CORDON_CORE_ARRAYS_H_
#define CORDON_CORE_ARRAYS_H_

#include <bit>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/wire.h"

namespace cordon {

static_assert(std::endian::native == std::endian::little,
              "snapshot arrays are stored as little-endian memory images");

inline void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

inline std::string GetString(WireReader* r) {
  const uint64_t n = r->Count(1);
  return std::string(r->Bytes(n));
}

template <typename T>
void PutArray(std::string* out, const std::vector<T>& v) {
  static_assert(std::is_arithmetic_v<T>);
  PutVarint(out, v.size());
  out->append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

// Reads an array written by PutArray; on malformed input `r` fails and *v is left empty.
template <typename T>
void GetArray(WireReader* r, std::vector<T>* v) {
  static_assert(std::is_arithmetic_v<T>);
  v->clear();
  const uint64_t n = r->Count(sizeof(T));
  const std::string_view bytes = r->Bytes(n * sizeof(T));
  if (!r->ok()) return;
  v->resize(n);
  if (n > 0) std::memcpy(v->data(), bytes.data(), n * sizeof(T));
}

}  // namespace cordon

#endif  // CORDON_CORE_ARRAYS_H_
