#include "index/name_index.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <tuple>

#include "core/strcat.h"

namespace cordon::index {

using normalize::Token;
using score::MaxEdits;
using score::TokenSim;

namespace {

// Tokens are lower-case ASCII letters and digits; the mask only guards the table index.
uint8_t FirstLetter(const Token& t) { return static_cast<uint8_t>(t.text[0]) & 0x7f; }
constexpr uint8_t kInitialFlag = 0x80;

// For each token of a list name, the share of the name's weight held by heavier tokens (by
// weight, then position), initials left out. See NameIndex::Candidates for why.
void HeavierShares(const score::PreparedName& p, std::vector<float>* out) {
  const size_t n = p.tokens.size();
  out->assign(n, 0);
  float total = 0;
  for (float w : p.weights) total += w;
  if (total <= 0) return;
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return p.weights[a] != p.weights[b] ? p.weights[a] > p.weights[b] : a < b;
  });
  float heavier = 0;
  for (size_t j : order) {
    (*out)[j] = heavier / total;
    if (!p.tokens[j].initial()) heavier += p.weights[j];
  }
}

std::string EntryKey(const Token& t, bool join) {
  std::string k = join ? "J" : "T";
  k += t.latin_source ? 'L' : 'X';
  k += t.text;
  for (const auto& a : t.alts) k += "|" + a.text + static_cast<char>('0' + int(a.kind));
  // Two source spellings with one transliteration are two entries (score::CrossScriptSim reads
  // the letters); the skeletons follow from the letters.
  if (!t.source.empty()) k += "#" + t.source;
  // Two syllables spelt alike (정 and 종, "jong") are two entries (score::SyllableSim): their
  // syllables are their source.
  if (t.syllabic()) k += "@";
  return k;
}

// Deletion neighbourhoods are hashed, not spelled out: a polynomial hash (mod 2^64) of every
// string made by deleting up to two characters is combined in O(1) from prefix hashes, then mixed
// (MurmurHash3's finaliser, a bijection) so that its top bits spread over the bucket directory.
constexpr uint64_t kBase = 0x100000001b3ULL;

uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// Calls fn(hash) for s and every string made from it by deleting up to k (at most 2) characters;
// a string made in several ways is reported each time.
template <typename Fn>
void Deletions(std::string_view s, int k, Fn fn) {
  thread_local std::vector<uint64_t> pre, pw;
  const size_t n = s.size();
  pre.resize(n + 1);
  pw.resize(n + 1);
  pre[0] = 0;
  pw[0] = 1;
  for (size_t i = 0; i < n; ++i) {
    pre[i + 1] = pre[i] * kBase + static_cast<unsigned char>(s[i]);
    pw[i + 1] = pw[i] * kBase;
  }
  // Hash of s[a, b).
  auto h = [&](size_t a, size_t b) { return pre[b] - pre[a] * pw[b - a]; };
  fn(Mix(pre[n]));
  if (k < 1) return;
  for (size_t i = 0; i < n; ++i) {
    const uint64_t left = h(0, i);
    fn(Mix(left * pw[n - i - 1] + h(i + 1, n)));
    if (k < 2) continue;
    for (size_t j = i + 1; j < n; ++j) {
      fn(Mix(left * pw[n - i - 2] + h(i + 1, j) * pw[n - j - 1] + h(j + 1, n)));
    }
  }
}

void AddKeys(std::string_view text, int k, uint32_t id,
             std::vector<std::pair<uint64_t, uint32_t>>* keys) {
  Deletions(text, k, [&](uint64_t h) { keys->emplace_back(h, id); });
}

}  // namespace

NameIndex::KeyTable NameIndex::MakeTable(Keys* keys) {
  std::sort(keys->begin(), keys->end());
  keys->erase(std::unique(keys->begin(), keys->end()), keys->end());
  KeyTable t;
  while (t.bits < 26 && (size_t{1} << (t.bits + 1)) <= keys->size()) ++t.bits;
  t.start.assign((size_t{1} << t.bits) + 1, 0);
  t.fp.reserve(keys->size());
  t.id.reserve(keys->size());
  for (const auto& [h, id] : *keys) {
    ++t.start[(h >> (64 - t.bits)) + 1];
    t.fp.push_back(t.Fingerprint(h));
    t.id.push_back(id);
  }
  for (size_t b = 1; b < t.start.size(); ++b) t.start[b] += t.start[b - 1];
  Keys().swap(*keys);
  return t;
}

