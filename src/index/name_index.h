// Candidate generation: which list names could score above zero against a query, and which of
// their tokens could take part in an alignment (for the score upper bound that skips the rest).
//
// The index is a vocabulary of distinct list tokens (and of adjacent-token joins), each with its
// postings (name, token positions), reachable by text, alternative spelling, variant group and
// skeleton through tables of hashed keys (stored as they are: nothing is rebuilt on load), and
// through deletion neighbourhoods for the edit-distance branches. Every vocabulary entry so
// reached is checked with the very TokenSim/JoinSim the scorer uses, so the index finds exactly
// the names the scorer could align: it never loses a hit (proved against the brute-force
// reference by src/testing/exhaustive_test.cc and fuzz/screen_fuzz.cc).
//
// Note: the index depends on score (it evaluates the scorer's token similarity); the module
// graph allows index -> normalize and index -> score is added for that reason only.
//
// Thread safety: immutable after Build(); Candidates() may be called from many threads.
#ifndef CORDON_INDEX_NAME_INDEX_H_
#define CORDON_INDEX_NAME_INDEX_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "core/wire.h"
#include "normalize/tables.h"
#include "score/name_score.h"

namespace cordon::index {

struct Candidate {
  uint32_t name = 0;       // index into the names given to Build()
  uint32_t q_related = 0;  // query tokens related to some token of this name
  uint32_t l_related = 0;  // tokens of this name related to some query token
};

// The smallest name score (before attribute evidence) a candidate must be able to reach, or 0 to
// ask for every related name.
struct CandidateLimit {
  float min_name_score = 0;
};

class NameIndex : public normalize::KnownSkeletons {
 public:
  // The index copies what it needs from `names`.
  static NameIndex Build(const std::vector<const score::PreparedName*>& names);

  // Appends every name with a non-initial token related to a query token (or to a join of two
  // adjacent query tokens) whose score bound (score::ScoreUpperBound) could reach
  // limit.min_name_score, with its related tokens on both sides, pairs of an initial and a token
  // of the same first letter included.
  void Candidates(const score::PreparedName& query, CandidateLimit limit,
                  std::vector<Candidate>* out) const;

  // Whether some list token (not a join) is the partner of `t` that score::TokenSim calls exact,
  // variant or transliteration ("strict"). Exact, not a superset: the maps reach every such
  // partner and each is checked with TokenSim.
  bool HasStrictPartner(const normalize::Token& t) const;

  // For the free-text pre-check (engine/strict_precheck.h): false only when no list name has,
  // among its tokens, a strict partner of every token of `q` (a hit aligning every query token
  // strictly needs one such name, with at least q.size() tokens, one for each), or when
  // q.size() < exact_below and no such name has exactly q.size() tokens (a hit that must cover
  // the whole list name with fewer tokens than that aligns every list token too). True also when
  // the check would cost more than screening: the rarest query token's strict partners are held
  // by more than kMaxStrictCandidates names.
  bool MayAlignAllStrictly(const std::vector<const normalize::Token*>& q, size_t exact_below) const;
  // The same, given the strict partners of each query token (StrictPartners), for a caller that
  // meets the same tokens in many queries (the windows of a message, engine::StrictPrecheck).
  bool MayAlignAllStrictly(const std::vector<const std::vector<uint32_t>*>& partners,
                           size_t exact_below) const;
  // The strict partners of `t` (see HasStrictPartner), sorted entry ids. With min_cross_bits
  // above 0, those that only score::CrossScriptSim makes strict (reached only through the
  // cross-script skeleton maps) are left out when they carry fewer bits (score::CrossScriptBits
  // of their similarity and t's letters), for a caller that counts no transliteration below it
  // (engine::StrictPrecheck).
  void StrictPartners(const normalize::Token& t, std::vector<uint32_t>* out,
                      float min_cross_bits = 0) const;
  // A word held by this many names in some strict form (a common given name) is not worth
  // checking name by name: screening the window costs about as much.
  static constexpr size_t kMaxStrictCandidates = 512;

  // The index as bytes, and back (name_index_codec.cc, core/wire.h). Decode treats the bytes as
  // hostile: every offset and entry number is checked, so a decoded index is as safe to query
  // as a built one; it fails with DataLoss naming the problem.
  void Encode(std::string* out) const;
  // The encoded form's version, for the compiled engine's version line (bytes of another
  // version are never decoded): index/2 stores the lookup maps (index/1 rebuilt them on load).
  static constexpr std::string_view kFormat = "index/2";
  static absl::StatusOr<NameIndex> Decode(WireReader* r);

  // Points `tokens` and `joins` at the vocabulary's copies of list name n's tokens and joins
  // (valid as long as the index), and sets `weights` to its token weights.
  void NameTokens(uint32_t n, score::TokenRefs* tokens, score::TokenRefs* joins,
                  std::vector<float>* weights) const;

  // The model skeletons of a list token or join written with `symbols` (KnownSkeletons), or
  // nullptr.
  const normalize::SkeletonSet* FindSkeletons(std::string_view symbols) const override;

  size_t vocabulary_size() const { return vocab_.size(); }
  size_t names() const { return names_; }
  // The list token of vocabulary entry `id` (an id StrictPartners gave).
  const normalize::Token& EntryToken(uint32_t id) const { return vocab_[id].token; }

 private:
  struct Entry {
    normalize::Token token;
    bool join = false;
  };
  using Ids = std::vector<uint32_t>;

