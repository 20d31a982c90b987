// A learned model of how people romanise Arabic-script and Cyrillic names (issue 10).
//
// The model is a table of costs, in bits, of each source letter being written as a Latin chunk
// of 0 to 7 letters (the chunk carries the short vowels the source does not write: غ as "gh",
// "gha", "g", ...), learned by expectation maximisation over the train split of the
// cross-script evaluation set and the train split of google_ar2en (tools/learn_translit.py;
// data/tables/translit.tsv), and a Latin letter-bigram model of list names as the background.
//
// A Latin token is a romanisation of a source token when
//  - its consonant skeleton (normalize::Skeleton) is one of the skeletons of the source token's
//    cheapest romanisations (Skeletons(): the consonants and the position of a leading vowel
//    must agree, so "Chennai" can never be "کیهان"), and
//  - the log-likelihood ratio of the Latin spelling given the source (Viterbi alignment, Cost())
//    against the background (BackgroundBits()), per Latin letter, is high enough
//    (score::CrossScriptSim).
//
// Thread safety: immutable after Parse(); every method may be called from many threads.
#ifndef CORDON_NORMALIZE_TRANSLIT_H_
#define CORDON_NORMALIZE_TRANSLIT_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "normalize/skeleton_set.h"

namespace cordon::normalize {

class TranslitModel {
 public:
  // Parses the table (data/tables/translit.tsv). Rows, TAB-separated, '#' comments:
  //   Arab|Cyrl  e  <letter>  <chunk, or - for none>  <bits>     emission
  //   Latn       b  <prev letter or ^>  <next letter or $>  <bits>   background bigram
  // Malformed rows are skipped and counted.
  static TranslitModel Parse(std::string_view text);
  // The table compiled into the library.
  static const TranslitModel& Embedded();

  // The model's letters for a word of Arabic or Cyrillic script (UTF-8, any case, with or
  // without vowel marks): Arabic loses its vowel marks, tatweel and the small marks, and its
  // letter variants are unified (alif with hamza or madda -> alif, alif maqsura and Persian yeh ->
  // yeh, keheh -> kaf, Urdu heh goal -> heh); Cyrillic is lower-cased and ё is е. Empty when the
  // word has a character that is neither (a Latin letter, a digit): such a word is not modelled.
  static std::string Symbols(std::string_view word);

  // Whether the model has emissions for the script of `symbols` (false for an empty table: the
  // engine then falls back on the vowel-free skeleton rules).
  bool Covers(std::string_view symbols) const;

  // Bits of the cheapest alignment writing `latin` (lower-case ASCII) from `symbols`; +inf when
  // no alignment exists (more than kMaxChunk Latin letters a source letter).
  float Cost(std::string_view symbols, std::string_view latin) const;
  // The same when it is at most max_cost; otherwise some value above max_cost (the alignment
  // stops once every partial one costs more: emissions are never negative).
  float Cost(std::string_view symbols, std::string_view latin, float max_cost) const;
  // Bits of `latin` under the background bigram model.
  float BackgroundBits(std::string_view latin) const;
  // (BackgroundBits - Cost) / letters of `latin`.
  float LlrPerLetter(std::string_view symbols, std::string_view latin) const;
  // LlrPerLetter when it is at least min_llr and its bits (times the letters of `latin`) at least
  // min_bits; -inf when either is surely not (a cross-script match needs both: only then is the
  // whole alignment worth making).
  float LlrPerLetterAtLeast(std::string_view symbols, std::string_view latin, float min_llr,
                            float min_bits) const;

  // The distinct normalize::Skeleton()s of the cheapest romanisations of `symbols`: at most
  // kMaxSkeletons, each within SkeletonBudget(letters) bits of the cheapest, as a SkeletonSet. A
  // word recurs across the lists' names and their joins (محمد thousands of times), so each thread
  // keeps the last few thousand answers.
  SkeletonSet Skeletons(std::string_view symbols) const;

  // The same skeletons, as sorted strings, made by the plain beam over strings and not
  // remembered: what Skeletons() must equal (its beam packs the partial skeletons in integers).
  // For tests.
  std::vector<std::string> ReferenceSkeletonsForTesting(std::string_view symbols) const;

