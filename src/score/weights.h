// How much a token says about who someone is: its information content in bits, from how often it
// occurs in the loaded lists' names and (when token_stats.tsv is embedded) in a general population
// of names. "Muhammad" and "Khan" say little; "Noorzai" says a lot.
//
// Thread safety: immutable after construction.
#ifndef CORDON_SCORE_WEIGHTS_H_
#define CORDON_SCORE_WEIGHTS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/wire.h"
#include "normalize/normalizer.h"
#include "normalize/tables.h"

namespace cordon::score {

// Information of an initial: one letter out of the ~20 that start most names.
inline constexpr float kInitialBits = 4.3f;
// Floor for the most common tokens, so that they still count for something when matched.
inline constexpr float kMinBits = 1.0f;

class TokenWeights {
 public:
  // Counts document frequencies over `names` (each name counts a token once).
  TokenWeights(const normalize::KnowledgeTables* tables,
               const std::vector<const normalize::NormalizedName*>& names);
  // Weights without list statistics (Compare with no lists): population table only.
  explicit TokenWeights(const normalize::KnowledgeTables* tables);

  float Weight(const normalize::Token& t) const;

  // The list statistics as bytes (part of the engine's compiled form), and back. Decode
  // reads hostile bytes: it fails through `r` and returns nullptr on anything malformed.
  void Encode(std::string* out) const;
  static std::unique_ptr<TokenWeights> Decode(const normalize::KnowledgeTables* tables,
                                              WireReader* r);

 private:
  float Bits(uint32_t list_df, std::string_view token) const;

  const normalize::KnowledgeTables* tables_;
  normalize::StringMap<uint32_t> df_;           // token text -> names containing it
  normalize::StringMap<uint32_t> skeleton_df_;  // skeleton -> names containing it
  uint32_t names_ = 0;
};

}  // namespace cordon::score

#endif  // CORDON_SCORE_WEIGHTS_H_
