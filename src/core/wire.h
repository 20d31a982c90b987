// Byte-level encoding of cordon's binary formats (the snapshot container, its list sections and
// the compiled engine's section): little-endian fixed integers, LEB128 varints and a
// bounds-checked reader. In core so that the matching core can encode its own state without
// depending on the snapshot module (../shared/GUIDE.md: core holds the wire encodings).
//
// The reader treats its input as hostile: it never reads past the end of its
// buffer, and it reports the first problem with the byte offset where it was
// found. Errors are sticky: after the first failure every read returns a zero
// value and ok() stays false, so a decoder can check once per record.
#ifndef CORDON_CORE_WIRE_H_
#define CORDON_CORE_WIRE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace cordon {

void PutFixed32(std::string* out, uint32_t v);
void PutFixed64(std::string* out, uint64_t v);
void PutVarint(std::string* out, uint64_t v);
// Signed values as ZigZag varints (small negatives stay small).
void PutSignedVarint(std::string* out, int64_t v);

uint32_t GetFixed32(std::string_view bytes, size_t pos);  // caller checks bounds
uint64_t GetFixed64(std::string_view bytes, size_t pos);  // caller checks bounds

class WireReader {
 public:
  explicit WireReader(std::string_view bytes) : bytes_(bytes) {}

  uint64_t Varint();
  int64_t SignedVarint();
  uint8_t Byte();
  std::string_view Bytes(uint64_t n);
  // A count of items that each take at least `min_item_bytes` bytes; fails
  // when the remaining input cannot hold that many, so no caller sizes memory
  // from an unchecked count.
  uint64_t Count(uint64_t min_item_bytes);
  // Fails with `reason` at the current offset (first failure wins).
  void Fail(std::string_view reason);

  bool ok() const { return error_.empty(); }
  bool AtEnd() const { return pos_ == bytes_.size(); }
  size_t pos() const { return pos_; }
  size_t remaining() const { return bytes_.size() - pos_; }
  // "byte offset N: reason" of the first failure; empty when ok().
  const std::string& error() const { return error_; }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace cordon

#endif  // CORDON_CORE_WIRE_H_