  // A writer's system changes several letters of a name at once (German Schewtschenko: в -> w,
  // ш -> sch, ч -> tsch, about 4-5 bits each), so the budget grows with the name's length.
  static float SkeletonBudget(size_t letters) { return 6.0f + 1.25f * static_cast<float>(letters); }
  static constexpr size_t kMaxSkeletons = 96;
  // Longest chunk one letter writes (German "schtsch" for щ).
  static constexpr size_t kMaxChunk = 7;

  bool empty() const { return trie_.empty(); }
  size_t skipped_lines() const { return skipped_; }
  // "translit:<12 hex digits of sha256 of the table>" or "translit:none".
  const std::string& version() const { return version_; }

 private:
  // Per letter: the distinct skeleton contributions of its chunks, cheapest first.
  struct Piece {
    std::string consonants;  // the chunk without vowels
    bool starts_vowel = false;
    bool empty = false;  // the chunk is "" (the letter is not written)
    float bits = 0;
  };
  // What a piece does to a partial skeleton that is empty or ends in a given letter: the letters
  // it pushes (SkeletonAppend drops a vowel, a doubled letter, h after g/d/t, ... by that last
  // letter alone). A letter's pieces that push the same letters give the same next state, dearer:
  // PackedBeam takes only the cheapest of them.
  struct Effect {
    float bits = 0;
    uint8_t size = 0;
    std::array<char, 8> letters{};  // a leading vowel's 'a' and up to kMaxChunk consonants
  };
  // [0]: the partial skeleton is empty; [1 + c - 'a']: it ends in c. Each cheapest first.
  using Effects = std::array<std::vector<Effect>, 27>;
  static Effects PieceEffects(const std::vector<Piece>& pieces);
  // One letter of a word for the beam: its pieces, their effects and its cheapest emission.
  struct LetterStep {
    const std::vector<Piece>* pieces;
    const Effects* effects;
    float floor;
  };

  std::vector<std::string> ComputeSkeletons(std::string_view symbols) const;
  void LetterPieces(const std::u32string& s, std::vector<LetterStep>* out) const;
  // The beam of ComputeSkeletons over partial skeletons packed in integers (the usual case), or
  // false when a partial skeleton outgrows the packing; StringBeam is the same beam over strings.
  bool PackedBeam(const std::vector<LetterStep>& steps, std::vector<std::string>* out) const;
  std::vector<std::string> StringBeam(const std::vector<LetterStep>& steps) const;
  // Adds `chunk` of `letter` at `bits` to the letter's trie.
  void AddChunk(char32_t letter, std::string_view chunk, float bits);
  // Emission bits: per source letter, a trie of its chunks over a-z (root_ gives the node of the
  // empty chunk). A node that is only the prefix of longer chunks has kPrefixOnly. Cost() walks
  // it a Latin letter at a time and stops where no known chunk goes on (every longer chunk then
  // costs the unseen price); an array step, where a hash lookup per chunk was 15% of screening.
  struct TrieNode {
    std::array<int32_t, 26> child;  // -1: none
    float bits;
  };
  std::vector<TrieNode> trie_;
  absl::flat_hash_map<char32_t, int32_t> root_;
  static constexpr float kPrefixOnly = -1.0f;
  std::unordered_map<char32_t, std::vector<Piece>> pieces_;
  std::unordered_map<char32_t, Effects> effects_;     // PieceEffects(pieces_[c])
  std::unordered_map<char32_t, float> letter_floor_;  // cheapest emission of each letter
  bool arabic_ = false, cyrillic_ = false;
  float bigram_[28][28] = {};  // [prev: a-z, ^=26][next: a-z, $=27]
  bool has_bigrams_ = false;
  size_t skipped_ = 0;
  std::string version_ = "translit:none";
  uint64_t id_ = 0;  // distinct for every Parse(): the key of the threads' Skeletons caches
};

}  // namespace cordon::normalize

#endif  // CORDON_NORMALIZE_TRANSLIT_H_