uint64_t NameIndex::MapKey(std::string_view key) {
  // Stable across processes and builds (the maps are stored): the length, then a polynomial
  // hash of the bytes, mixed.
  uint64_t h = key.size();
  for (const char c : key) h = h * kBase + static_cast<unsigned char>(c);
  return Mix(h);
}

uint64_t NameIndex::MapKey(uint64_t key) { return Mix(key ^ 0x9e3779b97f4a7c15ULL); }

template <typename Fn>
void NameIndex::Find(Map m, uint64_t key, Fn fn) const {
  const KeyTable& t = maps_[m];
  if (t.id.empty()) return;
  const uint64_t b = key >> (64 - t.bits);
  const uint32_t f = t.Fingerprint(key);
  uint32_t it = t.start[b];
  const uint32_t end = t.start[b + 1];
  while (it != end && t.fp[it] < f) ++it;
  for (; it != end && t.fp[it] == f; ++it) fn(t.id[it]);
}

void NameIndex::AddToTextMaps(uint32_t id, bool glued) {
  const Token& t = vocab_[id].token;
  const bool join = vocab_[id].join;
  if (!join && t.initial()) return;  // never searched (see Intern)
  maps_pending_[kText].emplace_back(MapKey(t.text), id);
  for (const auto& a : t.alts) maps_pending_[kAlt].emplace_back(MapKey(a.text), id);
  // A Hangul syllable token is related only through its text and spellings
  // (score::SyllableSim).
  if (t.syllabic()) return;
  if (t.group != 0) maps_pending_[kGroup].emplace_back(MapKey(t.group), id);
  // A list token with a noise word glued to it reaches the name word alone (score::GluedSim).
  if (!join && glued) {
    score::ForEachGluedRest(t.text, [&](std::string_view rest) {
      maps_pending_[kGlued].emplace_back(MapKey(rest), id);
    });
  }
}

void NameIndex::AddToSkeletonMaps(uint32_t id) {
  const Token& t = vocab_[id].token;
  if (!vocab_[id].join && t.initial()) return;  // never searched (see Intern)
  if (t.syllabic()) return;                     // score::SyllableSim: no skeleton relations
  if (t.skeleton.size() >= 3) maps_pending_[kSkeleton].emplace_back(MapKey(t.skeleton), id);
  if (score::IsCrossScriptSource(t)) {
    for (uint64_t k : t.skeletons.keys()) {
      maps_pending_[kSourceSkeleton].emplace_back(MapKey(k), id);
    }
    maps_pending_[kSource].emplace_back(MapKey(t.source), id);
  } else if (score::IsCrossScriptLatin(t)) {
    // Duplicates (two forms with one skeleton) go in MakeTable.
    score::ForEachCrossScriptForm(t, [&](std::string_view, const std::string& skeleton) {
      maps_pending_[kLatinSkeleton].emplace_back(MapKey(normalize::SkeletonKey(skeleton)), id);
    });
  }
}

uint32_t NameIndex::Intern(const Token& t, bool join,
                           std::unordered_map<std::string, uint32_t>* ids) {
  const auto [it, fresh] = ids->emplace(EntryKey(t, join), static_cast<uint32_t>(vocab_.size()));
  if (!fresh) return it->second;
  const uint32_t id = it->second;
  Entry e;
  e.token = t;
  e.join = join;
  vocab_.push_back(std::move(e));
  // Initials are held (list names refer to their tokens here) but never searched: an initial
  // alone never makes a candidate (the scorer gives 0 to a name aligned by initials only), and
  // score::AddInitialRelations relates them.
  if (!join && t.initial()) return id;
  AddToTextMaps(id, /*glued=*/true);
  AddToSkeletonMaps(id);
  if (t.syllabic()) return id;  // no edit or skeleton neighbours (score::SyllableSim)
  AddKeys(t.text, join ? score::kMaxJoinEdits : MaxEdits(t.text.size()), id, &text_pending_);
  if (t.skeleton.size() >= 4) {
    AddKeys(t.skeleton, 1, id, &skeleton_pending_);
    if (!t.latin_source) AddKeys(t.skeleton, 1, id, &nonlatin_skeleton_pending_);
  }
  return id;
}

