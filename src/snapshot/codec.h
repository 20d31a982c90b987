// Encoding of loaded lists into the three list sections of a snapshot
// ("strings", "lists", "entities") and back. The container around them
// (header, section table, checksums) is in snapshot.cc; see cordon/snapshot.h
// for the file layout.
//
// Section contents (all integers are LEB128 varints unless marked):
//   strings:  count, then count x (length, UTF-8 bytes). Every string of the
//             model is stored once here and referenced by its index; index 0
//             is always "".
//   lists:    count, then per list: list, title, format, published,
//             content_hash (string refs), file count + refs, entity count,
//             skipped count + per note (file ref, line, field ref, reason ref).
//   entities: the entities of list 0, then of list 1, ..., each encoded field
//             by field in the order of cordon::Entity (see codec.cc); enums
//             are one byte, dates ZigZag varints.
#ifndef CORDON_SNAPSHOT_CODEC_H_
#define CORDON_SNAPSHOT_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/entity.h"

namespace cordon::snapshot {

struct EncodedLists {
  std::string strings;
  std::string lists;
  std::string entities;
};

EncodedLists EncodeLists(const std::vector<LoadedList>& lists);

// Budgets for decoding hostile input.
struct DecodeLimits {
  // Most entities accepted in one list (LoadOptions::max_entities).
  uint64_t max_entities = 5'000'000;
  // Most bytes of text the decoded model may hold in total. The string table
  // stores each distinct string once, so a tiny file could otherwise expand
  // into gigabytes by referencing one long string many times.
  uint64_t max_text_bytes = 1ull << 30;
};

// Decodes the three sections. `name` prefixes error messages, which also name
// the section and the byte offset inside it.
absl::StatusOr<std::vector<LoadedList>> DecodeLists(std::string_view name, std::string_view strings,
                                                    std::string_view lists,
                                                    std::string_view entities,
                                                    const DecodeLimits& limits);

}  // namespace cordon::snapshot

#endif  // CORDON_SNAPSHOT_CODEC_H_