  // A token's first letter, | 0x80 for an initial (token_first_).
  static uint8_t FirstCode(const normalize::Token& t);
  // Adds entry `id`'s keys to the lookup maps being built (the glued-noise map too when
  // `glued`): texts and variant groups, then skeletons.
  void AddToTextMaps(uint32_t id, bool glued);
  void AddToSkeletonMaps(uint32_t id);
  uint32_t Intern(const normalize::Token& t, bool join,
                  std::unordered_map<std::string, uint32_t>* ids);
  // Calls fn(entry id) for every entry that may be related to `t` (a superset; duplicates
  // possible).
  template <typename Fn>
  void Reach(const normalize::Token& t, bool query_join, Fn fn) const;

  size_t names_ = 0;
  std::vector<Entry> vocab_;
  // Entry e's postings, at [post_off_[e], post_off_[e + 1]): the names holding the entry, each
  // once, by ascending `heavier_`: the share of the name's weight held by tokens heavier than the
  // entry's (see Candidates). One array for all (index/2), read with one copy.
  std::vector<uint32_t> post_off_, postings_;
  std::vector<float> heavier_;
  // Per name: the entry of each token and of each join, at [token_off_[n], token_off_[n + 1])
  // and [join_off_[n], join_off_[n + 1]).
  std::vector<uint32_t> token_off_, token_entry_, join_off_, join_entry_;
  std::vector<float> token_weight_;   // parallel to token_entry_
  std::vector<uint8_t> token_first_;  // parallel: first letter, | 0x80 for an initial
  // Deletion neighbourhoods (SymSpell): hashes of every string made by deleting up to k
  // characters, with the entry id, sorted. Two strings within k OSA edits share such a string
  // with at most k deletions on each side (a substitution or transposition is one deletion on
  // each side, an insertion one on the other), so a lookup of the query's neighbourhood reaches
  // every entry within k edits (and some more, which TokenSim then rejects).
  //
  // Each kind is a table of (hash, entry) sorted by hash, stored in 8 bytes a key: a bucket
  // directory on the hash's top `bits` bits (about two keys a bucket: the keys of bucket b are
  // at [start[b], start[b + 1])), and for each key the next 32 bits of its hash (`fp`) and its
  // entry. Two hashes that agree on those bits only cost a TokenSim check that rejects them.
  struct KeyTable {
    int bits = 1;
    std::vector<uint32_t> start;
    std::vector<uint32_t> fp;
    std::vector<uint32_t> id;
    uint32_t Fingerprint(uint64_t h) const { return static_cast<uint32_t>((h << bits) >> 32); }
  };
  KeyTable text_keys_;               // texts: k = 2 for tokens, kMaxJoinEdits for joins
  KeyTable skeleton_keys_;           // skeletons of >= 4 letters, k = 1
  KeyTable nonlatin_skeleton_keys_;  // the same, entries from another script only
  // While building: (hash, entry) pairs of each kind, made into the tables by MakeTable.
  using Keys = std::vector<std::pair<uint64_t, uint32_t>>;
  Keys text_pending_, skeleton_pending_, nonlatin_skeleton_pending_;
  // The lookup maps, each a KeyTable keyed by a stable 64-bit hash of the key (MapKey), read as
  // stored on load (index/2: a million subjects' names made ~2 million map keys to insert on
  // every load before, bench/RESULTS.md). A lookup reaches every entry filed under the key and
  // those of another key sharing its hash bits: a superset, which every caller checks with the
  // scorer's own similarity (or, in FindSkeletons, by comparing the letters).
  //   kText, kAlt: token text, alternative spellings -> entries (initials are never filed);
  //   kGroup: variant group -> entries; kGlued: name word -> list tokens with noise glued to
  //   it (score::GluedSim); kSkeleton: skeleton of >= 3 letters -> entries;
  //   kSourceSkeleton, kLatinSkeleton: the cross-script pairs (score::CrossScriptSim: the Latin
  //   token's skeleton, or that of its spelling without a glued article, is one of the source
  //   token's model skeletons): Arabic or Cyrillic entries under each of their model skeletons,
  //   Latin entries under their skeletons, each by normalize::SkeletonKey;
  //   kSource: source letters -> entries with model skeletons written with them (FindSkeletons).
  enum Map { kText, kAlt, kGroup, kGlued, kSkeleton, kSourceSkeleton, kLatinSkeleton, kSource };
  static constexpr int kMaps = kSource + 1;
  std::array<KeyTable, kMaps> maps_;
  std::array<Keys, kMaps> maps_pending_;
  static uint64_t MapKey(std::string_view key);
  static uint64_t MapKey(uint64_t key);
  // Calls fn(entry id) for every entry of map m under `key` (see maps_).
  template <typename Fn>
  void Find(Map m, uint64_t key, Fn fn) const;
  // Calls fn(entry id) for every entry that may be t's cross-script partner (a superset).
  template <typename Fn>
  void ReachCrossScript(const normalize::Token& t, Fn fn) const;
  static KeyTable MakeTable(Keys* keys);
  static void PutTable(std::string* out, const KeyTable& t);
  static bool GetTable(WireReader* r, uint64_t vocab, KeyTable* t);
  template <typename Fn>
  static void ReachKeys(const KeyTable& keys, std::string_view s, int k, Fn fn);
};

}  // namespace cordon::index

#endif  // CORDON_INDEX_NAME_INDEX_H_