NameIndex NameIndex::Build(const std::vector<const score::PreparedName*>& names) {
  NameIndex ix;
  ix.names_ = names.size();
  std::unordered_map<std::string, uint32_t> ids;
  ix.token_off_.push_back(0);
  ix.join_off_.push_back(0);
  std::vector<std::pair<uint32_t, float>> entries;  // of the current name, with their heavier share
  std::vector<float> heavier;                       // per token of the current name
  struct Posting {
    uint32_t entry;
    float heavier;
    uint32_t name;
  };
  std::vector<Posting> posts;
  for (uint32_t n = 0; n < names.size(); ++n) {
    const score::PreparedName& p = *names[n];
    entries.clear();
    HeavierShares(p, &heavier);
    for (size_t j = 0; j < p.tokens.size(); ++j) {
      ix.token_weight_.push_back(p.weights[j]);
      ix.token_first_.push_back(FirstCode(p.tokens[j]));
      const uint32_t id = ix.Intern(p.tokens[j], false, &ids);
      ix.token_entry_.push_back(id);
      // Initials are not posted (see Intern).
      if (!p.tokens[j].initial()) entries.emplace_back(id, heavier[j]);
    }
    for (size_t j = 0; j < p.joins.size(); ++j) {
      const uint32_t id = ix.Intern(p.joins[j], true, &ids);
      ix.join_entry_.push_back(id);
      entries.emplace_back(id, std::min(heavier[j], heavier[j + 1]));
    }
    ix.token_off_.push_back(static_cast<uint32_t>(ix.token_entry_.size()));
    ix.join_off_.push_back(static_cast<uint32_t>(ix.join_entry_.size()));
    // One posting per entry and name, with the smallest share of its occurrences.
    std::sort(entries.begin(), entries.end());
    for (size_t k = 0; k < entries.size(); ++k) {
      if (k > 0 && entries[k].first == entries[k - 1].first) continue;
      posts.push_back({entries[k].first, entries[k].second, n});
    }
  }
  // Postings by entry, then ascending heavier share (then name), so that a query's cut is a
  // prefix.
  std::sort(posts.begin(), posts.end(), [](const Posting& a, const Posting& b) {
    return std::tie(a.entry, a.heavier, a.name) < std::tie(b.entry, b.heavier, b.name);
  });
  ix.post_off_.assign(ix.vocab_.size() + 1, 0);
  ix.postings_.reserve(posts.size());
  ix.heavier_.reserve(posts.size());
  for (const Posting& p : posts) {
    ++ix.post_off_[p.entry + 1];
    ix.postings_.push_back(p.name);
    ix.heavier_.push_back(p.heavier);
  }
  for (size_t e = 1; e < ix.post_off_.size(); ++e) ix.post_off_[e] += ix.post_off_[e - 1];
  ix.text_keys_ = MakeTable(&ix.text_pending_);
  ix.skeleton_keys_ = MakeTable(&ix.skeleton_pending_);
  ix.nonlatin_skeleton_keys_ = MakeTable(&ix.nonlatin_skeleton_pending_);
  for (int m = 0; m < kMaps; ++m) ix.maps_[m] = MakeTable(&ix.maps_pending_[m]);
  return ix;
}

// The lookups of one neighbourhood are independent, so they are made in three passes over
// the hashes (directory, keys, entries) with prefetches in between: the ~240 memory accesses of
// a query overlap instead of each waiting for the one before.
template <typename Fn>
void NameIndex::ReachKeys(const KeyTable& keys, std::string_view text, int k, Fn fn) {
  if (keys.id.empty()) return;
  thread_local std::vector<uint64_t> hashes;
  thread_local std::vector<std::pair<uint32_t, uint32_t>> ranges;
  hashes.clear();
  Deletions(text, k, [&](uint64_t h) { hashes.push_back(h); });
  const int shift = 64 - keys.bits;
  for (uint64_t h : hashes) __builtin_prefetch(&keys.start[h >> shift]);
  ranges.clear();
  for (uint64_t h : hashes) {
    const uint64_t b = h >> shift;
    ranges.emplace_back(keys.start[b], keys.start[b + 1]);
    __builtin_prefetch(&keys.fp[keys.start[b]]);
  }
  for (size_t i = 0; i < hashes.size(); ++i) {
    const uint32_t f = keys.Fingerprint(hashes[i]);
    uint32_t it = ranges[i].first;
    const uint32_t end = ranges[i].second;
    while (it != end && keys.fp[it] < f) ++it;
    for (; it != end && keys.fp[it] == f; ++it) fn(keys.id[it]);
  }
}

