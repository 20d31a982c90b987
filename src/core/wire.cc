#include "core/wire.h"

#include "core/strcat.h"

namespace cordon {

void PutFixed32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void PutFixed64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutSignedVarint(std::string* out, int64_t v) {
  PutVarint(out, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

uint32_t GetFixed32(std::string_view bytes, size_t pos) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(bytes[pos + i]);
  return v;
}

uint64_t GetFixed64(std::string_view bytes, size_t pos) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(bytes[pos + i]);
  return v;
}

void WireReader::Fail(std::string_view reason) {
  if (error_.empty()) error_ = StrCat("byte offset ", pos_, ": ", reason);
  pos_ = bytes_.size();  // every later read fails fast
}

uint64_t WireReader::Varint() {
  uint64_t v = 0;
  // A uint64 needs at most 10 groups of 7 bits; the 10th may hold only 1 bit.
  for (int shift = 0; shift < 70; shift += 7) {
    if (pos_ >= bytes_.size()) {
      Fail("truncated varint");
      return 0;
    }
    const auto b = static_cast<uint8_t>(bytes_[pos_++]);
    if (shift == 63 && b > 1) break;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return v;
  }
  Fail("varint longer than 64 bits");
  return 0;
}

int64_t WireReader::SignedVarint() {
  const uint64_t u = Varint();
  return static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
}

uint8_t WireReader::Byte() {
  if (pos_ >= bytes_.size()) {
    Fail("truncated: expected one more byte");
    return 0;
  }
  return static_cast<uint8_t>(bytes_[pos_++]);
}

std::string_view WireReader::Bytes(uint64_t n) {
  if (n > remaining()) {
    Fail(StrCat("truncated: ", n, " bytes announced, ", remaining(), " left"));
    return {};
  }
  const std::string_view out = bytes_.substr(pos_, n);
  pos_ += n;
  return out;
}

uint64_t WireReader::Count(uint64_t min_item_bytes) {
  const uint64_t n = Varint();
  if (ok() && min_item_bytes > 0 && n > remaining() / min_item_bytes) {
    Fail(StrCat("count ", n, " cannot fit in the ", remaining(), " bytes left"));
    return 0;
  }
  return n;
}

}  // namespace cordon