template <typename Fn>
void NameIndex::ReachCrossScript(const Token& t, Fn fn) const {
  if (score::IsCrossScriptSource(t)) {
    for (uint64_t k : t.skeletons.keys()) Find(kLatinSkeleton, MapKey(k), fn);
  } else if (score::IsCrossScriptLatin(t)) {
    score::ForEachCrossScriptForm(t, [&](std::string_view, const std::string& skeleton) {
      Find(kSourceSkeleton, MapKey(normalize::SkeletonKey(skeleton)), fn);
    });
  }
}

template <typename Fn>
void NameIndex::Reach(const Token& t, bool query_join, Fn fn) const {
  auto each = [&](Map m, std::string_view key) { Find(m, MapKey(key), fn); };
  each(kText, t.text);
  each(kAlt, t.text);
  if (t.syllabic()) {
    // score::SyllableSim: a list token with one of t's spellings as its text (a Latin token, or
    // the same syllables spelt another way), or, for the same syllables, one whose spellings
    // hold t's text (above). A join of query syllables has spellings too.
    for (const auto& a : t.alts) {
      each(kText, a.text);
      each(kAlt, a.text);
    }
    return;
  }
  if (query_join) {
    // A join of query tokens is compared with list tokens by score::JoinSim only: same text, a
    // list token's spelling, or one edit (a join has no spellings, skeleton match or variant
    // group of its own).
    ReachKeys(text_keys_, t.text, score::kMaxJoinEdits, fn);
    ReachCrossScript(t, fn);
    return;
  }
  ReachCrossScript(t, fn);
  // Two Arabic-script words with the same letters (score::TokenSim), whatever their texts.
  if (score::IsCrossScriptSource(t)) each(kSource, t.source);
  for (const auto& a : t.alts) {
    each(kText, a.text);
    each(kAlt, a.text);
  }
  if (t.skeleton.size() >= 3) each(kSkeleton, t.skeleton);
  if (t.group != 0) Find(kGroup, MapKey(t.group), fn);
  // Glued noise words (score::GluedSim), both ways: the query token with the noise taken off,
  // and list tokens that are the query token with noise glued on.
  score::ForEachGluedRest(t.text, [&](std::string_view rest) { each(kText, rest); });
  each(kGlued, t.text);
  // Edit distance: up to MaxEdits of the query's length (the pair's allowed edits never exceed
  // it, since they follow the shorter token).
  ReachKeys(text_keys_, t.text, MaxEdits(t.text.size()), fn);
  // One skeleton edit when either side comes from a script without vowels (score::TokenSim).
  if (t.skeleton.size() < 4) return;
  if (t.latin_source) {
    ReachKeys(nonlatin_skeleton_keys_, t.skeleton, 1, fn);
  } else {
    ReachKeys(skeleton_keys_, t.skeleton, 1, fn);
  }
}

// A partner TokenSim calls exact has t's text (kText) or, in Arabic script, its letters (kSource);
// variant, t's group (kGroup);
// transliteration, either a spelling shared with t (AltSim: t's alternative is its text or one of
// its alternatives, kText and kAlt under t's alternatives, or one of its alternatives is t's
// text, kAlt under t's text) or, when one side comes from a script without vowels
// (SkeletonSim), t's skeleton (kSkeleton) or one skeleton edit from it (the skeleton keys, as
// in Reach). An initial is only ever paired as kInitial. Every entry so reached is checked with
// TokenSim itself, which makes the answer exact. Appends each partner once, sorted.
void NameIndex::StrictPartners(const Token& t, std::vector<uint32_t>* out,
                               float min_cross_bits) const {
  out->clear();
  if (t.initial()) return;
  auto check = [&](uint32_t id) {
    if (vocab_[id].join) return;
    const score::MatchHow how = TokenSim(t, vocab_[id].token).how;
    if (how == score::MatchHow::kExact || how == score::MatchHow::kVariant ||
        how == score::MatchHow::kTransliteration) {
      out->push_back(id);
    }
  };
  auto each = [&](Map m, std::string_view key) { Find(m, MapKey(key), check); };
  each(kText, t.text);
  each(kAlt, t.text);
  for (const auto& a : t.alts) {
    each(kText, a.text);
    each(kAlt, a.text);
  }
  if (t.group != 0) Find(kGroup, MapKey(t.group), check);
  if (score::IsCrossScriptSource(t)) each(kSource, t.source);  // the same letters
  // Two Latin spellings are never transliterations of each other by skeleton (TokenSim uses
  // SkeletonSim only when one side comes from a script without vowels), and every other strict
  // partner was reached above: a Latin token needs only the non-Latin entries of the skeleton maps.
  auto by_skeleton = [&](uint32_t id) {
    if (!t.latin_source || !vocab_[id].token.latin_source) check(id);
  };
  if (t.skeleton.size() >= 3) Find(kSkeleton, MapKey(t.skeleton), by_skeleton);
  if (t.skeleton.size() >= 4) {
    ReachKeys(t.latin_source ? nonlatin_skeleton_keys_ : skeleton_keys_, t.skeleton, 1, check);
  }
  if (min_cross_bits <= 0) {
    ReachCrossScript(t, check);
  } else if (const size_t letters = score::CrossScriptLetters(t.text);
             score::CrossScriptBits(score::kCrossSimMax, letters) >= min_cross_bits) {
    // An entry reached only here is strict only by CrossScriptSim, at most kCrossSimMax (every
    // other strict partner was reached above): a word too short for min_cross_bits even then
    // ("no", "sl": 6.25 bits) skips this reach, and a Latin word's entry is first judged by
    // CrossScriptSim alone, TokenSim's other comparisons (spellings, edits, glued words) only for
    // the few that carry the bits. The slack covers CrossScriptBits' float arithmetic.
    constexpr float kSlack = 0.01f;
    ReachCrossScript(t, [&](uint32_t id) {
      const Token& e = vocab_[id].token;
      if (score::IsCrossScriptLatin(t) && score::IsCrossScriptSource(e) &&
          score::CrossScriptBits(score::CrossScriptSim(e, t).sim, letters) <
              min_cross_bits - kSlack) {
        return;
      }
      check(id);
    });
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

bool NameIndex::HasStrictPartner(const Token& t) const {
  thread_local std::vector<uint32_t> partners;
  StrictPartners(t, &partners);
  return !partners.empty();
}

// Candidate names are those holding a partner of the query token whose partners are held by the
// fewest names; each is kept when it has as many tokens as the rule asks and a partner of every
// other query token among its own tokens.
bool NameIndex::MayAlignAllStrictly(const std::vector<const Token*>& q, size_t exact_below) const {
  thread_local std::vector<std::vector<uint32_t>> partners;
  thread_local std::vector<const Ids*> refs;
  if (partners.size() < q.size()) partners.resize(q.size());
  refs.clear();
  for (size_t i = 0; i < q.size(); ++i) {
    StrictPartners(*q[i], &partners[i]);
    if (partners[i].empty()) return false;  // held by no name (the answer of the loop below)
    refs.push_back(&partners[i]);
  }
  return MayAlignAllStrictly(refs, exact_below);
}

bool NameIndex::MayAlignAllStrictly(const std::vector<const Ids*>& partners,
                                    size_t exact_below) const {
  const size_t q = partners.size();
  if (q == 0) return false;
  size_t rarest = 0, rarest_names = SIZE_MAX;
  for (size_t i = 0; i < q; ++i) {
    size_t names = 0;
    for (uint32_t id : *partners[i]) names += post_off_[id + 1] - post_off_[id];
    if (names == 0) return false;
    if (names < rarest_names) rarest = i, rarest_names = names;
  }
  if (rarest_names > kMaxStrictCandidates) return true;
  auto holds = [&](uint32_t name, const Ids& ids) {
    for (uint32_t k = token_off_[name]; k < token_off_[name + 1]; ++k) {
      if (std::binary_search(ids.begin(), ids.end(), token_entry_[k])) return true;
    }
    return false;
  };
  for (uint32_t id : *partners[rarest]) {
    for (uint32_t p = post_off_[id]; p < post_off_[id + 1]; ++p) {
      const uint32_t name = postings_[p];
      const size_t tokens = token_off_[name + 1] - token_off_[name];
      if (tokens < q || (q < exact_below && tokens != q)) continue;
      bool all = true;
      for (size_t i = 0; all && i < q; ++i) all = i == rarest || holds(name, *partners[i]);
      if (all) return true;
    }
  }
  return false;
}

// Every entry related to a query token or join is found through the hash maps and deletion keys
// and checked with the scorer's own similarity; the names holding one become candidates, each
// with its relations read from its own token entries, and a candidate whose score bound
// (score::ScoreUpperBound, computed here from flat arrays) cannot reach the limit is dropped.
void NameIndex::Candidates(const score::PreparedName& q, CandidateLimit limit,
                           std::vector<Candidate>* out) const {
  thread_local std::vector<uint32_t> slot;     // name -> 1 + position in *out, 0 if absent
  thread_local std::vector<uint32_t> seen;     // entry -> visit stamp
  thread_local std::vector<uint32_t> marked;   // entry -> query stamp when related
  thread_local std::vector<uint32_t> q_bits;   // entry -> query tokens related to it
  thread_local std::vector<uint32_t> related;  // entries related to some query token
  // First letter -> query tokens starting with it, and the query initials among them.
  thread_local std::array<uint32_t, 128> q_any{}, q_initial{};
  thread_local uint32_t stamp = 0, query_stamp = 0;
  if (slot.size() < names_) slot.assign(names_, 0);
  if (seen.size() < vocab_.size()) {
    seen.assign(vocab_.size(), 0);
    marked.assign(vocab_.size(), 0);
    q_bits.assign(vocab_.size(), 0);
  }
  if (++query_stamp == 0) {
    std::fill(marked.begin(), marked.end(), 0);
    query_stamp = 1;
  }
  related.clear();
  auto visit = [&](const Token& t, uint32_t bits, bool query_join) {
    if (++stamp == 0) {
      std::fill(seen.begin(), seen.end(), 0);
      stamp = 1;
    }
    Reach(t, query_join, [&](uint32_t id) {
      if (seen[id] == stamp) return;
      seen[id] = stamp;
      const Entry& e = vocab_[id];
      if (query_join && e.join) return;  // the scorer never aligns a join with a join
      const bool rel =
          (query_join || e.join) ? score::JoinRelated(t, e.token) : score::TokenRelated(t, e.token);
      if (!rel) return;
      if (marked[id] != query_stamp) {
        marked[id] = query_stamp;
        q_bits[id] = 0;
        related.push_back(id);
      }
      q_bits[id] |= bits;
    });
  };
  bool query_initial = false;
  for (size_t i = 0; i < q.tokens.size(); ++i) {
    const uint8_t f = FirstLetter(q.tokens[i]);
    q_any[f] |= uint32_t{1} << i;
    if (q.tokens[i].initial()) {
      q_initial[f] |= uint32_t{1} << i;
      query_initial = true;
      continue;
    }
    visit(q.tokens[i], uint32_t{1} << i, false);
  }
  // Joins of adjacent query tokens, one-letter ones included (score::ScoreName aligns them).
  for (size_t i = 0; i + 1 < q.tokens.size(); ++i) visit(q.joins[i], uint32_t{3} << i, true);

  const size_t first = out->size();
  auto take = [&](uint32_t n) {
    if (slot[n] != 0) return;
    out->push_back({n, 0, 0});
    slot[n] = static_cast<uint32_t>(out->size() - first);
  };
  // A name whose bound reaches T has related tokens holding at least x = 0.35T / (1 - 0.65T) of
  // its weight (ScoreUpperBound with the least list cost, kListExtraCost): its unrelated tokens
  // hold at most 1 - x. So its heaviest related token (initials aside) has at most 1 - x of
  // the weight above it, and the name is in that token's postings up to share 1 - x (the
  // postings of a join count the heavier of its two tokens). "Muhammad" in "Muhammad Yusuf
  // Noorzai" holds far more weight above it and is skipped; the name is still found through
  // Noorzai or Yusuf if they relate. Query initials relate tokens outside the postings: no cut.
  float cut = INFINITY;
  if (limit.min_name_score > 0 && !query_initial) {
    const float t = std::min(limit.min_name_score, 1.0f);
    const float k = score::kListExtraCost;
    cut = 1.0f - k * t / (1.0f - (1.0f - k) * t) + 1e-4f;
  }
  for (uint32_t id : related) {
    const uint32_t begin = post_off_[id], end = post_off_[id + 1];
    const uint32_t stop =
        cut >= 1.0f ? end
                    : static_cast<uint32_t>(
                          std::upper_bound(heavier_.begin() + begin, heavier_.begin() + end, cut) -
                          heavier_.begin());
    for (uint32_t k = begin; k < stop; ++k) take(postings_[k]);
  }
  // Relations of each candidate from its own tokens and joins, and its score bound: candidates
  // that cannot reach the limit are dropped here.
  size_t kept = first;
  for (size_t k = first; k < out->size(); ++k) {
    Candidate c = (*out)[k];
    slot[c.name] = 0;
    const uint32_t t0 = token_off_[c.name], t1 = token_off_[c.name + 1];
    for (uint32_t j = t0; j < t1; ++j) {
      const uint32_t id = token_entry_[j];
      if (marked[id] != query_stamp) continue;  // never for initials (not searchable)
      c.q_related |= q_bits[id];
      c.l_related |= uint32_t{1} << (j - t0);
    }
    for (uint32_t j = join_off_[c.name], pos = 0; j < join_off_[c.name + 1]; ++j, ++pos) {
      const uint32_t id = join_entry_[j];
      if (marked[id] != query_stamp) continue;
      c.q_related |= q_bits[id];
      c.l_related |= uint32_t{3} << pos;
    }
    // Pairs in which one side is an initial of the other's first letter (score::TokenSim's
    // initial match; initials are not posted).
    for (uint32_t j = t0; j < t1; ++j) {
      const uint8_t f = token_first_[j];
      const uint32_t bits = (f & kInitialFlag) ? q_any[f & 0x7f] : q_initial[f];
      if (bits == 0) continue;
      c.q_related |= bits;
      c.l_related |= uint32_t{1} << (j - t0);
    }
    if (limit.min_name_score > 0 &&
        score::ScoreUpperBound(q.weights.data(), q.weights.size(), c.q_related, &token_weight_[t0],
                               t1 - t0, c.l_related) < limit.min_name_score) {
      continue;
    }
    (*out)[kept++] = c;
  }
  out->resize(kept);
  for (const Token& t : q.tokens) q_any[FirstLetter(t)] = q_initial[FirstLetter(t)] = 0;
}

const normalize::SkeletonSet* NameIndex::FindSkeletons(std::string_view symbols) const {
  // The first entry written with these letters (any other has the same skeletons).
  const KeyTable& t = maps_[kSource];
  if (t.id.empty()) return nullptr;
  const uint64_t key = MapKey(symbols);
  const uint64_t b = key >> (64 - t.bits);
  const uint32_t f = t.Fingerprint(key);
  for (uint32_t it = t.start[b]; it != t.start[b + 1] && t.fp[it] <= f; ++it) {
    const Token& e = vocab_[t.id[it]].token;
    if (t.fp[it] == f && e.source == symbols) return &e.skeletons;
  }
  return nullptr;
}

uint8_t NameIndex::FirstCode(const Token& t) {
  return FirstLetter(t) | (t.initial() ? kInitialFlag : 0);
}

void NameIndex::NameTokens(uint32_t n, score::TokenRefs* tokens, score::TokenRefs* joins,
                           std::vector<float>* weights) const {
  tokens->clear();
  joins->clear();
  weights->assign(token_weight_.begin() + token_off_[n], token_weight_.begin() + token_off_[n + 1]);
  for (uint32_t j = token_off_[n]; j < token_off_[n + 1]; ++j) {
    tokens->push_back(&vocab_[token_entry_[j]].token);
  }
  for (uint32_t j = join_off_[n]; j < join_off_[n + 1]; ++j) {
    joins->push_back(&vocab_[join_entry_[j]].token);
  }
}

}  // namespace cordon::index
